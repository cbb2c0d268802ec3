from __future__ import annotations

import logging

from guanxi.customers import services

CREATE = "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"


async def test_unexpected_errors_are_masked_and_logged(gql, admin, monkeypatch, caplog):
    async def broken(**kwargs):
        raise RuntimeError('relation "customer" violates constraint at /srv/guanxi/secret.py line 42')

    monkeypatch.setattr(services, "create_customer", broken)
    with caplog.at_level(logging.ERROR, logger="guanxi.graphql"):
        body = await gql(CREATE, {"input": {"name": "X"}}, as_=admin)
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 42}],
            "path": ["createCustomer"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert "secret.py" in caplog.text  # the operator still sees it


async def test_validation_errors_reach_the_client(gql, admin):
    body = await gql("{ customers { nope } }", as_=admin)
    assert "nope" in body["errors"][0]["message"]


async def test_depth_is_limited(gql, admin):
    nested = "customer { " * 14
    query = (
        "{ customers(first: 1) { edges { node { purchases(first: 1) { edges { node { "
        + nested
        + "name"
        + " }" * 14
        + " } } } } } } }"
    )
    body = await gql(query, as_=admin)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
