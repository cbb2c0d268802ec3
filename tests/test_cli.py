from __future__ import annotations

import os
import subprocess
import sys

from guanxi.accounts.models import User
from tests.conftest import ROOT

GUANXI = [sys.executable, "-m", "guanxi"]


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, with this test's GUANXI_* settings (same database, same secret)."""
    return subprocess.run(
        [*GUANXI, *args],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
        cwd=ROOT,
    )


async def test_token_create_prints_a_working_bearer_token_on_its_last_line(db, client):
    result = run("token", "create", "--role", "AGENT", "--name", "Field App")
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("gx_") and " " not in token
    response = await client.post(
        "/graphql", json={"query": "{ viewer { name role } }"}, headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert body.pop("extensions")["cost"]["requestedQueryCost"] == 1
    assert body == {"data": {"viewer": {"name": "Field App", "role": "AGENT"}}}
    # the same name reuses the user
    run("token", "create", "--role", "AGENT", "--name", "Field App")
    assert await User.filter(name="Field App").count() == 1


async def test_user_create_and_login(db, gql):
    run(
        "user",
        "create",
        "--email",
        "Chen@Example.com",
        "--role",
        "MANAGER",
        "--name",
        "陈静",
        "--password",
        "Long-enough-77",
    )
    body = await gql(
        'mutation { login(input: {email: "chen@example.com", password: "Long-enough-77"}) { viewer { name role } userErrors { code } } }'
    )
    assert body["data"]["login"] == {"viewer": {"name": "陈静", "role": "MANAGER"}, "userErrors": []}


async def test_user_create_refuses_a_weak_password(db):
    result = run(
        "user", "create", "--email", "weak@example.com", "--role", "AGENT", "--password", "12345", check=False
    )
    assert result.returncode != 0
    assert "at least 10 characters" in result.stderr
    assert not await User.filter(email="weak@example.com").exists()


def test_export_schema_prints_the_sdl():
    result = run("export-schema")
    assert result.stdout == (ROOT / "schema.graphql").read_text()


def test_migrate_is_repeatable(db):
    assert "migrations applied" in run("migrate").stdout
    assert "migrations applied" in run("migrate").stdout


async def test_seed_adds_demo_data_and_the_demo_admin(db):
    from guanxi.cli import DEMO_ADMIN_EMAIL
    from guanxi.customers.models import Customer

    result = run("seed", "--customers", "30", "--seed", "3")
    assert "seeded 30 customers" in result.stdout
    assert "customers: 30/30" in result.stderr  # plain progress lines when not on a terminal
    assert await Customer.all().count() == 30
    assert await User.filter(email=DEMO_ADMIN_EMAIL, role="ADMIN").exists()


async def test_apikey_create_prints_the_secret_last_and_it_works(db, client):
    result = run("apikey", "create", "--name", "Survey tool", "--scopes", "customers:read,pii:read")
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("gxk_")
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { kind name permissions } }"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.json()["data"]["viewer"] == {
        "kind": "API_KEY",
        "name": "Survey tool",
        "permissions": ["customers:read", "pii:read"],
    }
    assert "Survey tool" in run("apikey", "list").stdout
    bad = run("apikey", "create", "--name", "x", "--scopes", "everything", check=False)
    assert bad.returncode != 0 and "Unknown scope" in bad.stderr


async def test_user_revoke_sessions_signs_a_user_out_everywhere(db, gql, password_user):
    login = 'mutation { login(input: {email: "mei@example.com", password: "Correct-horse-42"}) { userErrors { code } } }'
    assert (await gql(login))["data"]["login"]["userErrors"] == []
    assert (await gql("{ viewer { name } }"))["data"]["viewer"] == {"name": "李梅"}
    assert "revoked 1 sessions" in run("user", "revoke-sessions", "--email", "mei@example.com").stdout
    body = await gql("{ viewer { name } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    bad = run("user", "revoke-sessions", "--email", "nobody@example.com", check=False)
    assert bad.returncode != 0 and "No staff user" in bad.stderr
