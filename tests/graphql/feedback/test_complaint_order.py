"""complaints(orderBy: ...): each order paginated in SQL, ties broken by id, pages that never overlap."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from guanxi.core import clock
from guanxi.feedback import complaints, services
from guanxi.feedback.models import Complaint
from tests.worlds import World, world  # noqa: F401 - fixture

ORDERED = """query($orderBy: ComplaintOrder!, $first: Int, $after: String, $last: Int, $before: String,
  $filter: ComplaintFilter) {
  complaints(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { subject } } } }"""

H = timedelta(hours=1)
# subject: (severity, status, resolution due, first response due), filed in this order
COMPLAINTS = {
    "a": ("CRITICAL", "NEW", 5 * H, 1 * H),
    "b": ("LOW", "IN_PROGRESS", 1 * H, H / 2),
    "c": ("HIGH", "RESOLVED", -2 * H, -3 * H),
    "d": ("MEDIUM", "NEW", 1 * H, 2 * H),  # resolution due with b: b was filed first, so its id is lower
    "e": ("HIGH", "ACKNOWLEDGED", -1 * H, -H / 2),
    "f": ("CRITICAL", "CLOSED", 3 * H, 4 * H),
}
EXPECTED = {
    "NEWEST": "fedcba",
    "OLDEST": "abcdef",
    "RESOLUTION_DUE": "ebdacf",  # open ones (most overdue first), then the resolved and closed
    "FIRST_RESPONSE_DUE": "adcebf",  # the NEW ones, then the others
    "SEVERITY": "faecdb",  # CRITICAL, HIGH, MEDIUM, LOW; newest first within each
}


@pytest.fixture
async def filed(world: World) -> World:
    admin = world.by_role["ADMIN"].principal
    now, start = clock.now(), clock.now() - timedelta(days=1)
    for n, (subject, (severity, status, resolution_in, response_in)) in enumerate(COMPLAINTS.items()):
        feedback, _ = await services.submit_feedback(
            principal=admin,
            customer_id=world.own.pk,
            data={"kind": "COMPLAINT", "text": subject, "subject": subject, "severity": severity},
        )
        complaint = await feedback.complaint
        for action, _ in complaints.PATH_TO[status]:
            await complaints.transition(
                principal=admin, complaint_id=complaint.pk, action=action, resolution="done"
            )
        await Complaint.filter(id=complaint.pk).update(
            created_at=start + n * timedelta(minutes=1),
            resolution_due_at=now + resolution_in,
            first_response_due_at=now + response_in,
        )
    return world


async def _walk(gql, who, order: str, page: int, **variables: Any) -> tuple[str, set[int]]:
    """Every page forwards, `page` at a time: the subjects in order, and the totalCounts seen."""
    subjects, totals, after = "", set(), None
    while True:
        data = await gql.data(
            ORDERED, {"orderBy": order, "first": page, "after": after, **variables}, as_=who
        )
        connection = data["complaints"]
        subjects += "".join(e["node"]["subject"] for e in connection["edges"])
        totals.add(connection["totalCount"])
        if not connection["pageInfo"]["hasNextPage"]:
            return subjects, totals
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize("order", list(EXPECTED))
async def test_each_order_pages_through_every_complaint_once(gql, filed: World, order: str):
    admin = filed.by_role["ADMIN"]
    for page in (1, 2, 4, 100):
        assert await _walk(gql, admin, order, page) == (EXPECTED[order], {6})


async def test_the_last_page_backwards_and_a_page_before_a_cursor(gql, filed: World):
    admin = filed.by_role["ADMIN"]
    tail = (await gql.data(ORDERED, {"orderBy": "RESOLUTION_DUE", "last": 2}, as_=admin))["complaints"]
    assert [e["node"]["subject"] for e in tail["edges"]] == ["c", "f"]
    assert tail["pageInfo"]["hasPreviousPage"] is True and tail["pageInfo"]["hasNextPage"] is False
    before = tail["pageInfo"]["startCursor"]
    earlier = await gql.data(ORDERED, {"orderBy": "RESOLUTION_DUE", "last": 3, "before": before}, as_=admin)
    assert [e["node"]["subject"] for e in earlier["complaints"]["edges"]] == ["b", "d", "a"]


async def test_a_board_column_is_ordered_by_its_deadline(gql, filed: World):
    admin = filed.by_role["ADMIN"]
    assert await _walk(gql, admin, "RESOLUTION_DUE", 1, filter={"statuses": ["NEW"]}) == ("da", {2})
    assert await _walk(gql, admin, "FIRST_RESPONSE_DUE", 1, filter={"statuses": ["RESOLVED", "CLOSED"]}) == (
        "cf",
        {2},
    )
    # statuses on both sides of the deadline: still open (or NEW) ones first
    mixed = {"statuses": ["CLOSED", "IN_PROGRESS", "NEW"]}
    assert await _walk(gql, admin, "RESOLUTION_DUE", 2, filter=mixed) == ("bdaf", {4})
    assert await _walk(gql, admin, "FIRST_RESPONSE_DUE", 2, filter=mixed) == ("adbf", {4})


async def test_an_agent_pages_through_only_the_complaints_in_reach(gql, filed: World):
    await services.submit_feedback(
        principal=filed.by_role["ADMIN"].principal,
        customer_id=filed.north.pk,
        data={"kind": "COMPLAINT", "text": "north", "subject": "x", "severity": "CRITICAL"},
    )
    assert await _walk(gql, filed.by_role["AGENT"], "SEVERITY", 4) == ("faecdb", {6})
    assert (await _walk(gql, filed.by_role["ADMIN"], "SEVERITY", 4))[0] == "xfaecdb"


async def test_an_unknown_order_is_refused(gql, filed: World):
    body = await gql(ORDERED, {"orderBy": "URGENT"}, as_=filed.by_role["ADMIN"])
    assert "errors" in body and body.get("data") is None
