"""Exact cap counting across processes: two uvicorn workers share one SQLite file.

In-process tests cannot show this on SQLite (one connection serialises transactions); here two
processes race for the write lock, as they would in production with `guanxi serve --workers 2`.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections import Counter

import httpx
import pytest

from tests.servers import CLI, free_port, served

LOG = """mutation($input: LogContactInput!) {
  logContact(input: $input) { interaction { id } userErrors { code } } }"""
ATTEMPTS = 30


@pytest.fixture
def two_workers(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    env.update(GUANXI_DATA_DIR=str(tmp_path), GUANXI_PORT=str(free_port()), GUANXI_LOG_LEVEL="WARNING")
    subprocess.run([*CLI, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    made = subprocess.run(
        [*CLI, "token", "create", "--role", "ADMIN", "--name", "Racer"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    token = made.stdout.strip().splitlines()[-1]
    with served(env, "--workers", "2") as base:
        yield base, token


async def test_two_workers_let_exactly_the_cap_through(two_workers):
    base, token = two_workers
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:

        async def gql(query: str, variables: dict | None = None) -> dict:
            response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, body
            return body["data"]

        policy = await gql(
            "mutation { updateContactPolicy(input: {maxContacts: 2, mode: BLOCK}) { userErrors { code } } }"
        )
        assert policy["updateContactPolicy"]["userErrors"] == []
        created = await gql('mutation { createCustomer(input: {name: "王芳"}) { customer { id } } }')
        customer_id = created["createCustomer"]["customer"]["id"]
        contact = {"customerId": customer_id, "channel": "PHONE", "direction": "OUTBOUND"}
        first = await gql(LOG, {"input": contact})
        assert first["logContact"]["userErrors"] == []
        # One contact left in the budget; many requests race for it through both workers.
        results = await asyncio.gather(*(gql(LOG, {"input": contact}) for _ in range(ATTEMPTS)))
        outcomes = Counter(
            r["logContact"]["userErrors"][0]["code"] if r["logContact"]["userErrors"] else "LOGGED"
            for r in results
        )
        assert outcomes == {"LOGGED": 1, "FREQUENCY_CAP_EXCEEDED": ATTEMPTS - 1}
        budget = await gql(
            "query($id: ID!) { customer(id: $id) { contactBudget { used limit } interactions { totalCount } } }",
            {"id": customer_id},
        )
        assert budget["customer"] == {
            "contactBudget": {"used": 2, "limit": 2},
            "interactions": {"totalCount": 2},
        }
