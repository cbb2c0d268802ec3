"""Segments over GraphQL: create with a rule, preview, members, history, strategy, errors with paths."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from guanxi.core import clock
from guanxi.customers import services as customer_services
from guanxi.graphql.core.ids import to_global_id
from guanxi.segments.models import Segment, SegmentMembership
from tests.worlds import World, world  # noqa: F401 - fixture

CREATE = """mutation($input: CreateSegmentInput!) { createSegment(input: $input) {
  segment { id name kind rule memberCount members(first: 10) { totalCount edges { node { name } } } }
  userErrors { field code message } } }"""
PREVIEW = """query($rule: SegmentRuleInput!) { previewSegment(rule: $rule) {
  preview { memberCount members { name } } userErrors { field code } } }"""
SEGMENT = """query($id: ID!, $since: DateTime!, $from: Date!) { node(id: $id) { ... on Segment {
  memberCount sizeHistory(from: $from) { day size }
  entered: changes(since: $since, kind: ENTERED) { edges { node { customer { name } enteredAt exitedAt } } }
  left: changes(since: $since, kind: LEFT) { edges { node { customer { name } } } } } } }"""
COUNT = """query($id: ID!) { node(id: $id) { ... on Segment { memberCount members { edges { node { name } } } } } }"""
ADD = """mutation($input: SegmentMembersInput!) { addCustomersToSegment(input: $input) {
  addedCount segment { memberCount } userErrors { field code } } }"""
REMOVE = """mutation($input: SegmentMembersInput!) { removeCustomersFromSegment(input: $input) {
  removedCount segment { memberCount } userErrors { field code } } }"""
STRATEGY = """mutation($input: UpdateSegmentStrategyInput!) { updateSegmentStrategy(input: $input) {
  segment { strategy { servicePriority serviceLevel discountPercent preferredChannel contactCap { maxContacts windowDays } } }
  userErrors { field code } } }"""
CUSTOMER = """query($id: ID!) { node(id: $id) { ... on Customer { segments { name }
  effectiveStrategy { segment { name } strategy { servicePriority serviceLevel } }
  contactBudget { limit windowDays } } } }"""

GUANGDONG_BIG_SPENDERS = {
    "all": [
        {"field": "PROVINCE", "op": "EQ", "value": "广东"},
        {"field": "SPEND_IN_LAST_DAYS", "op": "GT", "value": 5000, "days": 365},
    ]
}


async def _customer(admin, name, province=None, **data):
    customer, _ = await customer_services.create_customer(
        principal=admin.principal, data={"name": name, "country": "CN", "province": province, **data}
    )
    return customer


async def _buy(admin, customer, amount):
    await customer_services.record_purchase(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"amount": Decimal(amount), "currency": "CNY", "occurred_at": clock.now() - timedelta(days=3)},
    )


async def test_create_preview_and_read_a_dynamic_segment(gql, admin):
    rich = await _customer(admin, "Rich", "广东")
    await _buy(admin, rich, "8000")
    poor = await _customer(admin, "Poor", "广东")
    await _buy(admin, poor, "80")
    await _buy(admin, await _customer(admin, "Far", "浙江"), "8000")

    preview = (await gql.data(PREVIEW, {"rule": GUANGDONG_BIG_SPENDERS}, as_=admin))["previewSegment"]
    assert preview == {"preview": {"memberCount": 1, "members": [{"name": "Rich"}]}, "userErrors": []}
    assert await Segment.all().count() == 0  # a preview saves nothing

    created = (
        await gql.data(
            CREATE,
            {"input": {"name": "Guangdong big spenders", "kind": "DYNAMIC", "rule": GUANGDONG_BIG_SPENDERS}},
            as_=admin,
        )
    )["createSegment"]
    assert created["userErrors"] == []
    segment = created["segment"]
    assert segment["memberCount"] == 1
    assert segment["members"] == {"totalCount": 1, "edges": [{"node": {"name": "Rich"}}]}
    assert segment["rule"] == GUANGDONG_BIG_SPENDERS

    since = (clock.now() - timedelta(minutes=5)).isoformat()
    today = clock.now().date()
    data = (await gql.data(SEGMENT, {"id": segment["id"], "since": since, "from": str(today - timedelta(days=2))}, as_=admin))[
        "node"
    ]
    assert [p["size"] for p in data["sizeHistory"]] == [0, 0, 1]
    assert [e["node"]["customer"]["name"] for e in data["entered"]["edges"]] == ["Rich"]
    assert data["left"]["edges"] == []


async def test_invalid_rule_reports_the_path_of_the_bad_node(gql, admin):
    rule = {
        "all": [
            {"field": "CITY", "op": "EQ", "value": "广州"},
            {"field": "TOTAL_SPEND", "op": "GT", "value": 1},
            {"any": [{"field": "TOTAL_SPEND", "op": "CONTAINS", "value": "x"}, {"field": "AGE", "op": "GT", "value": "old"}]},
            {"any": []},
        ]
    }
    body = (await gql.data(CREATE, {"input": {"name": "Bad", "kind": "DYNAMIC", "rule": rule}}, as_=admin))[
        "createSegment"
    ]
    assert body["segment"] is None
    assert [(e["field"], e["code"]) for e in body["userErrors"]] == [
        ("input.rule.all.2.any.0.op", "INVALID_OPERATOR"),
        ("input.rule.all.2.any.1.value", "INVALID_VALUE"),
        ("input.rule.all.3.any", "EMPTY_GROUP"),
    ]
    assert await Segment.all().count() == 0
    preview = (await gql.data(PREVIEW, {"rule": rule}, as_=admin))["previewSegment"]
    assert preview["preview"] is None
    assert preview["userErrors"][0] == {"field": "rule.all.2.any.0.op", "code": "INVALID_OPERATOR"}


async def test_static_segment_members_by_hand_with_history(gql, admin):
    a, b = await _customer(admin, "A"), await _customer(admin, "B")
    created = (await gql.data(CREATE, {"input": {"name": "VIP list", "kind": "STATIC"}}, as_=admin))["createSegment"]
    segment_id = created["segment"]["id"]
    ids = [to_global_id("Customer", a.pk), to_global_id("Customer", b.pk)]
    added = (await gql.data(ADD, {"input": {"segmentId": segment_id, "customerIds": ids}}, as_=admin))[
        "addCustomersToSegment"
    ]
    assert added == {"addedCount": 2, "segment": {"memberCount": 2}, "userErrors": []}
    again = (await gql.data(ADD, {"input": {"segmentId": segment_id, "customerIds": ids[:1]}}, as_=admin))[
        "addCustomersToSegment"
    ]
    assert again["addedCount"] == 0
    removed = (await gql.data(REMOVE, {"input": {"segmentId": segment_id, "customerIds": ids[1:]}}, as_=admin))[
        "removeCustomersFromSegment"
    ]
    assert removed == {"removedCount": 1, "segment": {"memberCount": 1}, "userErrors": []}
    assert await SegmentMembership.filter(customer_id=b.pk).count() == 1  # the stay is kept, closed
    bad = (
        await gql.data(ADD, {"input": {"segmentId": segment_id, "customerIds": [ids[0], "nope"]}}, as_=admin)
    )["addCustomersToSegment"]
    assert bad["userErrors"] == [{"field": "input.customerIds.1", "code": "INVALID_VALUE"}]


async def test_agent_counts_only_their_customers(gql, world: World):  # noqa: F811
    admin, agent = world.by_role["ADMIN"], world.by_role["AGENT"]
    created = (
        await gql.data(
            CREATE,
            {"input": {"name": "Everyone", "kind": "DYNAMIC", "rule": {"field": "KIND", "op": "EQ", "value": "PERSON"}}},
            as_=admin,
        )
    )["createSegment"]
    assert created["segment"]["memberCount"] == 3
    seen = await gql.data(COUNT, {"id": created["segment"]["id"]}, as_=agent)
    assert seen["node"]["memberCount"] == 2  # their own and the team's unowned customer
    assert {e["node"]["name"] for e in seen["node"]["members"]["edges"]} == {"Own", "Unowned"}
    preview = (await gql.data(PREVIEW, {"rule": {"field": "KIND", "op": "EQ", "value": "PERSON"}}, as_=agent))
    assert preview["previewSegment"]["preview"]["memberCount"] == 2


async def test_strategy_applies_to_members_and_caps_their_contacts(gql, world: World):  # noqa: F811
    admin, manager, agent = world.by_role["ADMIN"], world.by_role["MANAGER"], world.by_role["AGENT"]
    customer = to_global_id("Customer", world.own.pk)
    segments = []
    for name in ("Gold", "Silver"):
        created = (await gql.data(CREATE, {"input": {"name": name, "kind": "STATIC"}}, as_=admin))["createSegment"]
        segments.append(created["segment"]["id"])
        await gql.data(ADD, {"input": {"segmentId": segments[-1], "customerIds": [customer]}}, as_=admin)
    gold = {"segmentId": segments[0], "servicePriority": 1, "serviceLevel": "VIP hotline", "discountPercent": "12.5",
            "preferredChannel": "WECHAT", "contactCapMax": 1, "contactCapWindowDays": 30}
    silver = {"segmentId": segments[1], "servicePriority": 2, "serviceLevel": "Priority queue"}
    refused = await gql(STRATEGY, {"input": gold}, as_=agent)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for strategy in (silver, gold):
        body = (await gql.data(STRATEGY, {"input": strategy}, as_=manager))["updateSegmentStrategy"]
        assert body["userErrors"] == []
    data = (await gql.data(CUSTOMER, {"id": customer}, as_=admin))["node"]
    assert data["segments"] == [{"name": "Gold"}, {"name": "Silver"}]
    assert data["effectiveStrategy"] == {
        "segment": {"name": "Gold"},
        "strategy": {"servicePriority": 1, "serviceLevel": "VIP hotline"},
    }
    assert data["contactBudget"] == {"limit": 1, "windowDays": 30}
    half = {**silver, "contactCapMax": 3}
    body = (await gql.data(STRATEGY, {"input": half}, as_=manager))["updateSegmentStrategy"]
    assert body["userErrors"] == [{"field": "input.contactCapWindowDays", "code": "REQUIRED"}]


async def test_feedback_stats_of_a_segment(gql, admin):
    from guanxi.feedback.services import submit_feedback

    inside, outside = await _customer(admin, "In", "广东"), await _customer(admin, "Out", "浙江")
    for customer, score in ((inside, 10), (outside, 0)):
        await submit_feedback(
            principal=admin.principal, customer_id=customer.pk, data={"kind": "SURVEY", "score": score, "scale": "NPS"}
        )
    created = (
        await gql.data(
            CREATE,
            {"input": {"name": "Guangdong", "kind": "DYNAMIC", "rule": {"field": "PROVINCE", "op": "EQ", "value": "广东"}}},
            as_=admin,
        )
    )["createSegment"]["segment"]
    query = """query($s: ID) { feedbackStats(segmentId: $s) { scores { nps } promoters { name } detractors { name } } }"""
    everyone = (await gql.data(query, {"s": None}, as_=admin))["feedbackStats"]
    assert everyone["scores"]["nps"] == 0
    segment = (await gql.data(query, {"s": created["id"]}, as_=admin))["feedbackStats"]
    assert segment == {"scores": {"nps": 100}, "promoters": [{"name": "In"}], "detractors": []}


async def test_an_unknown_field_is_a_top_level_error_naming_its_path(gql, admin) -> None:
    """`field` is the SegmentField enum, so GraphQL refuses an unknown name before any resolver runs:
    a top-level error with a code, naming the value and where it sits in the variables."""
    rule = {"all": [{"field": "CITY", "op": "EQ", "value": "广州"}, {"any": [{"field": "SHOE_SIZE", "op": "EQ", "value": 42}]}]}
    for query, variables, where in (
        (PREVIEW, {"rule": rule}, "'$rule' has invalid value at .all[1].any[0].field"),
        (CREATE, {"input": {"name": "Bad", "kind": "DYNAMIC", "rule": rule}}, "'$input' has invalid value at .rule.all[1]"),
    ):
        body = await gql(query, variables, as_=admin)
        assert body.get("data") is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert "SHOE_SIZE" in error["message"] and "SegmentField" in error["message"], error
        assert where in error["message"], error
    assert not await Segment.filter(name="Bad").exists()
