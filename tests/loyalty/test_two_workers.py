"""Redemptions never overdraw, across processes: 50 simultaneous redemptions through HTTP at
`guanxi serve --workers 2`, on SQLite (one file) and on PostgreSQL; exactly as many succeed as the
balance allows, a reward's stock never goes below zero, and the ledger stays consistent."""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from collections import Counter

import httpx
import pytest

from tests.conftest import TEST_DB_URL_VAR, _pg_admin, _with_db_name
from tests.servers import CLI, free_port, served

ATTEMPTS = 50
REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  loyaltyAccount { balance } userErrors { code } } }"""
REWARD = """mutation($input: RedeemRewardInput!) { redeemReward(input: $input) {
  loyaltyAccount { balance } userErrors { code } } }"""


@pytest.fixture(params=["sqlite", "postgres"])
async def two_workers(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    env.update(GUANXI_DATA_DIR=str(tmp_path), GUANXI_PORT=str(free_port()), GUANXI_LOG_LEVEL="WARNING")
    pg_name = None
    if request.param == "postgres":
        base = os.environ.get(TEST_DB_URL_VAR)
        if not base:
            pytest.skip(f"PostgreSQL run skipped: set {TEST_DB_URL_VAR}")
        pg_name = f"guanxi_loyalty_{uuid.uuid4().hex[:8]}"
        await _pg_admin(base, f'CREATE DATABASE "{pg_name}"')
        env["GUANXI_DATABASE_URL"] = _with_db_name(base, pg_name)
    try:
        subprocess.run([*CLI, "migrate"], env=env, check=True, capture_output=True, timeout=120)
        made = subprocess.run(
            [*CLI, "token", "create", "--role", "ADMIN", "--name", "Till"],
            env=env, check=True, capture_output=True, text=True, timeout=120,
        )
        with served(env, "--workers", "2") as url:
            yield url, made.stdout.strip().splitlines()[-1], env
    finally:
        if pg_name:
            await _pg_admin(os.environ[TEST_DB_URL_VAR], f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


async def test_simultaneous_redemptions_never_overdraw(two_workers):
    url, token, env = two_workers
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as http:

        async def gql(query: str, variables: dict | None = None) -> dict:
            response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, body
            return body["data"]

        customer = (await gql('mutation { createCustomer(input: {name: "王芳"}) { customer { id } } }'))[
            "createCustomer"]["customer"]["id"]
        bought = await gql(
            """mutation($c: ID!) { recordPurchase(input: {customerId: $c, amount: "1000", currency: "CNY"}) {
              customer { loyaltyAccount { id balance } } userErrors { code } } }""",
            {"c": customer},
        )
        account = bought["recordPurchase"]["customer"]["loyaltyAccount"]
        assert account["balance"] == 1000
        # 50 redemptions of 30 points race through both workers: 33 fit in 1,000.
        results = await asyncio.gather(
            *(gql(REDEEM, {"input": {"accountId": account["id"], "points": 30}}) for _ in range(ATTEMPTS))
        )
        outcomes = Counter(
            (r["redeemPoints"]["userErrors"] or [{"code": "REDEEMED"}])[0]["code"] for r in results
        )
        assert outcomes == {"REDEEMED": 33, "INSUFFICIENT_POINTS": ATTEMPTS - 33}
        # A reward with 5 in stock and enough points for 3: 3 succeed, then INSUFFICIENT_POINTS.
        reward = (await gql('mutation { createReward(input: {name: "Mug", pointsCost: 3, stock: 5}) { reward { id } } }'))[
            "createReward"]["reward"]["id"]
        await gql(
            'mutation($a: ID!) { adjustPoints(input: {accountId: $a, points: 29, reason: "top up"}) { userErrors { code } } }',
            {"a": account["id"]},
        )  # balance 10 + 29 = 39: 13 mugs' worth, 5 in stock
        results = await asyncio.gather(
            *(gql(REWARD, {"input": {"accountId": account["id"], "rewardId": reward}}) for _ in range(20))
        )
        outcomes = Counter((r["redeemReward"]["userErrors"] or [{"code": "REDEEMED"}])[0]["code"] for r in results)
        assert outcomes == {"REDEEMED": 5, "OUT_OF_STOCK": 15}
        final = await gql(
            "query($a: ID!) { node(id: $a) { ... on LoyaltyAccount { balance ledger(first: 100) { totalCount } } } "
            "rewards(all: true) { edges { node { stock } } } }",
            {"a": account["id"]},
        )
        assert final["node"]["balance"] == 39 - 15
        assert final["node"]["ledger"]["totalCount"] == 1 + 33 + 1 + 5
        assert final["rewards"]["edges"] == [{"node": {"stock": 0}}]
    verified = subprocess.run([*CLI, "loyalty", "verify"], env=env, capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stdout
