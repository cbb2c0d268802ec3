"""The static cost formula (graphql/core/cost.py) on parsed documents, without running anything."""

from __future__ import annotations

import time

import pytest

from graphql import build_schema, parse
from guanxi.graphql.core.cost import operation_cost

SDL = """
interface Node { id: ID! }
type User implements Node { id: ID! name: String! manager: User items(first: Int, last: Int): ItemConnection! }
type Item implements Node { id: ID! title: String! owner: User tags: [Tag!]! parts(first: Int, last: Int): ItemConnection! }
type Tag { label: String! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type ItemEdge { cursor: String! node: Item! }
type ItemConnection { edges: [ItemEdge!]! pageInfo: PageInfo! totalCount: Int! }
type Query { viewer: User! items(first: Int, last: Int, after: String): ItemConnection! node(id: ID!): Node nodes(ids: [ID!]!): [Node]! }
type Payload { item: Item ok: Boolean! }
type Mutation { addItem(title: String!): Payload! ping: Boolean! }
"""
SCHEMA = build_schema(SDL)


def cost(query: str, variables: dict | None = None, operation_name: str | None = None) -> int:
    return operation_cost(SCHEMA, parse(query), operation_name=operation_name, variables=variables)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ viewer { name } }", 1),  # an object field
        ("{ viewer { manager { manager { name } } } }", 3),
        ("{ __typename viewer { id } }", 1),  # scalars are free
        # a connection: 2 + page size; edges, node, pageInfo, totalCount and cursor are covered by it
        ("{ items(first: 50) { totalCount pageInfo { hasNextPage } edges { cursor node { title } } } }", 52),
        ("{ items { totalCount } }", 22),  # default page size 20
        ("{ items(first: 10, last: 3) { totalCount } }", 5),  # the smaller of first and last
        ("{ items(last: 4) { totalCount } }", 6),
        ("{ items(first: 1000) { totalCount } }", 102),  # at most 100 (the field refuses more)
        ("{ items(first: -5) { totalCount } }", 2),
        # nesting multiplies by the parent connection's page size: 2 + 50 + 50 * (2 + 5)
        ("{ items(first: 50) { edges { node { parts(first: 5) { edges { node { title } } } } } } }", 402),
        # 2 + 50 + 50 * (2 + 5 + 5 * 1)
        (
            "{ items(first: 50) { edges { node { parts(first: 5) { edges { node { owner { name } } } } } } } }",
            652,
        ),
        # a plain list of objects is not multiplied
        ('{ node(id: "1") { ... on Item { tags { label } } } }', 2),
        # nodes(ids:) costs like a connection of len(ids)
        ('{ nodes(ids: ["1", "2", "3"]) { ... on Item { owner { name } } } }', 2 + 3 + 3 * 1),
        # mutation fields cost 10 each, plus what they select
        ('mutation { addItem(title: "x") { ok item { owner { name } } } ping }', (10 + 1 + 1) + 10),
        # introspection fields are object fields like any other
        ("{ __schema { types { name } } }", 2),
    ],
)
def test_cost_of(query, expected):
    assert cost(query) == expected


def test_fragments_and_inline_fragments_count_where_they_are_spread():
    query = """
      query { ...Q }
      fragment Q on Query { items(first: 10) { ...Page } }
      fragment Page on ItemConnection { edges { node { ...I ... on Item { tags { label } } } } }
      fragment I on Item { owner { name } }
    """
    assert cost(query) == 2 + 10 + 10 * (1 + 1)


def test_page_sizes_come_from_variables_and_their_defaults():
    query = "query($n: Int) { items(first: $n) { totalCount } }"
    assert cost(query, {"n": 7}) == 9
    assert cost(query, {}) == 22  # not given: the default page size
    assert cost(query, {"n": "7"}) == 22  # not an int: execution refuses it
    with_default = "query($n: Int = 30) { items(first: $n) { totalCount } }"
    assert cost(with_default) == 32
    assert cost(with_default, {"n": 3}) == 5
    ids = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert cost(ids, {"ids": ["1", "2", "3", "4"]}) == 2 + 4
    assert cost(ids, {"ids": "1"}) == 2 + 1  # a single id is a list of one


def test_the_named_operation_is_costed():
    document = "query A { viewer { name } } query B { items(first: 3) { totalCount } }"
    assert cost(document, operation_name="A") == 1
    assert cost(document, operation_name="B") == 5
    assert cost(document) == 5  # ambiguous (execution refuses it): the dearest


def test_fragments_spread_exponentially_often_are_costed_in_linear_time():
    depth = 40
    fragments = "".join(f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(depth))
    query = f"{{ viewer {{ ...F0 }} }}\n{fragments}fragment F{depth} on User {{ manager {{ name }} }}"
    started = time.perf_counter()
    assert cost(query) == 1 + 2**depth
    assert time.perf_counter() - started < 1


def test_cyclic_and_unknown_fragments_cost_nothing():
    # Validation refuses both before the cost is computed; the calculation must still end.
    assert cost("{ viewer { ...A } } fragment A on User { manager { ...A } }") == 2
    assert cost("{ viewer { ...Missing } }") == 1


def test_the_guanxi_schema_example_from_the_docs():
    from guanxi.graphql.schema import schema

    page = (
        "{ customers(first: 50) { edges { node { id name owner { name } "
        "purchases(first: 5) { edges { node { id amount currency occurredAt } } } } } } }"
    )
    assert operation_cost(schema._schema, parse(page)) == (2 + 50) + 50 * (1 + (2 + 5))  # 452
