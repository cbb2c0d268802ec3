"""Limits checked before anything runs: depth, aliases, tokens, batching, page size, body size, cost.

Each refusal is a top-level error with `extensions.code`; a refused mutation writes nothing.
"""

from __future__ import annotations

import json

from guanxi.customers.models import Customer
from guanxi.graphql.core.limits import MAX_BODY_BYTES

CREATE = 'createCustomer(input: {name: "Refused"}) { customer { id } userErrors { code } }'
COUNT = "{ customers { totalCount } }"


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body["errors"]]


async def test_depth_over_12_is_refused_and_nothing_runs(gql, admin):
    nested = "customer { purchases(first: 1) { edges { node { " * 3
    mutation = (
        'mutation { createCustomer(input: {name: "Deep"}) { ' + nested + "amount" + " } } } }" * 3 + " } }"
    )
    body = await gql(mutation, as_=admin)
    assert body["data"] is None
    assert codes(body) == ["DEPTH_LIMIT_EXCEEDED"]
    assert "exceeds maximum operation depth of 12" in body["errors"][0]["message"]
    assert await Customer.all().count() == 0


async def test_twenty_aliases_pass_and_twenty_one_are_refused(gql, admin):
    twenty = " ".join(f"a{i}: viewer {{ name }}" for i in range(20))
    assert len(await gql.data("{ " + twenty + " }", as_=admin)) == 20
    mutation = "mutation { " + " ".join(f"c{i}: {CREATE}" for i in range(21)) + " }"
    body = await gql(mutation, as_=admin)
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "The document uses 21 aliases; at most 20 are allowed.",
                "extensions": {"code": "ALIAS_LIMIT_EXCEEDED"},
            }
        ],
    }
    assert await Customer.all().count() == 0


async def test_aliases_in_fragments_count_each_time_they_are_spread(gql, admin):
    fragment = "fragment F on Query { " + " ".join(f"a{i}: viewer {{ name }}" for i in range(11)) + " }"
    assert "errors" not in await gql("{ ...F } " + fragment, as_=admin)
    body = await gql("{ ...F ...G } fragment G on Query { ...F } " + fragment, as_=admin)
    assert codes(body) == ["ALIAS_LIMIT_EXCEEDED"]
    assert body["errors"][0]["message"] == "The document uses 22 aliases; at most 20 are allowed."


async def test_5000_tokens_pass_and_5001_are_refused_before_parsing_ends(client, gql, admin):
    # 625 operations of 8 tokens: 5,000 tokens
    operations = [f"query Q{i} {{ viewer {{ name }} }}" for i in range(625)]
    response = await client.post(
        "/graphql", json={"query": " ".join(operations), "operationName": "Q7"}, headers=admin.headers
    )
    assert response.json()["data"] == {"viewer": {"name": "Ada Admin"}}
    padding = "__typename " * 4990
    body = await gql(f"mutation {{ {CREATE} {padding} }}", as_=admin)
    assert body["data"] is None
    assert codes(body) == ["TOKEN_LIMIT_EXCEEDED"]
    assert body["errors"][0]["message"] == (
        "Syntax Error: Document contains more than 5000 tokens. Parsing aborted."
    )
    assert await Customer.all().count() == 0


async def test_syntax_errors_have_a_code(gql, admin):
    body = await gql("{ viewer { ", as_=admin)
    assert body["data"] is None
    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_an_unknown_fragment_is_a_validation_error_not_a_crash(gql, admin):
    body = await gql("{ viewer { ...Missing } }", as_=admin)
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Unknown fragment 'Missing'.", "GRAPHQL_VALIDATION_FAILED")
    ]


async def test_a_batch_is_refused_with_400(client, admin):
    batch = [{"query": f"mutation {{ {CREATE} }}"}, {"query": COUNT}]
    response = await client.post("/graphql", json=batch, headers=admin.headers)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "Batched operations (a JSON array) are not supported: send one operation per request.",
                "extensions": {"code": "BATCHING_NOT_SUPPORTED"},
            }
        ]
    }
    assert await Customer.all().count() == 0


async def test_page_size_is_at_most_100(gql, admin):
    assert (await gql.data("{ customers(first: 100) { totalCount } }", as_=admin))["customers"] == {
        "totalCount": 0
    }
    body = await gql("{ customers(first: 101) { totalCount } }", as_=admin)
    assert [(e["extensions"]["code"], e["path"]) for e in body["errors"]] == [
        ("BAD_USER_INPUT", ["customers"])
    ]
    assert body["errors"][0]["message"] == "`first` must be between 0 and 100."


def _padded(mutation: str, size: int) -> bytes:
    """A JSON body of exactly `size` bytes: the operation, then spaces."""
    body = json.dumps({"query": mutation}).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


