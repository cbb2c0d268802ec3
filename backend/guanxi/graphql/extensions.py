"""Schema extensions: sign-in required for everything but `login`, and masked unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from strawberry.extensions import MaskErrors, SchemaExtension

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from guanxi.core.errors import AuthError

log = logging.getLogger("guanxi.graphql")

PUBLIC_ROOT_FIELDS = frozenset({"login", "__typename"})


def _root_fields(selection_set: SelectionSetNode, fragments: dict) -> Iterator[str]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _root_fields(fragment.selection_set, fragments)


class RequireSignIn(SchemaExtension):
    """Anonymous callers may only call `login` (the schema's introspection included)."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if getattr(ctx.context, "principal", None) is None and ctx.graphql_document is not None:
            fragments = {
                d.name.value: d
                for d in ctx.graphql_document.definitions
                if hasattr(d, "selection_set") and not isinstance(d, OperationDefinitionNode)
            }
            operations = [
                d for d in ctx.graphql_document.definitions if isinstance(d, OperationDefinitionNode)
            ]
            if ctx.operation_name:
                operations = [o for o in operations if o.name and o.name.value == ctx.operation_name]
            fields = {f for o in operations[:1] for f in _root_fields(o.selection_set, fragments)}
            if fields - PUBLIC_ROOT_FIELDS:
                ctx.result = ExecutionResult(
                    data=None,
                    errors=[GraphQLError("Sign in first.", extensions={"code": "UNAUTHENTICATED"})],
                )
        yield


def is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, (AuthError, GraphQLError))


def should_mask_error(error: GraphQLError) -> bool:
    return not is_expected(error)


class MaskUnexpectedErrors(MaskErrors):
    """Bugs reach the client (after `GuanxiSchema.process_errors` logged them) as 'Unexpected error.' with code INTERNAL_SERVER_ERROR, nothing more."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            message=self.error_message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
