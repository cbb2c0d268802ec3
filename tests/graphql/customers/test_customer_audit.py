"""Customer writes, exports, erasures and reads of personal data in clear reach the audit log."""

from __future__ import annotations

from guanxi.accounts.models import AuditEvent
from guanxi.customers import services
from guanxi.graphql.core.ids import to_global_id

CREATE = "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"
UPDATE = "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }"
PAGE = "{ customers(first: 10) { edges { node { name primaryPhone } } } }"
NAMES = "{ customers(first: 10) { edges { node { name } } } }"


async def _events(action: str) -> list[AuditEvent]:
    return await AuditEvent.filter(action=action).order_by("id")


async def test_writes_are_recorded_with_fields_not_values(client, gql, agent):
    headers = {**agent.headers, "X-Request-ID": "req-create-1"}
    response = await client.post(
        "/graphql",
        headers=headers,
        json={
            "query": CREATE,
            "variables": {"input": {"name": "王芳", "phones": [{"value": "138 0013 5678"}]}},
        },
    )
    gid = response.json()["data"]["createCustomer"]["customer"]["id"]
    await gql.data(UPDATE, {"input": {"id": gid, "city": "广州"}}, as_=agent)
    created, updated = await _events("CREATE"), await _events("UPDATE")
    assert [(e.record_type, e.actor_name, e.request_id) for e in created] == [
        ("Customer", "Alan Agent", "req-create-1")
    ]
    assert created[0].details == {"fields": ["kind", "name", "owner_id", "phones"]} and "138" not in str(
        created[0].details
    )
    assert [e.details for e in updated] == [{"fields": ["city"]}]


async def test_reading_personal_data_in_clear_is_recorded_per_customer(gql, admin, analyst):
    for name in ("A", "B"):
        await services.create_customer(
            principal=admin.principal,
            data={
                "name": name,
                "phones": [{"value": f"13{len(name)}00135678" if name == "A" else "139 1111 2222"}],
            },
        )
    await gql.data(NAMES, as_=admin)  # no personal field asked: nothing to record
    assert await _events("PII_READ") == []
    await gql.data(PAGE, as_=admin)
    reads = await _events("PII_READ")
    assert sorted(e.record_id for e in reads) == sorted(
        await AuditEvent.filter(action="CREATE").values_list("record_id", flat=True)
    )
    assert all(e.details == {"fields": ["phones"]} and e.actor_name == "Ada Admin" for e in reads)
    await gql.data(PAGE, as_=analyst)  # masked for the analyst: not a read of personal data
    assert len(await _events("PII_READ")) == 2


async def test_export_and_erase_are_recorded(gql, admin):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "李娜"})
    gid = to_global_id("Customer", customer.pk)
    await gql.data("query($id: ID!) { exportCustomerData(id: $id) }", {"id": gid}, as_=admin)
    await gql.data(
        'mutation($id: ID!) { eraseCustomer(input: {id: $id, reason: "DSR-9"}) { userErrors { code } } }',
        {"id": gid},
        as_=admin,
    )
    assert [(e.record_id, e.actor_name) for e in await _events("EXPORT")] == [(customer.pk, "Ada Admin")]
    assert [(e.record_id, e.details) for e in await _events("ERASE")] == [(customer.pk, {"reason": "DSR-9"})]
