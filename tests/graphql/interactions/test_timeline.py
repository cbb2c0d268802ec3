"""Customer.timeline: interactions and purchases merged newest first, paged by keyset in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from guanxi.accounts.apikeys import create_api_key
from guanxi.customers import services as customer_services
from guanxi.graphql.core.ids import to_global_id
from guanxi.interactions import services
from tests.conftest import Staff
from tests.worlds import World, world  # noqa: F401 - fixture

TIMELINE = """query($id: ID!, $first: Int, $after: String, $kinds: [TimelineKind!]) {
  customer(id: $id) { timeline(first: $first, after: $after, kinds: $kinds) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor kind occurredAt node { __typename
      ... on Interaction { id subject } ... on Purchase { id amount } } } } } }"""
BASE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


async def _history(admin: Staff):
    """A customer with interactions and purchases, several at the very same instant."""
    customer, _ = await customer_services.create_customer(principal=admin.principal, data={"name": "王芳"})
    expected = []  # (kind, label, occurred_at)
    for i, hours in enumerate([0, 1, 1, 1, 5, 7, 7, 30]):
        at = BASE + timedelta(hours=hours)
        interaction, _ = await services.log_contact(
            principal=admin.principal,
            customer_id=customer.pk,
            data={"channel": "PHONE", "direction": "INBOUND", "subject": f"call {i}", "occurred_at": at},
        )
        expected.append(("INTERACTION", f"call {i}", at, interaction.pk))
    for j, hours in enumerate([1, 1, 3, 7, 40]):
        at = BASE + timedelta(hours=hours)
        purchase, _ = await customer_services.record_purchase(
            principal=admin.principal,
            customer_id=customer.pk,
            data={"amount": Decimal(100 + j), "currency": "CNY", "occurred_at": at},
        )
        expected.append(("PURCHASE", f"{100 + j}.00", at, purchase.pk))
    # Newest first; at the same instant interactions before purchases, then newest id first.
    expected.sort(key=lambda e: (e[2], e[0] == "INTERACTION", e[3]), reverse=True)
    return customer, [(kind, label) for kind, label, _, _ in expected]


def _label(edge: dict) -> tuple[str, str]:
    node = edge["node"]
    return edge["kind"], node["subject"] if node["__typename"] == "Interaction" else node["amount"]


async def _walk(gql, who, customer_id: str, first: int, kinds=None) -> tuple[list, int]:
    seen, after, pages = [], None, 0
    while True:
        data = await gql.data(
            TIMELINE, {"id": customer_id, "first": first, "after": after, "kinds": kinds}, as_=who
        )
        timeline = data["customer"]["timeline"]
        seen += [_label(e) for e in timeline["edges"]]
        pages += 1
        assert timeline["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not timeline["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = timeline["pageInfo"]["endCursor"]


async def test_pages_of_any_size_walk_the_whole_history_in_order(gql, admin):
    customer, expected = await _history(admin)
    gid = to_global_id("Customer", customer.pk)
    for first in (1, 2, 3, 5, 13, 50):
        seen, pages = await _walk(gql, admin, gid, first)
        assert seen == expected, first
        assert pages == max(1, -(-len(expected) // first)), first
    data = await gql.data(TIMELINE, {"id": gid, "first": 3}, as_=admin)
    assert data["customer"]["timeline"]["totalCount"] == 13
    assert [e["node"]["__typename"] for e in data["customer"]["timeline"]["edges"]] == ["Purchase"] * 1 + [
        "Interaction"
    ] * 2


async def test_kinds_narrow_the_timeline(gql, admin):
    customer, expected = await _history(admin)
    gid = to_global_id("Customer", customer.pk)
    seen, _ = await _walk(gql, admin, gid, 4, kinds=["PURCHASE"])
    assert seen == [e for e in expected if e[0] == "PURCHASE"]
    data = await gql.data(TIMELINE, {"id": gid, "kinds": ["INTERACTION"]}, as_=admin)
    assert data["customer"]["timeline"]["totalCount"] == 8


async def test_a_key_without_interactions_read_sees_only_purchases(gql, admin):
    customer, expected = await _history(admin)
    _, secret = await create_api_key(principal=None, name="Shop", scopes=["customers:read"])
    shop = Staff(user=admin.user, token=secret)
    seen, _ = await _walk(gql, shop, to_global_id("Customer", customer.pk), 50)
    assert seen == [e for e in expected if e[0] == "PURCHASE"]


async def test_a_bad_cursor_is_a_top_level_error(gql, admin):
    customer, _ = await _history(admin)
    body = await gql(TIMELINE, {"id": to_global_id("Customer", customer.pk), "after": "bm9wZQ=="}, as_=admin)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql(TIMELINE, {"id": to_global_id("Customer", customer.pk), "first": 101}, as_=admin)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_agent_sees_no_timeline_of_another_teams_customer(gql, world: World):
    data = await gql.data(
        TIMELINE, {"id": to_global_id("Customer", world.north.pk)}, as_=world.by_role["AGENT"]
    )
    assert data["customer"] is None
    data = await gql.data(
        TIMELINE, {"id": to_global_id("Customer", world.own.pk)}, as_=world.by_role["AGENT"]
    )
    assert data["customer"]["timeline"]["edges"] == []


async def test_a_page_costs_the_same_statements_however_long_the_history(gql, admin, sql_statements):
    counts = {}
    for size in (3, 60):
        customer, _ = await customer_services.create_customer(principal=admin.principal, data={"name": "X"})
        for i in range(size):
            await services.log_contact(
                principal=admin.principal,
                customer_id=customer.pk,
                data={"channel": "SMS", "direction": "INBOUND", "occurred_at": BASE + timedelta(minutes=i)},
            )
        gid = to_global_id("Customer", customer.pk)
        first = await gql.data(TIMELINE, {"id": gid, "first": 2}, as_=admin)
        sql_statements.clear()
        await gql.data(
            TIMELINE,
            {"id": gid, "first": 2, "after": first["customer"]["timeline"]["pageInfo"]["endCursor"]},
            as_=admin,
        )
        counts[size] = len(sql_statements)
    assert counts[3] == counts[60], counts
    assert counts[60] <= 8, sql_statements  # auth, the customer, one page query and one COUNT per kind (3)


async def test_a_deep_page_reads_a_range_of_the_index_not_everything_newer(admin, db):
    """The keyset condition must let the (customer_id, occurred_at) index bound the scan by time."""
    from tortoise import connections

    from guanxi.interactions import timeline

    if db.backend != "sqlite":
        return  # PostgreSQL's plan depends on table statistics; SQLite's is fixed by the query's shape
    cursor = timeline.Position(BASE, 2, 10)
    for source in timeline.SOURCES:
        qs = source.rows(admin.principal).filter(customer_id=1).filter(timeline._after(source, cursor))
        qs = qs.order_by("-occurred_at", "-id").limit(51)
        qs._make_query()
        sql, params = qs.query.get_parameterized_sql()  # bound parameters, as the app runs it
        plan = await connections.get("default").execute_query_dict(f"EXPLAIN QUERY PLAN {sql}", params)
        details = " ".join(row["detail"] for row in plan)
        assert "customer_id=? AND occurred_at<" in details, (source.kind, details)
