from __future__ import annotations

from decimal import Decimal

from guanxi.customers import services
from guanxi.graphql.core.ids import to_global_id

NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Customer { name } ... on Purchase { amount customer { name } } ... on User { name } } }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Customer { name } } }"


async def test_node_resolves_each_type_by_global_id(gql, admin):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳"})
    purchase, _ = await services.record_purchase(
        principal=admin.principal, customer_id=customer.pk, data={"amount": Decimal("5"), "currency": "CNY"}
    )
    cid, pid, uid = (
        to_global_id("Customer", customer.pk),
        to_global_id("Purchase", purchase.pk),
        to_global_id("User", admin.user.pk),
    )
    assert (await gql.data(NODE, {"id": cid}, as_=admin))["node"] == {
        "__typename": "Customer",
        "id": cid,
        "name": "王芳",
    }
    assert (await gql.data(NODE, {"id": pid}, as_=admin))["node"] == {
        "__typename": "Purchase",
        "id": pid,
        "amount": "5.00",
        "customer": {"name": "王芳"},
    }
    assert (await gql.data(NODE, {"id": uid}, as_=admin))["node"] == {
        "__typename": "User",
        "id": uid,
        "name": "Ada Admin",
    }
    data = await gql.data(NODES, {"ids": [cid, to_global_id("Customer", 999), cid]}, as_=admin)
    assert data["nodes"] == [
        {"__typename": "Customer", "id": cid, "name": "王芳"},
        None,
        {"__typename": "Customer", "id": cid, "name": "王芳"},
    ]


async def test_forged_ids_resolve_to_null(gql, admin):
    import base64

    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳"})
    forged_ids = [
        to_global_id("Customer", 424242),  # no such row
        to_global_id("Purchase", customer.pk),  # a customer's number under another type
        base64.b64encode(b"Customer:x").decode(),  # not a number
    ]
    for forged in forged_ids:
        assert (await gql.data(NODE, {"id": forged}, as_=admin))["node"] is None, forged
