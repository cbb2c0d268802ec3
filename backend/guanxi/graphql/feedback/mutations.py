from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.customers import services as customer_services
from guanxi.feedback import complaints, services, standards
from guanxi.feedback.models import FeedbackKind
from guanxi.graphql.core.errors import mutation_payload, payload_type
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.inputs import input_dict
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.feedback.inputs import (
    AssignComplaintInput,
    ComplaintStepInput,
    FileComplaintInput,
    RateComplaintResolutionInput,
    ResolveComplaintInput,
    SubmitFeedbackInput,
    UpdateNeedStatusInput,
    UpdateServiceStandardInput,
)
from guanxi.graphql.feedback.types import Complaint, Feedback, ServiceStandard
from guanxi.graphql.permissions import requires

WRITE = [requires(Permission.FEEDBACK_WRITE)]

SubmitFeedbackPayload = payload_type(
    "SubmitFeedbackPayload",
    "Result of submitFeedback.",
    {
        "feedback": (Feedback, "The feedback (the first one, on a retry with the same key)."),
        "complaint": (Complaint, "For COMPLAINT feedback: the complaint filed."),
        "customer": (Customer, "The customer, with its lifecycle stage after the feedback."),
    },
)
ComplaintPayload = payload_type(
    "ComplaintPayload",
    "Result of a complaint mutation: the complaint after it.",
    {"complaint": (Complaint, "The complaint after the change.")},
)
UpdateNeedStatusPayload = payload_type(
    "UpdateNeedStatusPayload",
    "Result of updateNeedStatus.",
    {"feedback": (Feedback, "The need after the change.")},
)
UpdateServiceStandardPayload = payload_type(
    "UpdateServiceStandardPayload",
    "Result of updateServiceStandard.",
    {"service_standard": (ServiceStandard, "The standard now.")},
)


def _optional_id(value: strawberry.ID | None, type_name: str, path: str) -> int | None:
    return decode_id(value, type_name, path) if value else None


async def _submit(info: Info, input: Any, kind: FeedbackKind, exclude: tuple[str, ...]) -> dict[str, Any]:
    principal = info.context.principal
    data = input_dict(
        input,
        exclude=("customer_id", "idempotency_key", "interaction_id", "purchase_id", "assignee_id", *exclude),
    )
    data["kind"] = kind
    data["interaction_id"] = _optional_id(input.interaction_id, "Interaction", "interaction_id")
    data["purchase_id"] = _optional_id(input.purchase_id, "Purchase", "purchase_id")
    data["assignee_id"] = _optional_id(input.assignee_id, "User", "assignee_id")
    feedback, _ = await services.submit_feedback(
        principal=principal,
        customer_id=decode_id(input.customer_id, "Customer", "customer_id"),
        data=data,
        idempotency_key=input.idempotency_key,
        request=info.context.request_info,
    )
    complaint = (
        await info.context.loaders.complaint_of_feedback.load(feedback.pk)
        if kind == FeedbackKind.COMPLAINT
        else None
    )
    customer = await customer_services.get_customer(principal, feedback.customer_id)
    return {
        "feedback": Feedback.from_row(feedback),
        "complaint": Complaint.from_row(complaint) if complaint is not None else None,
        "customer": Customer.from_row(customer),
    }


def _step(action: str) -> Callable[[Info, Any], Awaitable[Any]]:
    async def run(info: Info, input: Any) -> Any:
        async def work() -> dict[str, Any]:
            complaint = await complaints.transition(
                principal=info.context.principal,
                complaint_id=decode_id(input.id, "Complaint", "id"),
                action=action,
                note=input.note,
                resolution=getattr(input, "resolution", None),
                goodwill_points=getattr(input, "goodwill_points", None),
                request=info.context.request_info,
            )
            return {"complaint": Complaint.from_row(complaint)}

        return await mutation_payload(ComplaintPayload, work)

    return run


