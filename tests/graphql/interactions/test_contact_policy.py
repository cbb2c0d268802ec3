"""The contact policy over GraphQL: warnings, refusals, overrides, the budget, preferred channel, reminders."""

from __future__ import annotations

from guanxi.customers import services as customer_services
from guanxi.graphql.core.ids import to_global_id
from guanxi.interactions.models import Interaction
from tests.worlds import World, world  # noqa: F401 - fixture

LOG = """mutation($input: LogContactInput!) { logContact(input: $input) {
  interaction { overCap capOverridden } customer { contactBudget { used limit windowDays mode exhausted } }
  userErrors { field code message } warnings { field code message } } }"""
POLICY = """mutation($input: UpdateContactPolicyInput!) { updateContactPolicy(input: $input) {
  contactPolicy { maxContacts windowDays mode updatedBy { name } } userErrors { field code } } }"""
PREFER = """mutation($input: SetPreferredChannelInput!) { setPreferredChannel(input: $input) {
  customer { preferredChannel lastContactAt } userErrors { field code } } }"""
CONSENT = """mutation($input: SetConsentInput!) { setConsent(input: $input) { userErrors { code } } }"""
REMINDERS = """query($ownerId: ID) { careReminders(ownerId: $ownerId, noContactDays: 1) {
  reason dueAt customer { name } interaction { subject } } }"""


async def _customer(admin, **data):
    customer, _ = await customer_services.create_customer(
        principal=admin.principal, data={"name": "王芳", **data}
    )
    return to_global_id("Customer", customer.pk)


async def _log(gql, who, customer_id, **extra):
    data = await gql.data(
        LOG,
        {"input": {"customerId": customer_id, "channel": "PHONE", "direction": "OUTBOUND", **extra}},
        as_=who,
    )
    return data["logContact"]


async def test_warn_mode_logs_and_warns_past_the_cap(gql, admin):
    customer_id = await _customer(admin)
    for used in (1, 2, 3):
        payload = await _log(gql, admin, customer_id)
        assert payload["warnings"] == [] and payload["userErrors"] == []
        assert payload["customer"]["contactBudget"]["used"] == used
    payload = await _log(gql, admin, customer_id, idempotencyKey="k-4")
    assert payload["userErrors"] == []
    assert [(w["code"], w["field"]) for w in payload["warnings"]] == [
        ("FREQUENCY_CAP_EXCEEDED", "input.customerId")
    ]
    assert payload["interaction"] == {"overCap": True, "capOverridden": False}
    assert payload["customer"]["contactBudget"] == {
        "used": 4,
        "limit": 3,
        "windowDays": 7,
        "mode": "WARN",
        "exhausted": True,
    }
    # A retry with the same key logs nothing new and warns the same.
    retry = await _log(gql, admin, customer_id, idempotencyKey="k-4")
    assert retry["warnings"] == payload["warnings"]
    assert await Interaction.all().count() == 4


async def test_block_mode_refuses_until_a_manager_overrides(gql, world: World):
    admin, manager, agent = world.by_role["ADMIN"], world.by_role["MANAGER"], world.by_role["AGENT"]
    changed = await gql.data(POLICY, {"input": {"maxContacts": 1, "mode": "BLOCK"}}, as_=admin)
    assert changed["updateContactPolicy"]["contactPolicy"] == {
        "maxContacts": 1,
        "windowDays": 7,
        "mode": "BLOCK",
        "updatedBy": {"name": "Root Admin"},
    }
    customer_id = to_global_id("Customer", world.own.pk)
    assert (await _log(gql, agent, customer_id))["userErrors"] == []
    refused = await _log(gql, agent, customer_id)
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("FREQUENCY_CAP_EXCEEDED", "input.customerId")
    ]
    assert refused["interaction"] is None
    body = await gql(
        LOG,
        {"input": {"customerId": customer_id, "channel": "PHONE", "direction": "OUTBOUND", "override": True}},
        as_=agent,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unowned = to_global_id("Customer", world.unowned.pk)
    await _log(gql, manager, unowned)
    overridden = await _log(gql, manager, unowned, override=True)
    assert overridden["userErrors"] == [] and overridden["warnings"] == []
    assert overridden["interaction"] == {"overCap": True, "capOverridden": True}
    assert await Interaction.filter(customer_id=world.own.pk).count() == 1


async def test_only_an_admin_changes_the_policy_and_bad_values_are_user_errors(gql, world: World):
    body = await gql(POLICY, {"input": {"maxContacts": 5}}, as_=world.by_role["MANAGER"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await gql.data(POLICY, {"input": {"maxContacts": 0, "windowDays": 0}}, as_=world.by_role["ADMIN"])
    assert sorted((e["code"], e["field"]) for e in bad["updateContactPolicy"]["userErrors"]) == [
        ("INVALID_VALUE", "input.maxContacts"),
        ("INVALID_VALUE", "input.windowDays"),
    ]
    read = await gql.data("{ contactPolicy { maxContacts windowDays mode } }", as_=world.by_role["ANALYST"])
    assert read["contactPolicy"] == {"maxContacts": 3, "windowDays": 7, "mode": "WARN"}


async def test_preferred_channel_is_set_cleared_and_never_an_opted_out_one(gql, admin):
    customer_id = await _customer(admin)
    data = await gql.data(PREFER, {"input": {"customerId": customer_id, "channel": "WECHAT"}}, as_=admin)
    assert data["setPreferredChannel"]["customer"] == {"preferredChannel": "WECHAT", "lastContactAt": None}
    await gql.data(
        CONSENT, {"input": {"customerId": customer_id, "channel": "SMS", "status": "OPTED_OUT"}}, as_=admin
    )
    refused = await gql.data(PREFER, {"input": {"customerId": customer_id, "channel": "SMS"}}, as_=admin)
    assert [(e["code"], e["field"]) for e in refused["setPreferredChannel"]["userErrors"]] == [
        ("CONSENT_WITHDRAWN", "input.channel")
    ]
    cleared = await gql.data(PREFER, {"input": {"customerId": customer_id, "channel": None}}, as_=admin)
    assert cleared["setPreferredChannel"]["customer"]["preferredChannel"] is None
    await _log(gql, admin, customer_id)
    read = await gql.data(
        "query($id: ID!) { customer(id: $id) { lastContactAt } }", {"id": customer_id}, as_=admin
    )
    assert read["customer"]["lastContactAt"] is not None


async def test_care_reminders_over_graphql_for_an_agent(gql, world: World):
    agent = world.by_role["AGENT"]
    await _log(
        gql,
        agent,
        to_global_id("Customer", world.own.pk),
        subject="Quote",
        followUpDueAt="2020-01-01T00:00:00Z",
    )
    data = await gql.data(REMINDERS, as_=agent)
    assert data["careReminders"] == [
        {
            "reason": "FOLLOW_UP_OVERDUE",
            "dueAt": "2020-01-01T00:00:00+00:00",
            "customer": {"name": "Own"},
            "interaction": {"subject": "Quote"},
        }
    ]
    body = await gql(REMINDERS, {"ownerId": to_global_id("User", world.north_agent.user.pk)}, as_=agent)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await gql("{ careReminders(first: 0) { reason } }", as_=agent)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in body["errors"][0]["message"]
