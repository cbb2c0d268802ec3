"""All per-request DataLoaders, created lazily: one instance per request and principal.

Loaders scope rows by the principal's reach only (`customers.scoping.reach_of`), never by its other
rights (fields check those, and mask): the subscribers of a live feed with the same reach share one
instance per event (graphql/core/fanout.py).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.graphql.accounts import dataloaders as accounts
from guanxi.graphql.customers import dataloaders as customers
from guanxi.graphql.feedback import dataloaders as feedback
from guanxi.graphql.interactions import dataloaders as interactions
from guanxi.graphql.loyalty import dataloaders as loyalty
from guanxi.graphql.segments import dataloaders as segments


class Loaders:
    def __init__(self, principal: Principal | None) -> None:
        self.principal = principal

    @cached_property
    def user(self) -> DataLoader[int, Any]:
        return accounts.user_loader()

    @cached_property
    def customer(self) -> DataLoader[int, Any]:
        return customers.customer_loader(self._principal)

    @cached_property
    def purchase(self) -> DataLoader[int, Any]:
        return customers.purchase_loader(self._principal)

    @cached_property
    def contact_points(self) -> DataLoader[int, list[Any]]:
        return customers.contact_points_loader()

    @cached_property
    def tags(self) -> DataLoader[int, list[str]]:
        return customers.tags_loader()

    @cached_property
    def purchase_page(self) -> DataLoader[tuple[int, int, int], list[Any]]:
        return customers.purchase_page_loader()

    @cached_property
    def purchase_count(self) -> DataLoader[int, int]:
        return customers.purchase_count_loader()

    @cached_property
    def interaction(self) -> DataLoader[int, Any]:
        return interactions.interaction_loader(self._principal)

    @cached_property
    def interaction_page(self) -> DataLoader[tuple[int, int, int], list[Any]]:
        return interactions.interaction_page_loader()

    @cached_property
    def interaction_count(self) -> DataLoader[int, int]:
        return interactions.interaction_count_loader()

    @cached_property
    def consents(self) -> DataLoader[int, dict[Any, Any]]:
        return interactions.consents_loader()

    @cached_property
    def contact_budget(self) -> DataLoader[int, Any]:
        return interactions.contact_budget_loader()

    @cached_property
    def contact_state(self) -> DataLoader[int, Any]:
        return interactions.contact_state_loader()

    @cached_property
    def feedback(self) -> DataLoader[int, Any]:
        return feedback.feedback_loader(self._principal)

    @cached_property
    def complaint(self) -> DataLoader[int, Any]:
        return feedback.complaint_loader(self._principal)

    @cached_property
    def complaint_of_feedback(self) -> DataLoader[int, Any]:
        return feedback.complaint_of_feedback_loader(self._principal)

    @cached_property
    def complaint_events(self) -> DataLoader[int, list[Any]]:
        return feedback.complaint_events_loader()

    @cached_property
    def feedback_page(self) -> DataLoader[tuple[int, int, int], list[Any]]:
        return feedback.feedback_page_loader()

    @cached_property
    def feedback_count(self) -> DataLoader[int, int]:
        return feedback.feedback_count_loader()

    @cached_property
    def complaint_page(self) -> DataLoader[tuple[int, int, int], list[Any]]:
        return feedback.complaint_page_loader()

    @cached_property
    def complaint_count(self) -> DataLoader[int, int]:
        return feedback.complaint_count_loader()

    @cached_property
    def loyalty_account_of_customer(self) -> DataLoader[int, Any]:
        return loyalty.account_of_customer_loader(self._principal)

    @cached_property
    def points_earned_12m(self) -> DataLoader[int, int]:
        return loyalty.points_earned_12m_loader()

    @cached_property
    def segment_member_count(self) -> DataLoader[int, int]:
        return segments.member_count_loader(self._principal)

    @cached_property
    def customer_segments(self) -> DataLoader[int, list[Any]]:
        return segments.customer_segments_loader()

    @cached_property
    def effective_strategy(self) -> DataLoader[int, Any]:
        return segments.effective_strategy_loader()

    @property
    def _principal(self) -> Principal:
        assert self.principal is not None, "loaders of scoped rows need a signed-in principal"
        return self.principal
