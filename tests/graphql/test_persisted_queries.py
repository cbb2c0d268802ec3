"""Automatic persisted queries (Apollo's protocol): hash only, hash with query, GET and POST."""

from __future__ import annotations

import hashlib
import json

import pytest

from guanxi.customers.models import Customer
from guanxi.graphql.core.persisted_queries import PersistedQueries, PersistedQueryError

VIEWER = "{ viewer { name } }"
CREATE = 'mutation { createCustomer(input: {name: "APQ"}) { customer { id } userErrors { code } } }'


def sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def persisted(query: str, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha(query)}}


async def post(client, admin, body: dict, accept: str = "application/json"):
    return await client.post("/graphql", json=body, headers={**admin.headers, "Accept": accept})


async def test_an_unknown_hash_is_persisted_query_not_found(client, admin):
    response = await post(client, admin, {"extensions": persisted(VIEWER)})
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
        ],
    }
    strict = await post(client, admin, {"extensions": persisted(VIEWER)}, "application/graphql-response+json")
    assert strict.status_code == 400 and "data" not in strict.json()


async def test_a_query_sent_with_its_hash_is_kept_and_later_runs_from_the_hash(client, admin):
    first = await post(client, admin, {"query": VIEWER, "extensions": persisted(VIEWER)})
    assert first.json()["data"] == {"viewer": {"name": "Ada Admin"}}
    by_post = await post(client, admin, {"extensions": persisted(VIEWER)})
    assert by_post.json()["data"] == {"viewer": {"name": "Ada Admin"}}
    by_get = await client.get(
        "/graphql", params={"extensions": json.dumps(persisted(VIEWER))}, headers=admin.headers
    )
    assert by_get.status_code == 200 and by_get.json()["data"] == {"viewer": {"name": "Ada Admin"}}


async def test_a_hash_that_does_not_match_its_query_is_refused_and_nothing_runs(client, admin):
    response = await post(client, admin, {"query": CREATE, "extensions": persisted(VIEWER)})
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "The sha256Hash of the persisted query does not match its query.",
                "extensions": {"code": "PERSISTED_QUERY_HASH_MISMATCH"},
            }
        ],
    }
    assert await Customer.all().count() == 0
    # and the wrong pairing was not kept
    assert (await post(client, admin, {"extensions": persisted(VIEWER)})).json()["errors"][0]["extensions"][
        "code"
    ] == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_persisted_mutation_runs_over_post_but_not_over_get(client, admin):
    assert (await post(client, admin, {"query": CREATE, "extensions": persisted(CREATE)})).status_code == 200
    again = await post(client, admin, {"extensions": persisted(CREATE)})
    assert again.json()["data"]["createCustomer"]["userErrors"] == []
    by_get = await client.get(
        "/graphql", params={"extensions": json.dumps(persisted(CREATE))}, headers=admin.headers
    )
    assert by_get.status_code == 405
    assert await Customer.all().count() == 2


async def test_an_invalid_document_is_not_kept(client, admin):
    invalid = "{ viewer { nope } }"
    body = (await post(client, admin, {"query": invalid, "extensions": persisted(invalid)})).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    again = (await post(client, admin, {"extensions": persisted(invalid)})).json()
    assert again["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_only_version_1_is_spoken(client, admin):
    body = (await post(client, admin, {"query": VIEWER, "extensions": persisted(VIEWER, version=2)})).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_the_cache_is_a_bounded_lru():
    cache = PersistedQueries(max_entries=2, max_characters=1_000)
    for query in ("{ a }", "{ b }", "{ c }"):
        assert cache.resolve(query, persisted(query)) == (query, sha(query))
        cache.keep(sha(query), query)
    assert len(cache) == 2
    with pytest.raises(PersistedQueryError):
        cache.resolve(None, persisted("{ a }"))  # the oldest went first
    assert cache.resolve(None, persisted("{ c }")) == ("{ c }", None)
    long = "{ " + "x " * 200 + "}"  # longer than a tenth of max_characters: runs, is not kept
    cache.keep(sha(long), long)
    assert len(cache) == 2
    with pytest.raises(PersistedQueryError):
        cache.resolve(None, persisted(long))
