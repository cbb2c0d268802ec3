from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from guanxi.customers import services
from guanxi.graphql.core.ids import to_global_id

CUSTOMERS = """
query Customers($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter,
                $orderBy: CustomerOrder, $search: String) {
  customers(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy,
            search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name } }
  }
}
"""
CUSTOMER = "query($id: ID!) { customer(id: $id) { name purchases(first: 2) { totalCount edges { node { amount } } pageInfo { hasNextPage endCursor } } } }"


async def seed(admin):
    p = admin.principal
    people = [
        {
            "name": "王芳",
            "country": "CN",
            "province": "广东",
            "city": "广州",
            "tags": ["VIP", "华南"],
            "emails": [{"value": "wangfang@example.com"}],
            "phones": [{"value": "138 0013 8000"}],
        },
        {
            "name": "Zhang Wei",
            "country": "CN",
            "province": "北京",
            "city": "北京",
            "tags": ["VIP"],
            "kind": "COMPANY",
            "industry": "Retail",
            "company_size": "LARGE",
            "owner_id": admin.user.pk,
        },
        {"name": "Emily Clark", "country": "GB", "city": "London", "phones": [{"value": "+44 20 7946 0958"}]},
        {
            "name": "李娜",
            "country": "CN",
            "province": "广东",
            "city": "深圳",
            "industry": "Software",
            "kind": "COMPANY",
            "company_size": "SMALL",
        },
        {"name": "Old Customer"},
    ]
    created = {}
    for data in people:
        customer, _ = await services.create_customer(principal=p, data=data)
        created[customer.name] = customer
    await services.set_archived(principal=p, customer_id=created["Old Customer"].pk, archived=True)
    await services.record_purchase(
        principal=p, customer_id=created["王芳"].pk, data={"amount": Decimal("10"), "currency": "CNY"}
    )
    return created


def names(data):
    return [e["node"]["name"] for e in data["customers"]["edges"]]


async def test_default_lists_active_customers_newest_first(gql, admin):
    await seed(admin)
    data = await gql.data(CUSTOMERS, as_=admin)
    assert names(data) == ["李娜", "Emily Clark", "Zhang Wei", "王芳"]
    assert data["customers"]["totalCount"] == 4


async def test_filters(gql, admin):
    await seed(admin)
    cases = [
        ({"geographyClasses": ["LOCAL"]}, ["李娜", "王芳"]),
        ({"geographyClasses": ["INTERNATIONAL"]}, ["Emily Clark"]),
        ({"lifecycleStages": ["PURCHASER"]}, ["王芳"]),
        ({"kinds": ["COMPANY"]}, ["李娜", "Zhang Wei"]),
        ({"industries": ["Retail"], "companySizes": ["LARGE"]}, ["Zhang Wei"]),
        ({"country": "cn", "city": "深圳"}, ["李娜"]),
        ({"province": "广东"}, ["李娜", "王芳"]),
        ({"tags": ["VIP"]}, ["Zhang Wei", "王芳"]),
        ({"tags": ["VIP", "华南"]}, ["王芳"]),
        ({"ownerIds": [to_global_id("User", admin.user.pk)]}, ["Zhang Wei"]),
        ({"unowned": True, "kinds": ["COMPANY"]}, ["李娜"]),
        ({"archived": True}, ["Old Customer"]),
        ({"archived": None, "country": None}, ["Old Customer", "李娜", "Emily Clark", "Zhang Wei", "王芳"]),
        ({"createdAfter": "2999-01-01T00:00:00+00:00"}, []),
    ]
    for filter_, expected in cases:
        data = await gql.data(CUSTOMERS, {"filter": filter_}, as_=admin)
        assert names(data) == expected, filter_
        assert data["customers"]["totalCount"] == len(expected), filter_


async def test_search_by_name_email_and_phone(gql, admin):
    await seed(admin)
    for text, expected in [
        ("zhang", ["Zhang Wei"]),
        ("王", ["王芳"]),
        ("WANGFANG@example.com", ["王芳"]),
        ("13800138000", ["王芳"]),
        ("+86 138-0013-8000", ["王芳"]),
        ("+44 20 7946 0958", ["Emily Clark"]),
        ("+44 20 7946", []),  # contact points are encrypted: whole numbers only, never fragments
        ("nobody", []),
    ]:
        assert names(await gql.data(CUSTOMERS, {"search": text}, as_=admin)) == expected, text


