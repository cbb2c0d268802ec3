"""The static cost of an operation, computed on the parsed document before anything runs.

    cost(selection set) = sum of cost(field) over its fields (fragments and inline fragments
                          counted where they are spread)

    cost(field) =
      mutation field          10 + cost(its selection set)
      connection field        (2 + n) + n * cost(its selection set)
      list fetched by `ids`   the same as a connection with n = len(ids)   (`nodes(ids:)`)
      other object field      1 + cost(its selection set)                  (lists of objects too)
      scalar or enum field    0
      a field of a connection or edge (`edges`, `node`, `pageInfo`, `totalCount`, `cursor`)
                              cost(its selection set) only: the connection's 2 pays for them

where `n` is the page size asked for: `first` or `last` (the smaller when both are given, after
resolving variables and their defaults), 20 when neither is, at most 100 (a larger value is
refused when the field runs). A connection is an object type with `edges` and `pageInfo`; an
edge one with `node` and `cursor`.

So `customers(first: 50) { edges { node { name owner { name } purchases(first: 5) { edges { node
{ amount } } } } } }` costs (2 + 50) + 50 * (1 + (2 + 5)) = 452. `@skip` and `@include` are
ignored: the cost is an upper bound. Fragment costs are memoised, so a document that spreads
fragments exponentially often is still costed in linear time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    value_from_ast_untyped,
)
from guanxi.graphql.core.connections import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

OBJECT_COST = 1
CONNECTION_COST = 2
MUTATION_COST = 10


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The cost of the operation `operation_name` (or the document's only one) in a valid document."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    costs = [_Coster(schema, document, operation, variables or {}).total() for operation in operations]
    return max(costs, default=0)


class _Coster:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        defaults = {
            v.variable.name.value: value_from_ast_untyped(v.default_value)
            for v in operation.variable_definitions or ()
            if v.default_value is not None
        }
        self.variables = {**defaults, **variables}
        self.fragment_costs: dict[str, int] = {}
        self.in_progress: set[str] = set()

    def total(self) -> int:
        root = self.schema.get_root_type(self.operation.operation)
        if root is None:
            return 0
        return self.selection_set(self.operation.selection_set, root)

    def selection_set(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                type_ = self.schema.get_type(condition.name.value) if condition else parent
                if type_ is not None:
                    total += self.selection_set(selection.selection_set, type_)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> int:
        if name in self.fragment_costs:
            return self.fragment_costs[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:  # unknown or cyclic: validation refuses both
            return 0
        type_ = self.schema.get_type(definition.type_condition.name.value)
        self.in_progress.add(name)
        cost = self.selection_set(definition.selection_set, type_) if type_ is not None else 0
        self.in_progress.discard(name)
        self.fragment_costs[name] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        definition = self.field_definition(parent, node.name.value)
        if definition is None:
            return 0
        type_ = get_named_type(definition.type)
        inner = self.selection_set(node.selection_set, type_) if node.selection_set else 0
        if _is_connection(parent) or _is_edge(parent):
            return inner
        if parent is self.schema.mutation_type:
            return MUTATION_COST + inner
        if is_leaf_type(type_):
            return 0
        size = self.page_size(node, definition, type_)
        if size is not None:
            return CONNECTION_COST + size + size * inner
        return OBJECT_COST + inner

    def field_definition(self, parent: GraphQLNamedType, name: str) -> GraphQLField | None:
        if name == "__schema" and parent is self.schema.query_type:
            return SchemaMetaFieldDef
        if name == "__type" and parent is self.schema.query_type:
            return TypeMetaFieldDef
        fields = getattr(parent, "fields", None)
        return fields.get(name) if fields else None

    def page_size(self, node: FieldNode, definition: GraphQLField, type_: GraphQLNamedType) -> int | None:
        if _is_connection(type_):
            sizes = [
                s
                for s in (self.int_argument(node, "first"), self.int_argument(node, "last"))
                if s is not None
            ]
            return max(0, min(min(sizes, default=DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE))
        ids = definition.args.get("ids")
        if ids is not None and _is_list(ids.type) and _is_list(definition.type):
            value = self.argument(node, "ids")
            return len(value) if isinstance(value, list) else 1
        return None

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = value_from_ast_untyped(argument.value, self.variables)
                return None if value is Undefined else value
        return None

    def int_argument(self, node: FieldNode, name: str) -> int | None:
        value = self.argument(node, name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is_list(type_: Any) -> bool:
    return is_list_type(type_.of_type if is_non_null_type(type_) else type_)


def _is_connection(type_: GraphQLNamedType) -> bool:
    return isinstance(type_, GraphQLObjectType) and "edges" in type_.fields and "pageInfo" in type_.fields


def _is_edge(type_: GraphQLNamedType) -> bool:
    return isinstance(type_, GraphQLObjectType) and "node" in type_.fields and "cursor" in type_.fields
