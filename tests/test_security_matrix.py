"""The role and scope matrices of docs/security.md, checked cell by cell against the API.

The test reads the tables from the document, so the document cannot promise what the code does
not do. Every "see" row is checked three ways: `customer(id)`, `node(id)` and the `customers` list
(with its totalCount) must agree.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from guanxi.accounts.apikeys import create_api_key
from guanxi.customers.models import Customer
from guanxi.feedback.models import Complaint
from guanxi.feedback.services import submit_feedback
from guanxi.graphql.core.ids import to_global_id
from guanxi.interactions import policy
from guanxi.interactions.models import ContactPolicy, PolicyMode
from guanxi.interactions.services import log_contact
from tests.conftest import ROOT, Staff
from tests.worlds import World, world  # noqa: F401 - fixture

DOC = (ROOT / "docs" / "security.md").read_text()


def _table(marker: str) -> list[list[str]]:
    body = re.search(rf"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", DOC, re.S)
    assert body, f"table {marker} missing from docs/security.md"
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")] for line in body.group(1).strip().splitlines()
    ]
    return [r for r in rows if not set("".join(r)) <= set("-")]


SEE = """query($id: ID!) { customer(id: $id) { id } node(id: $id) { id }
  customers(first: 100) { totalCount edges { node { id } } } }"""
PHONE = "query($id: ID!) { customer(id: $id) { primaryPhone } }"
CREATE = 'mutation { createCustomer(input: {name: "New"}) { customer { id } userErrors { code } } }'
UPDATE = 'mutation($id: ID!) { updateCustomer(input: {id: $id, name: "Renamed"}) { customer { name } userErrors { code } } }'
RECORD = """mutation($id: ID!) { recordPurchase(input: {customerId: $id, amount: "10", currency: "CNY"}) {
  purchase { id } userErrors { code } } }"""
USERS = "{ users(first: 100) { edges { node { name } } } }"
EXPORT = "query($id: ID!) { exportCustomerData(id: $id) }"
ERASE = 'mutation($id: ID!) { eraseCustomer(input: {id: $id, reason: "request 17"}) { customer { id } userErrors { code } } }'
CREATE_KEY = (
    'mutation { createApiKey(input: {name: "x", scopes: [CUSTOMERS_READ]}) { secret userErrors { code } } }'
)


AUDIT_LOG = "{ auditLog(first: 1) { totalCount } }"
LOG_CONTACT = """mutation($id: ID!, $override: Boolean! = false) {
  logContact(input: {customerId: $id, channel: PHONE, direction: OUTBOUND, override: $override}) {
    interaction { id } userErrors { code } } }"""
CONTACTS = '{ customer(id: "%s") { interactions { totalCount } } }'
POLICY = "mutation { updateContactPolicy(input: {windowDays: 8}) { userErrors { code } } }"
FILE_COMPLAINT = """mutation($id: ID!) { fileComplaint(input: {customerId: $id, text: "Late", severity: LOW}) {
  complaint { id } userErrors { code } } }"""
ACKNOWLEDGE = """mutation($id: ID!) { acknowledgeComplaint(input: {id: $id}) { complaint { id } userErrors { code } } }"""
STANDARD = """mutation { updateServiceStandard(input: {severity: LOW, firstResponseMinutes: 600}) {
  userErrors { code } } }"""
COMPLAINTS = "{ complaints { totalCount } }"
SUBMIT = """mutation($id: ID!) { submitFeedback(input: {customerId: $id, kind: SURVEY, scale: NPS, score: 9}) {
  feedback { id } userErrors { code } } }"""
REMINDERS = "query($owner: ID!) { careReminders(ownerId: $owner) { customer { name } } }"


async def _reads(gql, who: Staff, query: str) -> str:
    body = await gql(query, as_=who)
    if body.get("errors"):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
        return "no"
    return "yes"


def gid(customer: Customer) -> str:
    return to_global_id("Customer", customer.pk)


async def _sees(gql, who: Staff, customer: Customer) -> str:
    data = await gql.data(SEE, {"id": gid(customer)}, as_=who)
    listed = gid(customer) in {e["node"]["id"] for e in data["customers"]["edges"]}
    by_id, by_node = data["customer"] is not None, data["node"] is not None
    assert by_id == by_node == listed, (by_id, by_node, listed)
    assert data["customers"]["totalCount"] == len(data["customers"]["edges"])
    return "yes" if by_id else "no"


async def _mutation_allowed(gql, who: Staff, query: str, variables: dict | None = None) -> str:
    body = await gql(query, variables or {}, as_=who)
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        return "no"
    payload = next(iter(body["data"].values()))
    assert payload["userErrors"] == [], payload
    return "yes"


async def _phone(gql, who: Staff, w: World) -> str:
    phone = (await gql.data(PHONE, {"id": gid(w.own)}, as_=who))["customer"]["primaryPhone"]
    return {"138 0013 5678": "yes", "138****5678": "masked"}[phone]


async def _update_north(gql, who: Staff, w: World) -> str:
    await Customer.filter(id=w.north.pk).update(name="North")
    result = await _mutation_allowed(gql, who, UPDATE, {"id": gid(w.north)})
    assert (await Customer.get(id=w.north.pk)).name == ("Renamed" if result == "yes" else "North")
    return result


async def _list_north_staff(gql, who: Staff, w: World) -> str:
    body = await gql(USERS, as_=who)
    names = {e["node"]["name"] for e in body["data"]["users"]["edges"]}
    return "yes" if "North Agent" in names else "no"


async def _export(gql, who: Staff, w: World) -> str:
    body = await gql(EXPORT, {"id": gid(w.own)}, as_=who)
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        return "no"
    assert body["data"]["exportCustomerData"]["phones"][0]["value"] == "138 0013 5678"
    return "yes"


async def _erase(gql, who: Staff, w: World) -> str:
    result = await _mutation_allowed(gql, who, ERASE, {"id": gid(w.unowned)})
    erased = (await Customer.get(id=w.unowned.pk)).erased_at is not None
    assert erased == (result == "yes")
    await Customer.filter(id=w.unowned.pk).update(erased_at=None, name="Unowned")
    return result


async def _override_cap(gql, who: Staff, w: World) -> str:
    await ContactPolicy.filter(id=1).update(max_contacts=1, mode=PolicyMode.BLOCK)
    try:
        await log_contact(
            principal=w.by_role["ADMIN"].principal,
            customer_id=w.own.pk,
            data={"channel": "PHONE", "direction": "OUTBOUND"},
            override=True,
        )
        return await _mutation_allowed(gql, who, LOG_CONTACT, {"id": gid(w.own), "override": True})
    finally:
        await ContactPolicy.filter(id=1).update(max_contacts=3, mode=PolicyMode.WARN)


async def _north_reminders(gql, who: Staff, w: World) -> str:
    await log_contact(
        principal=w.by_role["ADMIN"].principal,
        customer_id=w.north.pk,
        data={
            "channel": "PHONE",
            "direction": "INBOUND",
            "follow_up_due_at": datetime(2020, 1, 1, tzinfo=UTC),
        },
    )
    body = await gql(REMINDERS, {"owner": to_global_id("User", w.north_agent.user.pk)}, as_=who)
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        return "no"
    return "yes" if {"customer": {"name": "North"}} in body["data"]["careReminders"] else "no"


async def _change_policy(gql, who: Staff, w: World) -> str:
    await policy.global_policy()
    return await _mutation_allowed(gql, who, POLICY)


async def _acknowledge_north(gql, who: Staff, w: World) -> str:
    feedback, _ = await submit_feedback(
        principal=w.by_role["ADMIN"].principal,
        customer_id=w.north.pk,
        data={"kind": "COMPLAINT", "text": "Broken", "severity": "LOW"},
    )
    complaint = await Complaint.get(feedback_id=feedback.pk)
    return await _mutation_allowed(gql, who, ACKNOWLEDGE, {"id": to_global_id("Complaint", complaint.pk)})


CREATE_SEGMENT = 'mutation { createSegment(input: {name: "S", kind: STATIC}) { segment { id } userErrors { code } } }'
RENAME_SEGMENT = """mutation($id: ID!) { updateSegment(input: {id: $id, name: "Renamed"}) {
  segment { id } userErrors { code } } }"""
SEGMENT_STRATEGY = """mutation($id: ID!) { updateSegmentStrategy(input: {segmentId: $id, servicePriority: 1}) {
  segment { id } userErrors { code } } }"""
SEGMENT_MEMBERS = """query($id: ID!) { node(id: $id) { ... on Segment { members(first: 100) {
  edges { node { name } } } } } }"""
SEGMENTS = "{ segments(first: 5) { totalCount } }"


async def _admins_segment(w: World, rule: dict | None = None) -> str:
    from guanxi.segments.services import create_segment

    segment = await create_segment(
        principal=w.by_role["ADMIN"].principal,
        data={"name": "Admin's", "kind": "DYNAMIC" if rule else "STATIC", "rule": rule},
    )
    return to_global_id("Segment", segment.pk)


async def _segment_mutation(gql, who: Staff, w: World, query: str) -> str:
    return await _mutation_allowed(gql, who, query, {"id": await _admins_segment(w)})


async def _members_include_north(gql, who: Staff, w: World) -> str:
    segment = await _admins_segment(w, {"field": "KIND", "op": "EQ", "value": "PERSON"})
    data = await gql.data(SEGMENT_MEMBERS, {"id": segment}, as_=who)
    return "yes" if {"node": {"name": "North"}} in data["node"]["members"]["edges"] else "no"


REDEEM = """mutation($id: ID!) { redeemPoints(input: {accountId: $id, points: 1}) {
  entry { id } userErrors { code } } }"""
ADJUST = """mutation($id: ID!) { adjustPoints(input: {accountId: $id, points: 5, reason: "goodwill"}) {
  entry { id } userErrors { code } } }"""
CREATE_REWARD = 'mutation { createReward(input: {name: "Mug", pointsCost: 100}) { reward { id } userErrors { code } } }'
PROGRAM = "mutation { updateLoyaltyProgram(input: {birthdayBonus: 50}) { program { birthdayBonus } userErrors { code } } }"
LOYALTY_ACCOUNT = 'query { customer(id: "%s") { loyaltyAccount { balance } } }'


async def _own_account(w: World) -> str:
    from guanxi.loyalty.services import adjust_points, enroll

    account = await enroll(principal=w.by_role["ADMIN"].principal, customer_id=w.own.pk)
    await adjust_points(principal=w.by_role["ADMIN"].principal, account_id=account.pk, points=10, reason="start")
    return to_global_id("LoyaltyAccount", account.pk)


async def _account_mutation(gql, who: Staff, w: World, query: str) -> str:
    return await _mutation_allowed(gql, who, query, {"id": await _own_account(w)})


ROLE_CHECKS: dict[str, Callable[..., Awaitable[str]]] = {
    "see the agent's own customer": lambda gql, who, w: _sees(gql, who, w.own),
    "see South's unowned customer": lambda gql, who, w: _sees(gql, who, w.unowned),
    "see North's customer": lambda gql, who, w: _sees(gql, who, w.north),
    "read a phone number in clear": _phone,
    "create a customer": lambda gql, who, w: _mutation_allowed(gql, who, CREATE),
    "update South's unowned customer": lambda gql, who, w: _mutation_allowed(
        gql, who, UPDATE, {"id": gid(w.unowned)}
    ),
    "update North's customer": _update_north,
    "record a purchase for the agent's own customer": lambda gql, who, w: _mutation_allowed(
        gql, who, RECORD, {"id": gid(w.own)}
    ),
    "list North's staff": _list_north_staff,
    "create an API key": lambda gql, who, w: _mutation_allowed(gql, who, CREATE_KEY),
    "read the audit log": lambda gql, who, w: _reads(gql, who, AUDIT_LOG),
    "export the agent's own customer's data": lambda gql, who, w: _export(gql, who, w),
    "erase South's unowned customer": lambda gql, who, w: _erase(gql, who, w),
    "log a contact with the agent's own customer": lambda gql, who, w: _mutation_allowed(
        gql, who, LOG_CONTACT, {"id": gid(w.own)}
    ),
    "log a contact with North's customer": lambda gql, who, w: _mutation_allowed(
        gql, who, LOG_CONTACT, {"id": gid(w.north)}
    ),
    "change the contact-frequency policy": _change_policy,
    "override a BLOCK contact-frequency cap": _override_cap,
    "see care reminders for North's agent's customers": _north_reminders,
    "file a complaint for the agent's own customer": lambda gql, who, w: _mutation_allowed(
        gql, who, FILE_COMPLAINT, {"id": gid(w.own)}
    ),
    "acknowledge a complaint of North's customer": _acknowledge_north,
    "change a complaint service standard": lambda gql, who, w: _mutation_allowed(gql, who, STANDARD),
    "create a segment": lambda gql, who, w: _mutation_allowed(gql, who, CREATE_SEGMENT),
    "change a segment someone else owns": lambda gql, who, w: _segment_mutation(gql, who, w, RENAME_SEGMENT),
    "set a segment's service strategy": lambda gql, who, w: _segment_mutation(gql, who, w, SEGMENT_STRATEGY),
    "see North's customer among a segment's members": _members_include_north,
    "redeem points of the agent's own customer": lambda gql, who, w: _account_mutation(gql, who, w, REDEEM),
    "adjust a loyalty balance": lambda gql, who, w: _account_mutation(gql, who, w, ADJUST),
    "add a reward to the catalogue": lambda gql, who, w: _mutation_allowed(gql, who, CREATE_REWARD),
    "change the loyalty program": lambda gql, who, w: _mutation_allowed(gql, who, PROGRAM),
}


async def test_role_matrix(gql, world):
    header, *rows = _table("role-matrix")
    roles = header[1:]
    assert roles == ["ADMIN", "MANAGER", "AGENT", "ANALYST"]
    assert {r[0] for r in rows} == set(ROLE_CHECKS), "every documented operation has a check and vice versa"
    actual = {}
    for operation, *_ in rows:
        for role in roles:
            actual[(operation, role)] = await ROLE_CHECKS[operation](gql, world.by_role[role], world)
    expected = {(row[0], role): cell for row in rows for role, cell in zip(roles, row[1:], strict=True)}
    assert actual == expected


async def _loyalty_reads(gql, who: Staff, w: World) -> str:
    await _own_account(w)
    return await _reads(gql, who, LOYALTY_ACCOUNT % gid(w.own))


async def test_scope_matrix(gql, world):
    _, *rows = _table("scope-matrix")
    checks = {
        "list and read customers": lambda who: _sees(gql, who, world.north),
        "create a customer": lambda who: _mutation_allowed(gql, who, CREATE),
        "record a purchase": lambda who: _mutation_allowed(gql, who, RECORD, {"id": gid(world.own)}),
        "read a phone number in clear": lambda who: _phone(gql, who, world),
        "read a customer's contacts": lambda who: _reads(gql, who, CONTACTS % gid(world.own)),
        "log a contact": lambda who: _mutation_allowed(gql, who, LOG_CONTACT, {"id": gid(world.own)}),
        "read complaints": lambda who: _reads(gql, who, COMPLAINTS),
        "record feedback": lambda who: _mutation_allowed(gql, who, SUBMIT, {"id": gid(world.own)}),
        "read segments": lambda who: _reads(gql, who, SEGMENTS),
        "create a segment": lambda who: _mutation_allowed(gql, who, CREATE_SEGMENT),
        "read a loyalty account": lambda who: _loyalty_reads(gql, who, world),
        "redeem points": lambda who: _account_mutation(gql, who, world, REDEEM),
    }
    assert {r[0] for r in rows} == set(checks)
    all_scopes = [
        "customers:read",
        "customers:write",
        "purchases:write",
        "pii:read",
        "interactions:read",
        "interactions:write",
        "feedback:read",
        "feedback:write",
        "segments:read",
        "segments:write",
        "loyalty:read",
        "loyalty:write",
    ]
    for operation, scope in rows:
        # with every scope but this one (customers:read kept so the customer can be read at all) ...
        without = [s for s in all_scopes if s != scope] or ["customers:read"]
        with_scope = all_scopes
        results = {}
        for label, scopes in (("with", with_scope), ("without", without)):
            _, secret = await create_api_key(principal=None, name=f"{operation} {label}", scopes=scopes)
            key = Staff(user=world.by_role["ADMIN"].user, token=secret)
            try:
                results[label] = await checks[operation](key)
            except AssertionError:
                results[label] = "error"
        denied = "masked" if operation == "read a phone number in clear" else "no"
        if scope == "customers:read":
            assert results["with"] == "yes", operation
            continue
        assert results == {"with": "yes", "without": denied}, (operation, results)
