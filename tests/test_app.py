from __future__ import annotations

from guanxi import spa


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_graphiql_is_served_to_signed_in_browsers(client, admin):
    response = await client.get("/graphql", headers={"Accept": "text/html", **admin.headers})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_graphiql_asks_anonymous_browsers_to_sign_in(client, db):
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert "<script" not in response.text  # not the GraphiQL app
    assert 'href="/login"' in response.text


async def test_web_app_routes_fall_back_to_index_html(client):
    if not (spa.STATIC_DIR / "index.html").exists():
        import pytest

        pytest.skip("web app not built (make build)")
    index = await client.get("/")
    deep_link = await client.get("/customers/Q3VzdG9tZXI6MQ==/edit")
    assert index.status_code == deep_link.status_code == 200
    assert deep_link.text == index.text and '<div id="app"' in index.text
    assert (await client.get("/assets/missing.js")).status_code == 404


async def test_mutations_are_refused_over_get(client, admin):
    response = await client.get(
        "/graphql", params={"query": "mutation { logout { ok } }"}, headers=admin.headers
    )
    # GraphQL over HTTP: a mutation over GET is 405; it did not run (the session would be gone).
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
