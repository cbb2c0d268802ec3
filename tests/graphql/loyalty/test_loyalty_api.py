"""The loyalty program over GraphQL: the account card, redemptions and their errors, rewards, the program."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guanxi.core import clock
from guanxi.customers import services as customers
from guanxi.graphql.core.ids import to_global_id
from guanxi.loyalty.models import LedgerEntry, LoyaltyAccount, Reward

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)

CARD = """query($id: ID!) { customer(id: $id) { loyaltyAccount {
  id balance tier { name } nextTier { name threshold } pointsEarned12m pointsToNextTier
  expiringSoon(days: 30) { points firstExpiresAt }
  ledger(first: 2) { totalCount edges { node { kind amount reason referenceType referenceId } } pageInfo { hasNextPage } }
  tierHistory { fromTier toTier reason } } } }"""
BUY = """mutation($c: ID!, $amount: Decimal!) { recordPurchase(input: {customerId: $c, amount: $amount, currency: "CNY"}) {
  userErrors { code } } }"""
REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  entry { id amount } loyaltyAccount { balance } userErrors { field code } } }"""
REWARD = """mutation($input: RedeemRewardInput!) { redeemReward(input: $input) {
  entry { amount reason referenceType } loyaltyAccount { balance } userErrors { field code } } }"""
CREATE_REWARD = """mutation($input: CreateRewardInput!) { createReward(input: $input) { reward { id } userErrors { field code } } }"""
PROGRAM = """mutation($input: UpdateLoyaltyProgramInput!) { updateLoyaltyProgram(input: $input) {
  program { earnRate tiers { name threshold } } userErrors { field code } } }"""
STATS = """{ loyaltyStats { members membersByTier { tier members } pointsLiability months { month earned redeemed } } }"""


@pytest.fixture(autouse=True)
def frozen():
    clock.freeze(T0)
    yield
    clock.freeze(None)


async def _member(gql, admin, spend: str = "1200") -> tuple[str, str]:
    customer, _ = await customers.create_customer(principal=admin.principal, data={"name": "王芳"})
    cid = to_global_id("Customer", customer.pk)
    assert (await gql.data(BUY, {"c": cid, "amount": spend}, as_=admin))["recordPurchase"]["userErrors"] == []
    account = (await gql.data(CARD, {"id": cid}, as_=admin))["customer"]["loyaltyAccount"]
    return cid, account["id"]


async def test_the_account_card(gql, admin):
    cid, _ = await _member(gql, admin, "1200")
    await gql.data(BUY, {"c": cid, "amount": "100"}, as_=admin)
    card = (await gql.data(CARD, {"id": cid}, as_=admin))["customer"]["loyaltyAccount"]
    assert card["balance"] == 1200 + 125  # Silver from 1,000: the second purchase earns × 1.25
    assert card["tier"] == {"name": "Silver"}
    assert card["nextTier"] == {"name": "Gold", "threshold": 5000}
    assert (card["pointsEarned12m"], card["pointsToNextTier"]) == (1325, 5000 - 1325)
    assert card["expiringSoon"] == {"points": 0, "firstExpiresAt": None}
    assert card["ledger"]["totalCount"] == 2 and card["ledger"]["pageInfo"]["hasNextPage"] is False
    newest = card["ledger"]["edges"][0]["node"]
    assert (newest["kind"], newest["amount"], newest["referenceType"]) == ("EARN", 125, "PURCHASE")
    assert newest["referenceId"].startswith("UHVyY2hhc2U")  # a Purchase global id
    assert [(h["fromTier"], h["toTier"]) for h in card["tierHistory"]] == [("Bronze", "Silver"), (None, "Bronze")]
    clock.freeze(T0 + timedelta(days=30 * 24 - 10))  # 24 months' lifetime, 10 days before the end
    soon = (await gql.data(CARD, {"id": cid}, as_=admin))["customer"]["loyaltyAccount"]["expiringSoon"]
    assert soon["points"] == 1325


async def test_redeeming_too_much_is_refused_at_the_points_field_and_retries_are_safe(gql, admin):
    _, account = await _member(gql, admin, "100")
    body = (await gql.data(REDEEM, {"input": {"accountId": account, "points": 101}}, as_=admin))["redeemPoints"]
    assert body == {"entry": None, "loyaltyAccount": None, "userErrors": [{"field": "input.points", "code": "INSUFFICIENT_POINTS"}]}
    assert await LedgerEntry.all().count() == 1
    zero = (await gql.data(REDEEM, {"input": {"accountId": account, "points": 0}}, as_=admin))["redeemPoints"]
    assert zero["userErrors"] == [{"field": "input.points", "code": "INVALID_VALUE"}]
    first = (await gql.data(REDEEM, {"input": {"accountId": account, "points": 60, "idempotencyKey": "till-1"}}, as_=admin))
    again = (await gql.data(REDEEM, {"input": {"accountId": account, "points": 60, "idempotencyKey": "till-1"}}, as_=admin))
    assert first["redeemPoints"]["entry"] == again["redeemPoints"]["entry"]
    assert again["redeemPoints"]["loyaltyAccount"] == {"balance": 40}


