"""Fields of Customer that belong to this domain (Customer.feedback, Customer.complaints)."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from guanxi.feedback.scoping import visible_complaints, visible_feedback
from guanxi.graphql.core.connections import Connection, child_page
from guanxi.graphql.feedback.types import Complaint, Feedback


async def customer_feedback(info: Info, customer_id: int, **page: Any) -> Connection[Feedback]:
    loaders = info.context.loaders
    return await child_page(
        parent_id=customer_id,
        page_loader=loaders.feedback_page,
        count_loader=loaders.feedback_count,
        queryset=lambda: visible_feedback(info.context.principal).filter(customer_id=customer_id),
        to_node=Feedback.from_row,
        **page,
    )


async def customer_complaints(info: Info, customer_id: int, **page: Any) -> Connection[Complaint]:
    loaders = info.context.loaders
    return await child_page(
        parent_id=customer_id,
        page_loader=loaders.complaint_page,
        count_loader=loaders.complaint_count,
        queryset=lambda: visible_complaints(info.context.principal).filter(customer_id=customer_id),
        to_node=Complaint.from_row,
        order=("-created_at", "-id"),
        **page,
    )
