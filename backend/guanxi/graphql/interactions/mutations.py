from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.customers import services as customer_services
from guanxi.graphql.core.errors import (
    MutationWarning,
    UserError,
    mutation_payload,
    payload_type,
    to_user_warnings,
)
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.inputs import input_dict
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.interactions.inputs import (
    CompleteFollowUpInput,
    LogContactInput,
    SetConsentInput,
    SetPreferredChannelInput,
    UpdateContactPolicyInput,
    UpdateInteractionInput,
)
from guanxi.graphql.interactions.policy import ContactPolicy
from guanxi.graphql.interactions.types import Consent, Interaction
from guanxi.graphql.permissions import requires
from guanxi.interactions import consent, policy, services

WRITE = [requires(Permission.INTERACTIONS_WRITE)]


@strawberry.type(description="Result of logContact.")
class LogContactPayload:
    interaction: Interaction | None = strawberry.field(
        default=None, description="The interaction (the first one, on a retry with the same key)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )
    warnings: list[MutationWarning] = strawberry.field(
        default_factory=list,
        description="Saved, but worth knowing: FREQUENCY_CAP_EXCEEDED when the contact went past the cap "
        "in WARN mode.",
    )
    customer_id: strawberry.Private[int | None] = None

    @strawberry.field(
        description="The customer, with its lifecycle stage and contact budget after the contact."
    )
    async def customer(self, info: Info) -> Customer | None:
        if self.customer_id is None:
            return None
        row: Any = await info.context.loaders.customer.load(self.customer_id)  # read only when asked for
        return Customer.from_row(row) if row is not None else None


UpdateInteractionPayload = payload_type(
    "UpdateInteractionPayload",
    "Result of updateInteraction.",
    {"interaction": (Interaction, "The interaction after the change.")},
)
CompleteFollowUpPayload = payload_type(
    "CompleteFollowUpPayload",
    "Result of completeFollowUp.",
    {"interaction": (Interaction, "The interaction, its follow-up done.")},
)
SetConsentPayload = payload_type(
    "SetConsentPayload",
    "Result of setConsent.",
    {
        "consent": (Consent, "The consent now current on the channel."),
        "customer": (Customer, "The customer."),
    },
)
UpdateContactPolicyPayload = payload_type(
    "UpdateContactPolicyPayload",
    "Result of updateContactPolicy.",
    {"contact_policy": (ContactPolicy, "The policy now.")},
)
SetPreferredChannelPayload = payload_type(
    "SetPreferredChannelPayload", "Result of setPreferredChannel.", {"customer": (Customer, "The customer.")}
)


@strawberry.type
class InteractionMutations:
    @strawberry.mutation(
        description="Log a contact with a customer. An OUTBOUND contact on a channel the customer opted out of "
        "is refused (CONSENT_WITHDRAWN); inbound contacts are always logged. Past the contact-frequency cap "
        "an outbound contact is logged with a FREQUENCY_CAP_EXCEEDED warning (WARN) or refused with that "
        "userError (BLOCK, unless a MANAGER or ADMIN overrides). A first inbound contact moves a PROSPECT to "
        "POTENTIAL_BUYER unless the stage is pinned. Idempotent on idempotencyKey.",
        permission_classes=WRITE,
    )
    async def log_contact(self, info: Info, input: LogContactInput) -> LogContactPayload:
        async def work() -> dict[str, Any]:
            customer_id = decode_id(input.customer_id, "Customer", "customer_id")
            interaction, _ = await services.log_contact(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=customer_id,
                data=input_dict(input, exclude=("customer_id", "idempotency_key", "override")),
                override=input.override,
                idempotency_key=input.idempotency_key,
            )
            return {
                "interaction": Interaction.from_row(interaction),
                "customer_id": interaction.customer_id,
                "warnings": to_user_warnings(services.warnings_for(interaction)),
            }

        return await mutation_payload(LogContactPayload, work)

    @strawberry.mutation(description="Change a logged contact.", permission_classes=WRITE)
    async def update_interaction(self, info: Info, input: UpdateInteractionInput) -> UpdateInteractionPayload:
        async def work() -> dict[str, Any]:
            interaction = await services.update_interaction(
                request=info.context.request_info,
                principal=info.context.principal,
                interaction_id=decode_id(input.id, "Interaction", "id"),
                data=input_dict(input, exclude=("id",)),
            )
            return {"interaction": Interaction.from_row(interaction)}

        return await mutation_payload(UpdateInteractionPayload, work)

    @strawberry.mutation(
        description="Mark the follow-up of an interaction done. Repeating it is harmless.",
        permission_classes=WRITE,
    )
    async def complete_follow_up(self, info: Info, input: CompleteFollowUpInput) -> CompleteFollowUpPayload:
        async def work() -> dict[str, Any]:
            interaction = await services.complete_follow_up(
                request=info.context.request_info,
                principal=info.context.principal,
                interaction_id=decode_id(input.id, "Interaction", "id"),
            )
            return {"interaction": Interaction.from_row(interaction)}

        return await mutation_payload(CompleteFollowUpPayload, work)

    @strawberry.mutation(
        description="Record a customer's consent on a channel. The history keeps every change.",
        permission_classes=WRITE,
    )
    async def set_consent(self, info: Info, input: SetConsentInput) -> SetConsentPayload:
        async def work() -> dict[str, Any]:
            record = await consent.set_consent(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=decode_id(input.customer_id, "Customer", "customer_id"),
                channel=input.channel,
                status=input.status,
                source=input.source,
                note=input.note,
            )
            customer = await customer_services.get_customer(info.context.principal, record.customer_id)
            return {"consent": Consent.from_row(record), "customer": Customer.from_row(customer)}

        return await mutation_payload(SetConsentPayload, work)

    @strawberry.mutation(
        description="Change the contact-frequency policy (ADMIN).",
        permission_classes=[requires(Permission.CONTACT_POLICY_MANAGE)],
    )
    async def update_contact_policy(
        self, info: Info, input: UpdateContactPolicyInput
    ) -> UpdateContactPolicyPayload:
        async def work() -> dict[str, Any]:
            row = await policy.update_policy(
                principal=info.context.principal,
                max_contacts=input.max_contacts,
                window_days=input.window_days,
                mode=input.mode,
                request=info.context.request_info,
            )
            return {"contact_policy": ContactPolicy.from_row(row)}

        return await mutation_payload(UpdateContactPolicyPayload, work)

    @strawberry.mutation(
        description="Set or clear the channel a customer prefers. An opted-out channel is refused "
        "(CONSENT_WITHDRAWN).",
        permission_classes=WRITE,
    )
    async def set_preferred_channel(
        self, info: Info, input: SetPreferredChannelInput
    ) -> SetPreferredChannelPayload:
        async def work() -> dict[str, Any]:
            customer_id = decode_id(input.customer_id, "Customer", "customer_id")
            await consent.set_preferred_channel(
                principal=info.context.principal,
                customer_id=customer_id,
                channel=input.channel,
                request=info.context.request_info,
            )
            customer = await customer_services.get_customer(info.context.principal, customer_id)
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(SetPreferredChannelPayload, work)
