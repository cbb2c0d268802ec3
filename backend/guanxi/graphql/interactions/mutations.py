from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.customers import services as customer_services
from guanxi.graphql.core.errors import UserError, mutation_payload
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.inputs import input_dict
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.interactions.inputs import (
    CompleteFollowUpInput,
    LogContactInput,
    SetConsentInput,
    UpdateInteractionInput,
)
from guanxi.graphql.interactions.types import Consent, Interaction
from guanxi.graphql.permissions import requires
from guanxi.interactions import services

WRITE = [requires(Permission.INTERACTIONS_WRITE)]


@strawberry.type(description="Result of logContact.")
class LogContactPayload:
    interaction: Interaction | None = strawberry.field(
        default=None, description="The interaction (the first one, on a retry with the same key)."
    )
    customer: Customer | None = strawberry.field(
        default=None, description="The customer, with its lifecycle stage after the contact."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of updateInteraction.")
class UpdateInteractionPayload:
    interaction: Interaction | None = strawberry.field(
        default=None, description="The interaction after the change."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of completeFollowUp.")
class CompleteFollowUpPayload:
    interaction: Interaction | None = strawberry.field(
        default=None, description="The interaction, its follow-up done."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of setConsent.")
class SetConsentPayload:
    consent: Consent | None = strawberry.field(
        default=None, description="The consent now current on the channel."
    )
    customer: Customer | None = strawberry.field(default=None, description="The customer.")
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.type
class InteractionMutations:
    @strawberry.mutation(
        description="Log a contact with a customer. An OUTBOUND contact on a channel the customer opted out of "
        "is refused (CONSENT_WITHDRAWN); inbound contacts are always logged. A first inbound contact moves a "
        "PROSPECT to POTENTIAL_BUYER unless the stage is pinned. Idempotent on idempotencyKey.",
        permission_classes=WRITE,
    )
    async def log_contact(self, info: Info, input: LogContactInput) -> LogContactPayload:
        async def work() -> dict[str, Any]:
            customer_id = decode_id(input.customer_id, "Customer", "customer_id")
            interaction, _ = await services.log_contact(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=customer_id,
                data=input_dict(input, exclude=("customer_id", "idempotency_key")),
                idempotency_key=input.idempotency_key,
            )
            customer = await customer_services.get_customer(info.context.principal, interaction.customer_id)
            return {"interaction": Interaction.from_row(interaction), "customer": Customer.from_row(customer)}

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
            record = await services.set_consent(
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