@strawberry.type
class FeedbackMutations:
    @strawberry.mutation(
        description="Record feedback: a survey answer (NPS 0-10, CSAT 1-5, CES 1-7), a complaint (files a "
        "Complaint), a suggestion, praise or a request (a need, IDENTIFIED). Sentiment is computed from the "
        "text. An NPS promoter (9-10) who is LOYAL becomes ADVOCATE unless the stage is pinned. Idempotent on "
        "idempotencyKey.",
        permission_classes=WRITE,
    )
    async def submit_feedback(self, info: Info, input: SubmitFeedbackInput) -> SubmitFeedbackPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            return await _submit(info, input, FeedbackKind(input.kind), exclude=("kind",))

        return await mutation_payload(SubmitFeedbackPayload, work)

    @strawberry.mutation(
        description="File a complaint: status NEW, deadlines from the service standard of its severity.",
        permission_classes=WRITE,
    )
    async def file_complaint(self, info: Info, input: FileComplaintInput) -> ComplaintPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            result = await _submit(info, input, FeedbackKind.COMPLAINT, exclude=())
            return {"complaint": result["complaint"]}

        return await mutation_payload(ComplaintPayload, work)

    @strawberry.mutation(description="NEW → ACKNOWLEDGED: the first response.", permission_classes=WRITE)
    async def acknowledge_complaint(self, info: Info, input: ComplaintStepInput) -> ComplaintPayload:  # type: ignore[valid-type]
        return await _step("acknowledge")(info, input)

    @strawberry.mutation(description="ACKNOWLEDGED or REOPENED → IN_PROGRESS.", permission_classes=WRITE)
    async def start_complaint_work(self, info: Info, input: ComplaintStepInput) -> ComplaintPayload:  # type: ignore[valid-type]
        return await _step("start_work")(info, input)

    @strawberry.mutation(
        description="IN_PROGRESS → RESOLVED, saying how. `goodwillPoints` credits the customer's loyalty account "
        "in the same step (needs loyalty:write; once per complaint).",
        permission_classes=WRITE,
    )
    async def resolve_complaint(self, info: Info, input: ResolveComplaintInput) -> ComplaintPayload:  # type: ignore[valid-type]
        return await _step("resolve")(info, input)

    @strawberry.mutation(description="RESOLVED → CLOSED.", permission_classes=WRITE)
    async def close_complaint(self, info: Info, input: ComplaintStepInput) -> ComplaintPayload:  # type: ignore[valid-type]
        return await _step("close")(info, input)

    @strawberry.mutation(
        description="RESOLVED → REOPENED: the customer is not satisfied.", permission_classes=WRITE
    )
    async def reopen_complaint(self, info: Info, input: ComplaintStepInput) -> ComplaintPayload:  # type: ignore[valid-type]
        return await _step("reopen")(info, input)

    @strawberry.mutation(
        description="Give a complaint to a staff member, or unassign it.", permission_classes=WRITE
    )
    async def assign_complaint(self, info: Info, input: AssignComplaintInput) -> ComplaintPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            complaint = await complaints.assign(
                principal=info.context.principal,
                complaint_id=decode_id(input.id, "Complaint", "id"),
                assignee_id=_optional_id(input.assignee_id, "User", "assignee_id"),
                note=input.note,
                request=info.context.request_info,
            )
            return {"complaint": Complaint.from_row(complaint)}

        return await mutation_payload(ComplaintPayload, work)

    @strawberry.mutation(
        description="Record the customer's rating (1-5) of a resolved or closed complaint's resolution.",
        permission_classes=WRITE,
    )
    async def rate_complaint_resolution(
        self, info: Info, input: RateComplaintResolutionInput
    ) -> ComplaintPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            complaint = await complaints.rate_resolution(
                principal=info.context.principal,
                complaint_id=decode_id(input.id, "Complaint", "id"),
                score=input.score,
                note=input.note,
                request=info.context.request_info,
            )
            return {"complaint": Complaint.from_row(complaint)}

        return await mutation_payload(ComplaintPayload, work)

    @strawberry.mutation(
        description="Move a need forward (IDENTIFIED → ANALYZING → PLANNED → FULFILLED, or DECLINED) or change "
        "its priority.",
        permission_classes=WRITE,
    )
    async def update_need_status(self, info: Info, input: UpdateNeedStatusInput) -> UpdateNeedStatusPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            feedback = await services.update_need_status(
                principal=info.context.principal,
                feedback_id=decode_id(input.id, "Feedback", "id"),
                status=input.status,
                priority=input.priority,
                request=info.context.request_info,
            )
            return {"feedback": Feedback.from_row(feedback)}

        return await mutation_payload(UpdateNeedStatusPayload, work)

    @strawberry.mutation(
        description="Change the service standard of one severity (ADMIN).",
        permission_classes=[requires(Permission.SERVICE_STANDARDS_MANAGE)],
    )
    async def update_service_standard(
        self, info: Info, input: UpdateServiceStandardInput
    ) -> UpdateServiceStandardPayload:  # type: ignore[valid-type]
        async def work() -> dict[str, Any]:
            row = await standards.update_standard(
                principal=info.context.principal,
                severity=input.severity,
                first_response_minutes=input.first_response_minutes,
                resolution_minutes=input.resolution_minutes,
                request=info.context.request_info,
            )
            return {"service_standard": ServiceStandard.from_row(row)}

        return await mutation_payload(UpdateServiceStandardPayload, work)