async def test_order_by_name(gql, admin):
    await seed(admin)
    data = await gql.data(CUSTOMERS, {"orderBy": {"field": "NAME", "direction": "ASC"}}, as_=admin)
    assert names(data) == sorted(names(data))


async def test_cursor_paging_forwards_and_backwards(gql, admin):
    await seed(admin)
    page1 = (await gql.data(CUSTOMERS, {"first": 2}, as_=admin))["customers"]
    assert [e["node"]["name"] for e in page1["edges"]] == ["李娜", "Emily Clark"]
    assert page1["pageInfo"]["hasNextPage"] is True and page1["pageInfo"]["hasPreviousPage"] is False
    page2 = (await gql.data(CUSTOMERS, {"first": 2, "after": page1["pageInfo"]["endCursor"]}, as_=admin))[
        "customers"
    ]
    assert [e["node"]["name"] for e in page2["edges"]] == ["Zhang Wei", "王芳"]
    assert page2["pageInfo"]["hasNextPage"] is False and page2["pageInfo"]["hasPreviousPage"] is True
    back = (await gql.data(CUSTOMERS, {"last": 2, "before": page2["pageInfo"]["startCursor"]}, as_=admin))[
        "customers"
    ]
    assert [e["node"]["name"] for e in back["edges"]] == ["李娜", "Emily Clark"]
    tail = (await gql.data(CUSTOMERS, {"last": 1}, as_=admin))["customers"]
    assert [e["node"]["name"] for e in tail["edges"]] == ["王芳"]
    assert tail["pageInfo"]["hasPreviousPage"] is True and tail["pageInfo"]["hasNextPage"] is False


async def test_page_size_is_capped_at_100(gql, admin):
    for args in ({"first": 101}, {"last": 500}, {"first": -1}):
        body = await gql(CUSTOMERS, args, as_=admin)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "100" in body["errors"][0]["message"]
    body = await gql(CUSTOMERS, {"after": "garbage"}, as_=admin)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_customer_by_id_with_purchases_newest_first(gql, admin):
    created = await seed(admin)
    wang = created["王芳"]
    for amount, day in (("1", 1), ("2", 2), ("3", 3)):
        await services.record_purchase(
            principal=admin.principal,
            customer_id=wang.pk,
            data={
                "amount": Decimal(amount),
                "currency": "CNY",
                "occurred_at": datetime(2026, 1, day, tzinfo=UTC),
            },
        )
    data = await gql.data(CUSTOMER, {"id": to_global_id("Customer", wang.pk)}, as_=admin)
    purchases = data["customer"]["purchases"]
    assert purchases["totalCount"] == 4
    assert [e["node"]["amount"] for e in purchases["edges"]] == ["10.00", "3.00"]
    assert purchases["pageInfo"]["hasNextPage"] is True
    assert (await gql.data(CUSTOMER, {"id": to_global_id("Customer", 999)}, as_=admin)) == {"customer": None}
    assert (await gql.data(CUSTOMER, {"id": "garbage"}, as_=admin)) == {"customer": None}


async def test_created_range_honours_time_zone_offsets(gql, admin):
    from datetime import timedelta, timezone

    from guanxi.core import clock

    await seed(admin)
    beijing = timezone(timedelta(hours=8))
    just_before = (clock.now() - timedelta(minutes=5)).astimezone(beijing).isoformat()
    just_after = (clock.now() + timedelta(minutes=5)).astimezone(beijing).isoformat()
    assert len(names(await gql.data(CUSTOMERS, {"filter": {"createdAfter": just_before}}, as_=admin))) == 4
    assert names(await gql.data(CUSTOMERS, {"filter": {"createdAfter": just_after}}, as_=admin)) == []
    assert names(await gql.data(CUSTOMERS, {"filter": {"createdBefore": just_before}}, as_=admin)) == []
