from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guanxi.accounts.models import AuditEvent
from guanxi.core import clock
from guanxi.core.models import IdempotencyRecord
from guanxi.customers import services as customer_services
from guanxi.graphql.core.ids import to_global_id
from guanxi.interactions.models import Interaction
from tests.worlds import World, world  # noqa: F401 - fixture

LOG = """
mutation Log($input: LogContactInput!) {
  logContact(input: $input) {
    interaction { id channel direction subject notes outcome occurredAt followUpOpen loggedBy { name }
      loggedByApiKey customer { name } }
    customer { lifecycleStage }
    userErrors { field message code }
  }
}
"""
SET_CONSENT = """mutation($input: SetConsentInput!) {
  setConsent(input: $input) { consent { channel status source setBy { name } } userErrors { field code } } }"""
COMPLETE = """mutation($input: CompleteFollowUpInput!) {
  completeFollowUp(input: $input) { interaction { followUpOpen followUpCompletedAt } userErrors { field code } } }"""
UPDATE = """mutation($input: UpdateInteractionInput!) {
  updateInteraction(input: $input) { interaction { subject outcome } userErrors { field code } } }"""
LIST = """query($filter: InteractionFilter, $first: Int, $after: String) {
  interactions(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { subject } } } }"""
CUSTOMER = """query($id: ID!) { customer(id: $id) {
  interactions(first: 2) { totalCount pageInfo { hasNextPage } edges { node { subject } } }
  consents { channel status } consentHistory(channel: SMS) { status note } } }"""


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def _customer(admin, **data):
    customer, _ = await customer_services.create_customer(
        principal=admin.principal, data={"name": "王芳", **data}
    )
    return customer


async def log(gql, who, customer_id, **fields):
    data = await gql.data(
        LOG,
        {"input": {"customerId": customer_id, "channel": "PHONE", "direction": "OUTBOUND", **fields}},
        as_=who,
    )
    return data["logContact"]


async def test_log_contact_returns_the_interaction(gql, admin):
    customer = await _customer(admin)
    payload = await log(
        gql,
        admin,
        to_global_id("Customer", customer.pk),
        subject="Call",
        notes="Asked for prices",
        outcome="INTERESTED",
        followUpDueAt="2030-01-01T09:00:00+08:00",
    )
    assert payload["userErrors"] == []
    interaction = payload["interaction"]
    assert interaction["channel"] == "PHONE"
    assert interaction["subject"] == "Call"
    assert interaction["outcome"] == "INTERESTED"
    assert interaction["followUpOpen"] is True
    assert interaction["loggedBy"] == {"name": "Ada Admin"}
    assert interaction["loggedByApiKey"] is False
    assert interaction["customer"] == {"name": "王芳"}
    assert payload["customer"] == {"lifecycleStage": "PROSPECT"}
    assert await AuditEvent.filter(record_type="Interaction").count() == 1


async def test_idempotent_retry_and_key_reuse(gql, admin):
    customer_id = to_global_id("Customer", (await _customer(admin)).pk)
    first = await log(gql, admin, customer_id, subject="A", idempotencyKey="mobile-1")
    again = await log(gql, admin, customer_id, subject="A", idempotencyKey="mobile-1")
    assert again["interaction"]["id"] == first["interaction"]["id"]
    other = await log(gql, admin, customer_id, subject="B", idempotencyKey="mobile-1")
    assert codes(other) == [("IDEMPOTENCY_KEY_REUSED", "input.idempotencyKey")]
    assert await Interaction.all().count() == 1


async def test_future_date_is_a_user_error(gql, admin):
    customer_id = to_global_id("Customer", (await _customer(admin)).pk)
    future = (clock.now() + timedelta(minutes=10)).isoformat()
    payload = await log(gql, admin, customer_id, occurredAt=future)
    assert codes(payload) == [("FUTURE_DATE", "input.occurredAt")]
    assert payload["interaction"] is None
    assert await Interaction.all().count() == 0


