"""Every relation goes through a DataLoader: a page's SQL statement count does not grow with its size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from guanxi.customers import services
from guanxi.graphql.core import limits

PAGE = """query($first: Int!) { customers(first: $first) { totalCount edges { node {
  name owner { name } tags primaryEmail
  purchases(first: 5) { totalCount edges { node { amount currency occurredAt customer { name } } } }
} } } }"""


async def test_statement_count_is_the_same_for_5_and_100_customers(
    gql, admin, agent, sql_statements, monkeypatch
):
    # PAGE costs 1,402 points for 100 customers (graphql/core/cost.py); this test is about SQL.
    monkeypatch.setattr(limits, "MAX_COST", 2_000)
    owners = [admin.user.pk, agent.user.pk, None]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(120):
        customer, _ = await services.create_customer(
            principal=admin.principal,
            data={
                "name": f"Customer {i}",
                "owner_id": owners[i % 3],
                "tags": ["a"],
                "emails": [{"value": f"c{i}@example.com"}],
            },
        )
        for j in range(i % 7):
            await services.record_purchase(
                principal=admin.principal,
                customer_id=customer.pk,
                data={"amount": Decimal(10 + j), "currency": "CNY", "occurred_at": start + timedelta(days=j)},
            )

    counts = {}
    for first in (5, 100):
        sql_statements.clear()
        data = await gql.data(PAGE, {"first": first}, as_=admin)
        assert len(data["customers"]["edges"]) == first
        counts[first] = len(sql_statements)
    assert counts[5] == counts[100], counts
    assert counts[100] <= 10, sql_statements
    print(f"SQL statements per page: {counts}")


CONTACTS_PAGE = """query($first: Int!) { customers(first: $first) { edges { node {
  name lastContactAt preferredChannel contactBudget { used limit nextAvailableAt }
  consents { channel status }
  interactions(first: 3) { totalCount edges { node { subject loggedBy { name } customer { name } } } }
} } } }"""


async def test_contact_fields_of_a_page_cost_the_same_statements_for_5_and_60_customers(
    gql, admin, sql_statements, monkeypatch
):
    from guanxi.interactions import consent
    from guanxi.interactions import services as interactions

    monkeypatch.setattr(limits, "MAX_COST", 5_000)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(70):
        customer, _ = await services.create_customer(principal=admin.principal, data={"name": f"C{i}"})
        for j in range(i % 5):
            await interactions.log_contact(
                principal=admin.principal,
                customer_id=customer.pk,
                data={"channel": "PHONE", "direction": "OUTBOUND", "occurred_at": start + timedelta(days=j)},
            )
        if i % 3 == 0:
            await consent.set_consent(
                principal=admin.principal, customer_id=customer.pk, channel="SMS", status="OPTED_OUT"
            )
    counts = {}
    for first in (5, 60):
        sql_statements.clear()
        data = await gql.data(CONTACTS_PAGE, {"first": first}, as_=admin)
        assert len(data["customers"]["edges"]) == first
        counts[first] = len(sql_statements)
    assert counts[5] == counts[60], counts
    assert counts[60] <= 12, sql_statements
    print(f"SQL statements per page with contact fields: {counts}")
