from __future__ import annotations

from guanxi.accounts.models import AuthToken
from tests.conftest import PASSWORD

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { viewer { name role kind permissions user { email } } userErrors { field message code } }
}
"""
LOGOUT = "mutation { logout { ok userErrors { code } } }"
VIEWER = "query { viewer { name role } }"
INTROSPECTION = "query { __schema { queryType { name } } }"


async def test_login_sets_an_httponly_lax_session_cookie(client, gql, password_user):
    body = await gql(LOGIN, {"input": {"email": "MEI@example.com ", "password": PASSWORD}})
    assert body["data"]["login"] == {
        "viewer": {
            "name": "李梅",
            "role": "MANAGER",
            "kind": "USER",
            "permissions": [
                "contactcap:override",
                "customers:read",
                "customers:write",
                "feedback:read",
                "feedback:write",
                "interactions:read",
                "interactions:write",
                "loyalty:adjust",
                "loyalty:read",
                "loyalty:write",
                "pii:read",
                "purchases:write",
                "rewards:manage",
                "segments:read",
                "segments:write",
                "segmentstrategy:manage",
                "users:read",
            ],
            "user": {"email": "mei@example.com"},
        },
        "userErrors": [],
    }
    cookie = next(
        h for k, h in client.cookies.jar._cookies["testserver.local"]["/"].items() if k == "guanxi_session"
    )
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite").lower() == "lax"
    # the cookie signs in later requests
    assert (await gql(VIEWER))["data"]["viewer"] == {"name": "李梅", "role": "MANAGER"}


async def test_wrong_password_is_a_user_error_and_sets_no_cookie(client, gql, password_user):
    body = await gql(LOGIN, {"input": {"email": "mei@example.com", "password": "wrong-password-1"}})
    assert body["data"]["login"]["viewer"] is None
    assert [(e["code"], e["field"]) for e in body["data"]["login"]["userErrors"]] == [
        ("INVALID_CREDENTIALS", "input.password")
    ]
    assert "guanxi_session" not in client.cookies
    assert await AuthToken.all().count() == 0


async def test_unknown_email_looks_like_a_wrong_password(gql, db):
    body = await gql(LOGIN, {"input": {"email": "nobody@example.com", "password": PASSWORD}})
    assert [e["code"] for e in body["data"]["login"]["userErrors"]] == ["INVALID_CREDENTIALS"]


async def test_logout_revokes_the_session(client, gql, password_user):
    await gql(LOGIN, {"input": {"email": "mei@example.com", "password": PASSWORD}})
    session = client.cookies["guanxi_session"]
    assert (await gql(LOGOUT))["data"]["logout"] == {"ok": True, "userErrors": []}
    # even a client that kept the cookie is signed out
    client.cookies.set("guanxi_session", session, domain="testserver.local")
    body = await gql(VIEWER)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_bearer_token_signs_in(gql, agent):
    assert (await gql.data(VIEWER, as_=agent))["viewer"] == {"name": "Alan Agent", "role": "AGENT"}


async def test_bad_bearer_token_is_unauthenticated(client, db):
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": "Bearer gx_forged"}
    )
    assert response.json() == {
        "data": None,
        "errors": [{"message": "Sign in first.", "extensions": {"code": "UNAUTHENTICATED"}}],
    }


async def test_everything_but_login_needs_a_principal_introspection_included(gql, db):
    for query in (
        VIEWER,
        INTROSPECTION,
        "{ customers { totalCount } }",
        'query { __type(name: "Customer") { name } }',
        "mutation { logout { ok } }",
        "query Q { ...F } fragment F on Query { viewer { name } }",
    ):
        body = await gql(query)
        assert body["data"] is None, query
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], query


async def test_introspection_works_when_signed_in(gql, analyst):
    assert (await gql.data(INTROSPECTION, as_=analyst)) == {"__schema": {"queryType": {"name": "Query"}}}