async def test_consent_refusal_writes_nothing_and_inbound_is_still_logged(gql, admin):
    customer = await _customer(admin)
    customer_id = to_global_id("Customer", customer.pk)
    consent = await gql.data(
        SET_CONSENT,
        {
            "input": {
                "customerId": customer_id,
                "channel": "SMS",
                "status": "OPTED_OUT",
                "note": "asked us to stop",
            }
        },
        as_=admin,
    )
    assert consent["setConsent"] == {
        "consent": {"channel": "SMS", "status": "OPTED_OUT", "source": None, "setBy": {"name": "Ada Admin"}},
        "userErrors": [],
    }
    refused = await log(gql, admin, customer_id, channel="SMS", direction="OUTBOUND", idempotencyKey="x")
    assert codes(refused) == [("CONSENT_WITHDRAWN", "input.channel")]
    assert await Interaction.all().count() == 0
    assert await IdempotencyRecord.all().count() == 0
    inbound = await log(gql, admin, customer_id, channel="SMS", direction="INBOUND")
    assert inbound["userErrors"] == []
    assert await Interaction.all().count() == 1
    data = await gql.data(CUSTOMER, {"id": customer_id}, as_=admin)
    consents = {c["channel"]: c["status"] for c in data["customer"]["consents"]}
    assert consents["SMS"] == "OPTED_OUT"
    assert consents["EMAIL"] == "UNKNOWN"
    assert data["customer"]["consentHistory"] == [{"status": "OPTED_OUT", "note": "asked us to stop"}]


async def test_first_inbound_contact_promotes_a_prospect_unless_pinned(gql, admin):
    free = await _customer(admin)
    pinned = await _customer(admin, name="Pinned")
    await customer_services.pin_lifecycle_stage(
        principal=admin.principal, customer_id=pinned.pk, stage="PROSPECT"
    )
    payload = await log(gql, admin, to_global_id("Customer", free.pk), direction="INBOUND")
    assert payload["customer"] == {"lifecycleStage": "POTENTIAL_BUYER"}
    payload = await log(gql, admin, to_global_id("Customer", pinned.pk), direction="INBOUND")
    assert payload["customer"] == {"lifecycleStage": "PROSPECT"}


async def test_unknown_and_archived_customers_are_user_errors(gql, admin):
    payload = await log(gql, admin, to_global_id("Customer", 999))
    assert codes(payload) == [("NOT_FOUND", "input.customerId")]
    customer = await _customer(admin)
    await customer_services.set_archived(principal=admin.principal, customer_id=customer.pk, archived=True)
    payload = await log(gql, admin, to_global_id("Customer", customer.pk))
    assert codes(payload) == [("ARCHIVED", "input.customerId")]


async def test_interactions_filter_and_paging(gql, admin):
    a, b = await _customer(admin, name="A"), await _customer(admin, name="B")
    base = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    for i in range(3):
        await log(
            gql,
            admin,
            to_global_id("Customer", a.pk),
            subject=f"a{i}",
            occurredAt=(base + timedelta(hours=i)).isoformat(),
        )
    await log(
        gql,
        admin,
        to_global_id("Customer", b.pk),
        subject="b-email",
        channel="EMAIL",
        direction="INBOUND",
        occurredAt=(base + timedelta(days=1)).isoformat(),
        followUpDueAt="2024-05-03T00:00:00+00:00",
    )
    page = (await gql.data(LIST, {"first": 2}, as_=admin))["interactions"]
    assert [e["node"]["subject"] for e in page["edges"]] == ["b-email", "a2"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (4, True)
    rest = (await gql.data(LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]}, as_=admin))[
        "interactions"
    ]
    assert [e["node"]["subject"] for e in rest["edges"]] == ["a1", "a0"]
    assert rest["pageInfo"]["hasNextPage"] is False

    async def subjects(**f):
        data = await gql.data(LIST, {"filter": f}, as_=admin)
        return [e["node"]["subject"] for e in data["interactions"]["edges"]]

    assert await subjects(customerId=to_global_id("Customer", a.pk)) == ["a2", "a1", "a0"]
    assert await subjects(channels=["EMAIL"]) == ["b-email"]
    assert await subjects(direction="OUTBOUND") == ["a2", "a1", "a0"]
    assert await subjects(
        occurredAfter="2024-05-01T18:30:00+08:00", occurredBefore="2024-05-02T00:00:00Z"
    ) == ["a2", "a1"]
    assert await subjects(followUpOpen=True) == ["b-email"]
    assert await subjects(followUpOpen=False) == ["a2", "a1", "a0"]
    assert await subjects(followUpDueBefore="2024-05-04T00:00:00Z") == ["b-email"]
    assert await subjects(loggedById=to_global_id("User", admin.user.pk)) == ["b-email", "a2", "a1", "a0"]


