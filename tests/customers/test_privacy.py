"""Data-subject rights: export everything, erase everywhere, refuse a re-import of an erased person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guanxi.customers import services
from guanxi.customers.models import ContactPoint, Customer, CustomerTag, ErasedIdentity, Purchase
from guanxi.graphql.core.ids import to_global_id

EXPORT = "query($id: ID!) { exportCustomerData(id: $id) }"
ERASE = """mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) {
  customer { name isArchived erasedAt primaryPhone tags birthMonth } userErrors { field code } } }"""
CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id name } userErrors { field code } } }"""


async def _li(admin) -> Customer:
    customer, _ = await services.create_customer(
        principal=admin.principal,
        data={
            "name": "李娜",
            "phones": [{"value": "139 2222 3333"}],
            "emails": [{"value": "li.na@example.com"}],
            "wechat_id": "lina_wx",
            "address": "深圳市南山区",
            "birthday": date(1992, 3, 8),
            "tags": ["VIP"],
            "country": "CN",
            "province": "广东",
            "city": "深圳",
            "custom_attributes": {"card": "A-1"},
        },
    )
    await services.record_purchase(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"amount": Decimal("88.80"), "currency": "CNY", "items": [{"sku": "T1"}]},
    )
    return customer


async def test_export_returns_everything_decrypted(gql, admin):
    customer = await _li(admin)
    doc = (await gql.data(EXPORT, {"id": to_global_id("Customer", customer.pk)}, as_=admin))[
        "exportCustomerData"
    ]
    assert doc["format"] == "guanxi.customer-data/1"
    assert doc["customer"]["name"] == "李娜" and doc["customer"]["wechatId"] == "lina_wx"
    assert doc["customer"]["birthday"] == "1992-03-08" and doc["customer"]["address"] == "深圳市南山区"
    assert doc["phones"] == [{"value": "139 2222 3333", "primary": True, "label": None}]
    assert doc["emails"][0]["value"] == "li.na@example.com"
    assert doc["tags"] == ["VIP"] and doc["customer"]["customAttributes"] == {"card": "A-1"}
    assert [(p["amount"], p["items"]) for p in doc["purchases"]] == [("88.8", [{"sku": "T1"}])]


async def test_export_needs_pii_read(gql, admin, analyst):
    customer = await _li(admin)
    body = await gql(EXPORT, {"id": to_global_id("Customer", customer.pk)}, as_=analyst)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_erase_anonymises_everywhere_and_keeps_aggregates(gql, admin):
    customer = await _li(admin)
    data = await gql.data(
        ERASE, {"input": {"id": to_global_id("Customer", customer.pk), "reason": "DSR-2026-17"}}, as_=admin
    )
    payload = data["eraseCustomer"]
    assert payload["userErrors"] == []
    assert payload["customer"]["name"] == f"Erased customer {customer.pk}"
    assert payload["customer"]["isArchived"] is True and payload["customer"]["erasedAt"]
    assert (
        payload["customer"]["primaryPhone"],
        payload["customer"]["tags"],
        payload["customer"]["birthMonth"],
    ) == (None, [], None)
    stored = await Customer.get(id=customer.pk)
    assert (stored.wechat_id, stored.address, stored.birthday_encrypted, stored.city) == (
        None,
        None,
        None,
        None,
    )
    assert (stored.country, stored.geography_class, stored.lifecycle_stage) == ("CN", "LOCAL", "PURCHASER")
    assert await ContactPoint.filter(customer_id=customer.pk).count() == 0
    assert await CustomerTag.filter(customer_id=customer.pk).count() == 0
    purchases = await Purchase.filter(customer_id=customer.pk)
    assert [(Decimal(p.amount), p.items) for p in purchases] == [(Decimal("88.80"), None)]
    assert await ErasedIdentity.filter(customer_id=customer.pk).count() == 2
    again = await gql.data(
        ERASE, {"input": {"id": to_global_id("Customer", customer.pk), "reason": "again"}}, as_=admin
    )
    assert again["eraseCustomer"]["userErrors"] == [{"field": "input.id", "code": "ERASED"}]


async def test_erase_needs_a_reason_and_an_admin(gql, admin, agent):
    customer = await _li(admin)
    gid = to_global_id("Customer", customer.pk)
    data = await gql.data(ERASE, {"input": {"id": gid, "reason": " "}}, as_=admin)
    assert data["eraseCustomer"]["userErrors"] == [{"field": "input.reason", "code": "REQUIRED"}]
    body = await gql(ERASE, {"input": {"id": gid, "reason": "x"}}, as_=agent)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Customer.get(id=customer.pk)).erased_at is None


async def test_a_re_import_of_an_erased_person_is_refused_unless_an_admin_forces_it(gql, admin, agent):
    customer = await _li(admin)
    await gql.data(
        ERASE, {"input": {"id": to_global_id("Customer", customer.pk), "reason": "DSR-1"}}, as_=admin
    )
    again = {
        "name": "Li Na",
        "phones": [{"value": "+86 139-2222-3333"}],
        "emails": [{"value": "new@example.com"}],
    }
    refused = (await gql.data(CREATE, {"input": again}, as_=agent))["createCustomer"]
    assert refused["userErrors"] == [{"field": "input.phones.0.value", "code": "ERASED_IDENTITY"}]
    body = await gql(CREATE, {"input": {**again, "overrideErasure": True}}, as_=agent)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Customer.filter(name="Li Na").count() == 0
    forced = (await gql.data(CREATE, {"input": {**again, "overrideErasure": True}}, as_=admin))[
        "createCustomer"
    ]
    assert forced["userErrors"] == [] and forced["customer"]["name"] == "Li Na"
