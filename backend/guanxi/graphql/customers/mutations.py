from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.customers import privacy, services
from guanxi.graphql.core.errors import UserError, mutation_payload, payload_type
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.inputs import input_dict
from guanxi.graphql.customers.inputs import (
    ArchiveCustomerInput,
    CreateCustomerInput,
    EraseCustomerInput,
    PinLifecycleStageInput,
    RecordPurchaseInput,
    RefundPurchaseInput,
    RestoreCustomerInput,
    UpdateCustomerInput,
)
from guanxi.graphql.customers.types import Customer, Purchase
from guanxi.graphql.permissions import requires


def _customer_payload(name: str, description: str) -> type:
    return payload_type(name, description, {"customer": (Customer, "The customer after the change.")})


CreateCustomerPayload = _customer_payload("CreateCustomerPayload", "Result of createCustomer.")
UpdateCustomerPayload = _customer_payload("UpdateCustomerPayload", "Result of updateCustomer.")
ArchiveCustomerPayload = _customer_payload("ArchiveCustomerPayload", "Result of archiveCustomer.")
RestoreCustomerPayload = _customer_payload("RestoreCustomerPayload", "Result of restoreCustomer.")
PinLifecycleStagePayload = _customer_payload("PinLifecycleStagePayload", "Result of pinLifecycleStage.")
EraseCustomerPayload = _customer_payload("EraseCustomerPayload", "Result of eraseCustomer.")


@strawberry.type(description="Result of recordPurchase.")
class RecordPurchasePayload:
    purchase: Purchase | None = strawberry.field(
        default=None, description="The purchase (the first one, on a retry)."
    )
    customer: Customer | None = strawberry.field(
        default=None, description="The buyer, with its updated lifecycle stage."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of refundPurchase.")
class RefundPurchasePayload:
    purchase: Purchase | None = strawberry.field(default=None, description="The refunded purchase.")
    customer: Customer | None = strawberry.field(
        default=None, description="The buyer, with its updated lifecycle stage."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


def _owner(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("owner_id") is not None:
        data["owner_id"] = decode_id(data["owner_id"], "User", "owner_id")
    return data


WRITE = [requires(Permission.CUSTOMERS_WRITE)]


@strawberry.type
class CustomerMutations:
    @strawberry.mutation(description="Create a customer.", permission_classes=WRITE)
    async def create_customer(self, info: Info, input: CreateCustomerInput) -> CreateCustomerPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            data = _owner(input_dict(input, exclude=("idempotency_key",)))
            customer, _ = await services.create_customer(
                request=info.context.request_info,
                principal=info.context.principal,
                data=data,
                idempotency_key=input.idempotency_key,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(CreateCustomerPayload, work)

    @strawberry.mutation(description="Change a customer's fields.", permission_classes=WRITE)
    async def update_customer(self, info: Info, input: UpdateCustomerInput) -> UpdateCustomerPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            customer_id = decode_id(input.id, "Customer", "id")
            data = _owner(input_dict(input, exclude=("id",)))
            customer = await services.update_customer(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=customer_id,
                data=data,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(UpdateCustomerPayload, work)

    @strawberry.mutation(
        description="Archive (soft-delete) a customer: hidden from lists by default, kept with its history.",
        permission_classes=WRITE,
    )
    async def archive_customer(self, info: Info, input: ArchiveCustomerInput) -> ArchiveCustomerPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            customer = await services.set_archived(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=decode_id(input.id, "Customer", "id"),
                archived=True,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(ArchiveCustomerPayload, work)

    @strawberry.mutation(description="Restore an archived customer.", permission_classes=WRITE)
    async def restore_customer(self, info: Info, input: RestoreCustomerInput) -> RestoreCustomerPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            customer = await services.set_archived(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=decode_id(input.id, "Customer", "id"),
                archived=False,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(RestoreCustomerPayload, work)

    @strawberry.mutation(
        description="Pin a lifecycle stage so it is no longer derived, or unpin it (stage: null).",
        permission_classes=WRITE,
    )
    async def pin_lifecycle_stage(
        self, info: Info, input: PinLifecycleStageInput
    ) -> PinLifecycleStagePayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            customer = await services.pin_lifecycle_stage(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=decode_id(input.customer_id, "Customer", "customer_id"),
                stage=input.stage,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(PinLifecycleStagePayload, work)

    @strawberry.mutation(
        description="Record a purchase. Idempotent on (source, externalOrderId) and on idempotencyKey.",
        permission_classes=[requires(Permission.PURCHASES_WRITE)],
    )
    async def record_purchase(self, info: Info, input: RecordPurchaseInput) -> RecordPurchasePayload:
        async def work() -> dict[str, Any]:
            customer_id = decode_id(input.customer_id, "Customer", "customer_id")
            purchase, _ = await services.record_purchase(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=customer_id,
                data=input_dict(input, exclude=("customer_id", "idempotency_key")),
                idempotency_key=input.idempotency_key,
            )
            customer = await services.get_customer(info.context.principal, purchase.customer_id)
            return {"purchase": Purchase.from_row(purchase), "customer": Customer.from_row(customer)}

        return await mutation_payload(RecordPurchasePayload, work)

    @strawberry.mutation(
        description="Mark a purchase refunded; the lifecycle stage is derived again.",
        permission_classes=[requires(Permission.PURCHASES_WRITE)],
    )
    async def refund_purchase(self, info: Info, input: RefundPurchaseInput) -> RefundPurchasePayload:
        async def work() -> dict[str, Any]:
            purchase = await services.refund_purchase(
                request=info.context.request_info,
                principal=info.context.principal,
                purchase_id=decode_id(input.id, "Purchase", "id"),
                reason=input.reason,
            )
            customer = await services.get_customer(info.context.principal, purchase.customer_id)
            return {"purchase": Purchase.from_row(purchase), "customer": Customer.from_row(customer)}

        return await mutation_payload(RefundPurchasePayload, work)

    @strawberry.mutation(
        description="Erase a customer's personal data everywhere, on their request (GDPR/PIPL). Purchases and "
        "aggregates stay; the customer is archived; their phones and emails cannot be imported again unless an "
        "ADMIN overrides it.",
        permission_classes=[requires(Permission.CUSTOMERS_ERASE)],
    )
    async def erase_customer(self, info: Info, input: EraseCustomerInput) -> EraseCustomerPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            customer = await privacy.erase_customer(
                request=info.context.request_info,
                principal=info.context.principal,
                customer_id=decode_id(input.id, "Customer", "id"),
                reason=input.reason,
            )
            return {"customer": Customer.from_row(customer)}

        return await mutation_payload(EraseCustomerPayload, work)
