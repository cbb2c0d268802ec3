from __future__ import annotations

from guanxi.customers.models import ContactPoint, Customer, Purchase
from guanxi.graphql.core.ids import to_global_id

CUSTOMER_FIELDS = """
  id kind name primaryEmail primaryPhone emails { value primary label } phones { value primary }
  wechatId gender birthday country province city geographyClass owner { name } tags customAttributes
  lifecycleStage lifecycleStagePinned externalReference isArchived archivedAt createdAt updatedAt
"""
CREATE = f"""
mutation Create($input: CreateCustomerInput!) {{
  createCustomer(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
UPDATE = f"""
mutation Update($input: UpdateCustomerInput!) {{
  updateCustomer(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
ARCHIVE = "mutation($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customer { isArchived } userErrors { field code } } }"
RESTORE = "mutation($input: RestoreCustomerInput!) { restoreCustomer(input: $input) { customer { isArchived } userErrors { field code } } }"
PIN = """mutation($input: PinLifecycleStageInput!) {
  pinLifecycleStage(input: $input) { customer { lifecycleStage lifecycleStagePinned } userErrors { field code } } }"""
RECORD = """
mutation Record($input: RecordPurchaseInput!) {
  recordPurchase(input: $input) {
    purchase { id amount currency occurredAt channel source externalOrderId items refunded customer { name } }
    customer { lifecycleStage }
    userErrors { field message code }
  }
}
"""
REFUND = """mutation($input: RefundPurchaseInput!) {
  refundPurchase(input: $input) { purchase { refunded refundedAt refundReason } customer { lifecycleStage } userErrors { field code } } }"""


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def create(gql, who, **fields):
    data = await gql.data(CREATE, {"input": {"name": "王芳", **fields}}, as_=who)
    assert data["createCustomer"]["userErrors"] == []
    return data["createCustomer"]["customer"]


async def test_create_customer_returns_it_with_derived_fields(gql, agent, admin):
    owner_id = to_global_id("User", agent.user.pk)
    customer = await create(
        gql,
        admin,
        emails=[{"value": "wangfang@example.com", "label": "work"}],
        phones=[{"value": "139 1234 5678"}, {"value": "+86 20 8765 4321", "primary": True}],
        birthday="1990-05-17",
        gender="FEMALE",
        country="CN",
        province="广东",
        city="广州",
        ownerId=owner_id,
        tags=["VIP", "华南"],
        customAttributes={"membershipCard": "A-17"},
        externalReference="ERP-17",
    )
    assert customer["kind"] == "PERSON"
    assert customer["primaryEmail"] == "wangfang@example.com"
    assert customer["emails"] == [{"value": "wangfang@example.com", "primary": True, "label": "work"}]
    assert customer["primaryPhone"] == "+86 20 8765 4321"
    assert customer["phones"][0] == {"value": "+86 20 8765 4321", "primary": True}
    assert customer["geographyClass"] == "LOCAL"
    assert customer["owner"] == {"name": "Alan Agent"}
    assert customer["tags"] == ["VIP", "华南"]
    assert customer["customAttributes"] == {"membershipCard": "A-17"}
    assert customer["lifecycleStage"] == "PROSPECT"
    assert customer["birthday"] == "1990-05-17"
    assert customer["isArchived"] is False


async def test_create_customer_errors_name_the_input_path_and_write_nothing(gql, agent):
    data = await gql.data(
        CREATE,
        {
            "input": {
                "name": "Zhang Wei",
                "emails": [{"value": "zw@example.com"}, {"value": "zw@@example"}],
                "phones": [{"value": "abc"}],
                "ownerId": to_global_id("User", 9999),
                "acquisitionCampaign": "x" * 201,
            }
        },
        as_=agent,
    )
    payload = data["createCustomer"]
    assert payload["customer"] is None
    assert sorted(codes(payload)) == sorted(
        [
            ("INVALID_EMAIL", "input.emails.1.value"),
            ("INVALID_PHONE", "input.phones.0.value"),
            ("UNKNOWN_OWNER", "input.ownerId"),
            ("TOO_LONG", "input.acquisitionCampaign"),
        ]
    )
    assert all(e["message"] for e in payload["userErrors"])
    assert await Customer.all().count() == 0
    assert await ContactPoint.all().count() == 0


async def test_create_with_a_malformed_owner_id(gql, agent):
    data = await gql.data(CREATE, {"input": {"name": "X", "ownerId": "not-an-id"}}, as_=agent)
    assert codes(data["createCustomer"]) == [("INVALID_VALUE", "input.ownerId")]


async def test_create_is_idempotent_per_key(gql, agent):
    variables = {"input": {"name": "Li Lei", "idempotencyKey": "form-123"}}
    first = (await gql.data(CREATE, variables, as_=agent))["createCustomer"]["customer"]
    second = (await gql.data(CREATE, variables, as_=agent))["createCustomer"]["customer"]
    assert first["id"] == second["id"]
    other = await gql.data(CREATE, {"input": {"name": "Han Meimei", "idempotencyKey": "form-123"}}, as_=agent)
    assert codes(other["createCustomer"]) == [("IDEMPOTENCY_KEY_REUSED", "input.idempotencyKey")]
    assert await Customer.all().count() == 1


async def test_update_customer_changes_given_fields_and_clears_nulls(gql, agent):
    customer = await create(
        gql, agent, city="广州", country="CN", province="广东", wechatId="wf_88", tags=["a"]
    )
    data = await gql.data(
        UPDATE,
        {"input": {"id": customer["id"], "province": "北京", "wechatId": None, "tags": ["b", "c"]}},
        as_=agent,
    )
    updated = data["updateCustomer"]["customer"]
    assert (updated["city"], updated["province"], updated["geographyClass"]) == ("广州", "北京", "DOMESTIC")
    assert updated["wechatId"] is None
    assert updated["tags"] == ["b", "c"]
    assert updated["name"] == "王芳"


async def test_update_errors_and_unknown_customer(gql, agent):
    customer = await create(gql, agent)
    data = await gql.data(
        UPDATE, {"input": {"id": customer["id"], "name": "", "birthday": "2999-01-01"}}, as_=agent
    )
    assert sorted(codes(data["updateCustomer"])) == [
        ("INVALID_VALUE", "input.birthday"),
        ("REQUIRED", "input.name"),
    ]
    assert (await Customer.first()).name == "王芳"
    data = await gql.data(UPDATE, {"input": {"id": to_global_id("Customer", 424242), "name": "Y"}}, as_=agent)
    assert codes(data["updateCustomer"]) == [("NOT_FOUND", "input.id")]
    data = await gql.data(UPDATE, {"input": {"id": to_global_id("Purchase", 1), "name": "Y"}}, as_=agent)
    assert codes(data["updateCustomer"]) == [("NOT_FOUND", "input.id")]


async def test_archive_and_restore(gql, agent):
    customer = await create(gql, agent)
    archived = await gql.data(ARCHIVE, {"input": {"id": customer["id"]}}, as_=agent)
    assert archived["archiveCustomer"] == {"customer": {"isArchived": True}, "userErrors": []}
    refused = await gql.data(UPDATE, {"input": {"id": customer["id"], "name": "Z"}}, as_=agent)
    assert codes(refused["updateCustomer"]) == [("ARCHIVED", "input.id")]
    restored = await gql.data(RESTORE, {"input": {"id": customer["id"]}}, as_=agent)
    assert restored["restoreCustomer"] == {"customer": {"isArchived": False}, "userErrors": []}


async def test_record_purchase_amount_is_a_decimal_string(gql, agent):
    customer = await create(gql, agent)
    data = await gql.data(
        RECORD,
        {
            "input": {
                "customerId": customer["id"],
                "amount": "1280.5",
                "currency": "cny",
                "occurredAt": "2026-03-01T10:00:00+08:00",
                "channel": "STORE",
                "source": "pos-gz",
                "externalOrderId": "GZ-0001",
                "items": [{"sku": "TEA-1", "qty": 2}],
            }
        },
        as_=agent,
    )
    payload = data["recordPurchase"]
    assert payload["userErrors"] == []
    assert payload["purchase"]["amount"] == "1280.50"
    assert payload["purchase"]["currency"] == "CNY"
    assert payload["purchase"]["occurredAt"] == "2026-03-01T02:00:00+00:00"
    assert payload["purchase"]["items"] == [{"sku": "TEA-1", "qty": 2}]
    assert payload["purchase"]["customer"] == {"name": "王芳"}
    assert payload["customer"] == {"lifecycleStage": "PURCHASER"}


async def test_partner_retry_of_an_order_returns_the_first_purchase(gql, agent):
    customer = await create(gql, agent)
    variables = {
        "input": {
            "customerId": customer["id"],
            "amount": "99.00",
            "currency": "CNY",
            "source": "eshop",
            "externalOrderId": "SO-77",
        }
    }
    first = (await gql.data(RECORD, variables, as_=agent))["recordPurchase"]["purchase"]
    second = (await gql.data(RECORD, variables, as_=agent))["recordPurchase"]["purchase"]
    assert first["id"] == second["id"]
    assert await Purchase.all().count() == 1


async def test_record_purchase_bad_input(gql, agent):
    customer = await create(gql, agent)
    cases = [
        ({"amount": "-5", "currency": "CNY"}, [("NEGATIVE_AMOUNT", "input.amount")]),
        ({"amount": "5", "currency": "RMB"}, [("UNKNOWN_CURRENCY", "input.currency")]),
        (
            {"amount": "-5", "currency": "RMB"},
            [("UNKNOWN_CURRENCY", "input.currency"), ("NEGATIVE_AMOUNT", "input.amount")],
        ),
    ]
    for extra, expected in cases:
        data = await gql.data(RECORD, {"input": {"customerId": customer["id"], **extra}}, as_=agent)
        assert sorted(codes(data["recordPurchase"])) == sorted(expected)
        assert data["recordPurchase"]["purchase"] is None
    unknown = await gql.data(
        RECORD,
        {"input": {"customerId": to_global_id("Customer", 5555), "amount": "1", "currency": "CNY"}},
        as_=agent,
    )
    assert codes(unknown["recordPurchase"]) == [("NOT_FOUND", "input.customerId")]
    await gql.data(ARCHIVE, {"input": {"id": customer["id"]}}, as_=agent)
    archived = await gql.data(
        RECORD, {"input": {"customerId": customer["id"], "amount": "1", "currency": "CNY"}}, as_=agent
    )
    assert codes(archived["recordPurchase"]) == [("ARCHIVED", "input.customerId")]
    assert await Purchase.all().count() == 0


async def test_malformed_decimal_is_a_graphql_error(gql, agent):
    customer = await create(gql, agent)
    body = await gql(
        RECORD, {"input": {"customerId": customer["id"], "amount": "lots", "currency": "CNY"}}, as_=agent
    )
    assert body["errors"] and "amount" in body["errors"][0]["message"]
    assert await Purchase.all().count() == 0


async def test_refund_and_pin(gql, agent):
    customer = await create(gql, agent)
    purchase = (
        await gql.data(
            RECORD, {"input": {"customerId": customer["id"], "amount": "10", "currency": "USD"}}, as_=agent
        )
    )["recordPurchase"]["purchase"]
    refunded = (await gql.data(REFUND, {"input": {"id": purchase["id"], "reason": "damaged"}}, as_=agent))[
        "refundPurchase"
    ]
    assert refunded["purchase"]["refunded"] is True
    assert refunded["purchase"]["refundReason"] == "damaged"
    assert refunded["customer"] == {"lifecycleStage": "POTENTIAL_BUYER"}
    again = (await gql.data(REFUND, {"input": {"id": purchase["id"]}}, as_=agent))["refundPurchase"]
    assert codes(again) == [("ALREADY_REFUNDED", "input.id")]
    pinned = await gql.data(PIN, {"input": {"customerId": customer["id"], "stage": "LOYAL"}}, as_=agent)
    assert pinned["pinLifecycleStage"]["customer"] == {
        "lifecycleStage": "LOYAL",
        "lifecycleStagePinned": True,
    }
    unpinned = await gql.data(PIN, {"input": {"customerId": customer["id"], "stage": None}}, as_=agent)
    assert unpinned["pinLifecycleStage"]["customer"] == {
        "lifecycleStage": "POTENTIAL_BUYER",
        "lifecycleStagePinned": False,
    }


async def test_analyst_cannot_write(gql, analyst):
    body = await gql(CREATE, {"input": {"name": "Nope"}}, as_=analyst)
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert body["errors"][0]["path"] == ["createCustomer"]
    assert await Customer.all().count() == 0