async def test_rewards_check_tier_window_and_stock(gql, admin):
    _, account = await _member(gql, admin, "900")
    program = (await gql.data("{ loyaltyProgram { tiers { id name } } }", as_=admin))["loyaltyProgram"]
    gold = next(t["id"] for t in program["tiers"] if t["name"] == "Gold")
    made = {}
    for name, extra in (
        ("Mug", {"pointsCost": 300, "stock": 1}),
        ("Tasting", {"pointsCost": 100, "minTierId": gold}),
        ("Later", {"pointsCost": 100, "activeFrom": (T0 + timedelta(days=3)).isoformat()}),
    ):
        body = (await gql.data(CREATE_REWARD, {"input": {"name": name, **extra}}, as_=admin))["createReward"]
        assert body["userErrors"] == []
        made[name] = body["reward"]["id"]
    ok = (await gql.data(REWARD, {"input": {"accountId": account, "rewardId": made["Mug"]}}, as_=admin))["redeemReward"]
    assert ok["entry"] == {"amount": -300, "reason": "Reward: Mug", "referenceType": "REWARD"}
    for reward, code in (("Mug", "OUT_OF_STOCK"), ("Tasting", "TIER_TOO_LOW"), ("Later", "REWARD_UNAVAILABLE")):
        body = (await gql.data(REWARD, {"input": {"accountId": account, "rewardId": made[reward]}}, as_=admin))
        assert body["redeemReward"]["userErrors"] == [{"field": "input.rewardId", "code": code}], reward
    assert (await LoyaltyAccount.first()).balance == 600  # the refusals took nothing
    assert (await Reward.get(name="Mug")).stock == 0
    listed = await gql.data("{ rewards { edges { node { name } } } }", as_=admin)
    assert [e["node"]["name"] for e in listed["rewards"]["edges"]] == ["Tasting", "Mug"]  # "Later" not yet
    bad = (await gql.data(CREATE_REWARD, {"input": {"name": " ", "pointsCost": 0}}, as_=admin))["createReward"]
    assert bad["userErrors"] == [{"field": "input.name", "code": "REQUIRED"}, {"field": "input.pointsCost", "code": "INVALID_VALUE"}]


async def test_adjust_needs_a_reason_and_a_manager(gql, admin, agent):
    _, account = await _member(gql, admin, "10")
    adjust = """mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) {
      loyaltyAccount { balance } userErrors { field code } } }"""
    refused = await gql(adjust, {"input": {"accountId": account, "points": 5, "reason": "x"}}, as_=agent)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    blank = (await gql.data(adjust, {"input": {"accountId": account, "points": 5, "reason": " "}}, as_=admin))
    assert blank["adjustPoints"]["userErrors"] == [{"field": "input.reason", "code": "REQUIRED"}]
    down = (await gql.data(adjust, {"input": {"accountId": account, "points": -11, "reason": "typo"}}, as_=admin))
    assert down["adjustPoints"]["userErrors"] == [{"field": "input.points", "code": "INSUFFICIENT_POINTS"}]
    up = (await gql.data(adjust, {"input": {"accountId": account, "points": -4, "reason": "typo"}}, as_=admin))
    assert up["adjustPoints"] == {"loyaltyAccount": {"balance": 6}, "userErrors": []}


async def test_program_tiers_are_validated_with_paths(gql, admin):
    tiers = [{"name": "Basic", "threshold": 10}, {"name": "Basic", "threshold": 5}]
    body = (await gql.data(PROGRAM, {"input": {"earnRate": "0", "tiers": tiers}}, as_=admin))["updateLoyaltyProgram"]
    assert body["userErrors"] == [
        {"field": "input.earnRate", "code": "INVALID_VALUE"},
        {"field": "input.tiers.0.threshold", "code": "INVALID_VALUE"},
        {"field": "input.tiers.1.name", "code": "DUPLICATE"},
        {"field": "input.tiers.1.threshold", "code": "INVALID_VALUE"},
    ]
    clock.freeze(T0 + timedelta(hours=1))
    good = [{"name": "Bronze", "threshold": 0}, {"name": "Gold", "threshold": 500, "multiplier": "2"}]
    body = (await gql.data(PROGRAM, {"input": {"earnRate": "2", "tiers": good}}, as_=admin))["updateLoyaltyProgram"]
    assert body["program"] == {"earnRate": "2.0000", "tiers": [{"name": "Bronze", "threshold": 0}, {"name": "Gold", "threshold": 500}]}
    changed = (await gql.data("{ loyaltyProgram { updatedAt } }", as_=admin))["loyaltyProgram"]["updatedAt"]
    assert changed.startswith("2026-03-10T13:00:00")
    _, account = await _member(gql, admin, "300")  # 600 points at 2 per yuan: Gold at once
    card = await gql.data("query($a: ID!) { node(id: $a) { ... on LoyaltyAccount { balance tier { name } } } }", {"a": account}, as_=admin)
    assert card["node"] == {"balance": 600, "tier": {"name": "Gold"}}


async def test_stats(gql, admin):
    _, account = await _member(gql, admin, "1200")
    await gql.data(REDEEM, {"input": {"accountId": account, "points": 200}}, as_=admin)
    clock.freeze(T0 + timedelta(minutes=1))  # the range ends (excluded) now
    stats = (await gql.data(STATS, as_=admin))["loyaltyStats"]
    assert stats["members"] == 1 and stats["pointsLiability"] == 1000
    assert {"tier": "Silver", "members": 1} in stats["membersByTier"]
    assert stats["months"][-1] == {"month": "2026-03-01", "earned": 1200, "redeemed": 200}