async def test_customer_interactions_pages_newest_first(gql, admin):
    customer = await _customer(admin)
    customer_id = to_global_id("Customer", customer.pk)
    base = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    for i in range(3):
        await log(
            gql, admin, customer_id, subject=f"c{i}", occurredAt=(base + timedelta(hours=i)).isoformat()
        )
    data = await gql.data(CUSTOMER, {"id": customer_id}, as_=admin)
    connection = data["customer"]["interactions"]
    assert [e["node"]["subject"] for e in connection["edges"]] == ["c2", "c1"]
    assert (connection["totalCount"], connection["pageInfo"]["hasNextPage"]) == (3, True)


async def test_update_and_complete_follow_up(gql, admin):
    customer_id = to_global_id("Customer", (await _customer(admin)).pk)
    created = await log(gql, admin, customer_id, subject="Call", followUpDueAt="2030-01-01T00:00:00Z")
    interaction_id = created["interaction"]["id"]
    updated = await gql.data(UPDATE, {"input": {"id": interaction_id, "outcome": "REACHED"}}, as_=admin)
    assert updated["updateInteraction"] == {
        "interaction": {"subject": "Call", "outcome": "REACHED"},
        "userErrors": [],
    }
    done = (await gql.data(COMPLETE, {"input": {"id": interaction_id}}, as_=admin))["completeFollowUp"]
    assert done["interaction"]["followUpOpen"] is False
    assert done["interaction"]["followUpCompletedAt"] is not None
    no_follow_up = await log(gql, admin, customer_id)
    refused = await gql.data(COMPLETE, {"input": {"id": no_follow_up["interaction"]["id"]}}, as_=admin)
    assert codes(refused["completeFollowUp"]) == [("NO_FOLLOW_UP", "input.id")]


async def test_an_agent_cannot_see_or_log_for_another_teams_customer(gql, world: World):
    admin, agent = world.by_role["ADMIN"], world.by_role["AGENT"]
    north_id = to_global_id("Customer", world.north.pk)
    logged = await log(gql, admin, north_id, subject="north call")
    body = await gql(
        LOG, {"input": {"customerId": north_id, "channel": "PHONE", "direction": "OUTBOUND"}}, as_=agent
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    await log(gql, agent, to_global_id("Customer", world.own.pk), subject="own call")
    listed = await gql.data(LIST, {}, as_=agent)
    assert [e["node"]["subject"] for e in listed["interactions"]["edges"]] == ["own call"]
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": logged["interaction"]["id"]}, as_=agent
    )
    assert node["node"] is None
    body = await gql(COMPLETE, {"input": {"id": logged["interaction"]["id"]}}, as_=agent)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await Interaction.filter(customer_id=world.north.pk).count() == 1


async def test_an_analyst_reads_but_cannot_write(gql, world: World):
    analyst = world.by_role["ANALYST"]
    own_id = to_global_id("Customer", world.own.pk)
    await log(gql, world.by_role["ADMIN"], own_id, subject="seen")
    body = await gql(
        LOG, {"input": {"customerId": own_id, "channel": "PHONE", "direction": "OUTBOUND"}}, as_=analyst
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    body = await gql(
        SET_CONSENT, {"input": {"customerId": own_id, "channel": "SMS", "status": "OPTED_IN"}}, as_=analyst
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    listed = await gql.data(LIST, {}, as_=analyst)
    assert [e["node"]["subject"] for e in listed["interactions"]["edges"]] == ["seen"]
    assert await Interaction.all().count() == 1
