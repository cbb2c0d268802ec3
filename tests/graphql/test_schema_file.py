from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
)
from guanxi.graphql.schema import schema, sdl
from tests.conftest import ROOT


def test_schema_graphql_is_current():
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == sdl(), "schema.graphql is stale: run `make schema` and commit it"


def test_every_type_and_field_has_a_description():
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if (
            name.startswith("__")
            or isinstance(type_, GraphQLScalarType)
            and name in {"String", "Int", "Float", "Boolean", "ID"}
        ):
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            missing += [f"{name}.{field}" for field, f in type_.fields.items() if not f.description]
        if isinstance(type_, GraphQLEnumType) and not type_.description:
            missing.append(name)
    assert missing == []
