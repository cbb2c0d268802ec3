"""Batched loads behind Feedback, Complaint and Customer.feedback/complaints. Rows pass through the domain's scoping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.feedback.models import Complaint, ComplaintEvent, Feedback
from guanxi.feedback.scoping import visible_complaints, visible_feedback
from guanxi.graphql.core.dataloaders import by_id, counts_by, grouped, windowed_pages


def feedback_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_feedback(principal))


def complaint_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_complaints(principal))


def complaint_of_feedback_loader(principal: Principal) -> DataLoader[int, Any]:
    """Key feedback id: its complaint (None when it has none or it is out of reach)."""

    async def load(keys: Sequence[int]) -> list[Any]:
        rows = {
            r.feedback_id: r for r in await visible_complaints(principal).filter(feedback_id__in=list(keys))
        }  # type: ignore[attr-defined]
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def complaint_events_loader() -> DataLoader[int, list[Any]]:
    """Key complaint id: its history, oldest first. Callers pass only complaints the principal may see."""

    async def fetch(ids: list[int]) -> Sequence[Any]:
        return await ComplaintEvent.filter(complaint_id__in=ids).order_by("complaint_id", "id")

    return grouped(fetch, key=lambda r: r.complaint_id)


def feedback_page_loader() -> DataLoader[tuple[int, int, int], list[Any]]:
    return windowed_pages(Feedback, "customer_id")


def feedback_count_loader() -> DataLoader[int, int]:
    return counts_by(Feedback, "customer_id")


def complaint_page_loader() -> DataLoader[tuple[int, int, int], list[Any]]:
    return windowed_pages(Complaint, "customer_id", order="created_at")


def complaint_count_loader() -> DataLoader[int, int]:
    return counts_by(Complaint, "customer_id")
