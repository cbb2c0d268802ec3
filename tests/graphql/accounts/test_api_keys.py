from __future__ import annotations

from datetime import timedelta

from guanxi.accounts.apikeys import create_api_key
from guanxi.accounts.models import ApiKey
from guanxi.core import clock
from guanxi.customers.models import Customer
from tests.conftest import Staff

CREATE_KEY = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  secret apiKey { id name prefix scopes active expiresAt rateLimitPerMinute } userErrors { field code } } }"""
REVOKE_KEY = "mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { active revokedAt } userErrors { code } } }"
KEYS = "{ apiKeys(first: 10) { totalCount edges { node { name active } } } }"
VIEWER = "{ viewer { kind name role user { name } permissions } }"
CUSTOMERS = "{ customers { totalCount } }"
CREATE_CUSTOMER = (
    'mutation { createCustomer(input: {name: "From partner"}) { customer { id } userErrors { code } } }'
)


def as_key(secret: str, admin: Staff) -> Staff:
    return Staff(user=admin.user, token=secret)


async def test_admin_creates_a_key_whose_secret_is_shown_once_and_stored_hashed(gql, admin):
    data = await gql.data(
        CREATE_KEY,
        {
            "input": {
                "name": "E-shop",
                "scopes": ["CUSTOMERS_READ", "PURCHASES_WRITE"],
                "rateLimitPerMinute": 600,
            }
        },
        as_=admin,
    )
    payload = data["createApiKey"]
    assert payload["userErrors"] == []
    secret = payload["secret"]
    assert secret.startswith("gxk_") and payload["apiKey"]["prefix"] == secret[:10]
    assert payload["apiKey"]["scopes"] == ["CUSTOMERS_READ", "PURCHASES_WRITE"]
    assert payload["apiKey"]["active"] is True and payload["apiKey"]["rateLimitPerMinute"] == 600
    stored = await ApiKey.get(name="E-shop")
    assert secret not in (stored.secret_hash, stored.prefix) and len(stored.secret_hash) == 64
    # the key signs in as itself, with its scopes
    viewer = (await gql.data(VIEWER, as_=as_key(secret, admin)))["viewer"]
    assert viewer == {
        "kind": "API_KEY",
        "name": "E-shop",
        "role": None,
        "user": None,
        "permissions": ["customers:read", "purchases:write"],
    }
    listed = (await gql.data(KEYS, as_=admin))["apiKeys"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"name": "E-shop", "active": True}}]}


async def test_scopes_limit_what_a_key_may_do(gql, admin):
    _, secret = await create_api_key(principal=None, name="reader", scopes=["customers:read"])
    reader = as_key(secret, admin)
    assert (await gql.data(CUSTOMERS, as_=reader)) == {"customers": {"totalCount": 0}}
    body = await gql(CREATE_CUSTOMER, as_=reader)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Customer.all().count() == 0
    _, secret = await create_api_key(principal=None, name="writer", scopes=["customers:write"])
    body = await gql(CUSTOMERS, as_=as_key(secret, admin))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_revoked_and_expired_keys_are_refused(gql, admin):
    key, secret = await create_api_key(principal=None, name="old", scopes=["customers:read"])
    partner = as_key(secret, admin)
    assert (await gql.data(CUSTOMERS, as_=partner))["customers"]["totalCount"] == 0
    revoked = await gql.data(REVOKE_KEY, {"input": {"id": _gid(key)}}, as_=admin)
    assert revoked["revokeApiKey"]["apiKey"]["active"] is False
    body = await gql(CUSTOMERS, as_=partner)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    key, secret = await create_api_key(
        principal=None, name="short", scopes=["customers:read"], expires_at=clock.now() + timedelta(hours=1)
    )
    await ApiKey.filter(id=key.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    body = await gql(CUSTOMERS, as_=as_key(secret, admin))
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_bad_key_input_is_a_user_error(gql, admin):
    data = await gql.data(
        CREATE_KEY,
        {"input": {"name": " ", "scopes": [], "expiresAt": "2001-01-01T00:00:00+00:00"}},
        as_=admin,
    )
    assert sorted((e["code"], e["field"]) for e in data["createApiKey"]["userErrors"]) == [
        ("INVALID_VALUE", "input.expiresAt"),
        ("REQUIRED", "input.name"),
        ("REQUIRED", "input.scopes"),
    ]
    assert data["createApiKey"]["secret"] is None
    assert await ApiKey.all().count() == 0


async def test_only_admins_manage_keys(gql, agent, analyst):
    for who in (agent, analyst):
        body = await gql(CREATE_KEY, {"input": {"name": "x", "scopes": ["CUSTOMERS_READ"]}}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert (await gql(KEYS, as_=who))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await ApiKey.all().count() == 0


def _gid(key: ApiKey) -> str:
    from guanxi.graphql.core.ids import to_global_id

    return to_global_id("ApiKey", key.pk)