async def test_a_body_of_1_mib_runs_and_one_byte_more_is_refused_with_413(client, admin):
    headers = {**admin.headers, "Content-Type": "application/json"}
    ok = await client.post(
        "/graphql", content=_padded(f"mutation {{ {CREATE} }}", MAX_BODY_BYTES), headers=headers
    )
    assert ok.status_code == 200 and ok.json()["data"]["createCustomer"]["userErrors"] == []
    too_big = await client.post(
        "/graphql", content=_padded(f"mutation {{ {CREATE} }}", MAX_BODY_BYTES + 1), headers=headers
    )
    assert too_big.status_code == 413
    assert too_big.json() == {
        "errors": [
            {
                "message": f"The request body is larger than {MAX_BODY_BYTES} bytes.",
                "extensions": {"code": "REQUEST_TOO_LARGE"},
            }
        ]
    }
    assert await Customer.all().count() == 1


async def test_a_streamed_body_without_content_length_is_cut_at_1_mib(client, admin):
    body = _padded(f"mutation {{ {CREATE} }}", MAX_BODY_BYTES + 1)

    async def chunks():
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = await client.post(
        "/graphql", content=chunks(), headers={**admin.headers, "Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert await Customer.all().count() == 0


async def test_a_declared_oversized_body_is_refused_before_it_is_read(db):
    from guanxi.app import create_app

    async def receive() -> dict:
        raise AssertionError("the body was read")

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(MAX_BODY_BYTES + 1).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await create_app(migrate=False)(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413


def _cost_1000(extra: str = "") -> str:
    # (2 + 99) + 99 * (2 + 7) = 992, and 4 * 2 for the viewers
    viewers = " ".join(f"v{i}: viewer {{ user {{ name }} }}" for i in range(4))
    return (
        "{ customers(first: 99) { edges { node { purchases(first: 7) { totalCount } } } } "
        + viewers
        + extra
        + " }"
    )


async def test_a_request_may_cost_1000_points(gql, admin):
    body = await gql(_cost_1000(), as_=admin)
    assert "errors" not in body
    assert body["extensions"]["cost"]["requestedQueryCost"] == 1000


async def test_a_request_costing_more_than_1000_is_refused(gql, admin, sql_statements):
    sql_statements.clear()
    body = await gql(_cost_1000(" v4: viewer { user { id } }"), as_=admin)
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "This request costs 1002 points; at most 1000 are allowed per request. "
            "Ask for smaller pages (`first`) or fewer nested lists.",
            "extensions": {"code": "COST_LIMIT_EXCEEDED", "cost": 1002, "maximumCost": 1000},
        }
    ]
    assert not [s for s in sql_statements if "customer" in s.lower()]  # nothing ran


async def test_an_expensive_mutation_writes_nothing(gql, admin):
    # 4 * (10 + 1 + (2 + 100) + 100 * 2) = 1252
    expensive = (
        'createCustomer(input: {name: "Dear"}) { customer { purchases(first: 100) '
        "{ edges { node { customer { owner { name } } } } } } }"
    )
    body = await gql("mutation { " + " ".join(f"c{i}: {expensive}" for i in range(4)) + " }", as_=admin)
    assert codes(body) == ["COST_LIMIT_EXCEEDED"]
    assert body["errors"][0]["extensions"]["cost"] == 1252
    assert await Customer.all().count() == 0


LOGIN_TYPO = 'mutation { login(input: {emial: "a@example.com", password: "x"}) { viewer { name } } }'
LOGIN_VARIABLES = "mutation($in: LoginInput!) { login(input: $in) { viewer { name } } }"


async def test_anonymous_callers_get_no_did_you_mean_suggestions(gql, admin, db):
    anonymous = await gql(LOGIN_TYPO)
    signed_in = await gql(LOGIN_TYPO, as_=admin)
    unknown = "Expected value of type 'LoginInput' not to include unknown field 'emial'."
    found = ' Found: { emial: "a@example.com", password: "x" }.'
    assert unknown + found in [e["message"] for e in anonymous["errors"]]
    assert not any("Did you mean" in e["message"] for e in anonymous["errors"])
    assert unknown + " Did you mean 'email'?" + found in [e["message"] for e in signed_in["errors"]]
    assert set(codes(anonymous)) == {"GRAPHQL_VALIDATION_FAILED"}
    # variables are checked when the operation starts: the same for them
    variables = {"in": {"emial": "a@example.com", "password": "x"}}
    anonymous = await gql(LOGIN_VARIABLES, variables)
    assert anonymous["data"] is None
    assert set(codes(anonymous)) == {"BAD_USER_INPUT"}
    assert not any("Did you mean" in e["message"] for e in anonymous["errors"])
    assert any(
        "Did you mean" in e["message"] for e in (await gql(LOGIN_VARIABLES, variables, as_=admin))["errors"]
    )
