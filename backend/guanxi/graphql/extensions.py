"""Schema extensions: the request limits (tokens, cost, rate), sign-in required for everything but
`login`, masked unexpected errors, and a code on every error refused before execution."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

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
from guanxi.graphql.core import limits, throttling
from guanxi.graphql.core.cost import operation_cost

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
                error = GraphQLError("Sign in first.", extensions={"code": "UNAUTHENTICATED"})
                if ctx.operation_type is OperationType.SUBSCRIPTION:
                    raise error  # strawberry starts subscriptions whatever the result says
                ctx.result = ExecutionResult(data=None, errors=[error])
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


class ParseWithLimits(SchemaExtension):
    """Parse (cached) with the token limit; replaces strawberry's ParserCache."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is None and ctx.query:
            ctx.graphql_document = limits.parse_document(ctx.query)
        yield


class RequestCost(SchemaExtension):
    """Before execution: the static cost must fit MAX_COST and the caller's budget, which it is spent from.

    Reported as `extensions.cost` and in RateLimit-* headers; a refused request runs nothing.
    """

    def __init__(self) -> None:
        self.report: dict[str, int] | None = None

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.result is None and ctx.graphql_document is not None:
            refusal = self._check(ctx.context, ctx.graphql_document, ctx.operation_name, ctx.variables)
            if refusal is not None and ctx.operation_type is OperationType.SUBSCRIPTION:
                raise refusal  # strawberry starts subscriptions whatever the result says
            if refusal is not None:
                ctx.result = ExecutionResult(data=None, errors=[refusal])
        yield

    def _check(
        self, context: Any, document: Any, operation: str | None, variables: Any
    ) -> GraphQLError | None:
        schema = self.execution_context.schema._schema
        cost = operation_cost(schema, document, operation_name=operation, variables=variables)
        self.report = throttling.cost_report(cost, None)
        if cost > limits.MAX_COST:
            return _over(cost, limits.MAX_COST, "per request")
        if getattr(context, "guards", None) is None:  # executed without the HTTP/WebSocket view
            return None
        limit = throttling.budget_limit(context)
        if limit is not None and cost > limit:
            return _over(cost, limit, "per minute for you")
        allowance = throttling.spend(context, cost)
        self.report = throttling.cost_report(cost, allowance)
        if allowance is not None and not allowance.allowed:
            return throttling.refuse(context, allowance)
        return None

    def get_results(self) -> dict[str, Any]:
        # HTTP responses only: over WebSocket every subscription event would repeat it.
        if self.report is None or getattr(self.execution_context.context, "response", None) is None:
            return {}
        return {"cost": self.report}


def _over(cost: int, maximum: int, scope: str) -> GraphQLError:
    return limits.coded(
        f"This request costs {cost} points; at most {maximum} are allowed {scope}. "
        "Ask for smaller pages (`first`) or fewer nested lists.",
        limits.COST_LIMIT_EXCEEDED,
        cost=cost,
        maximumCost=maximum,
    )


_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


class CodeErrors(SchemaExtension):
    """Every error without a path gets `extensions.code`: GRAPHQL_VALIDATION_FAILED when the document
    was refused, BAD_USER_INPUT for variables that do not fit. Anonymous callers get no "Did you
    mean ...?" suggestions, which would tell them about the schema."""

    def on_operation(self) -> Iterator[None]:
        yield
        self._process(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        self._process(result)
        yield

    def _process(self, result: Any) -> None:
        errors = getattr(result, "errors", None)
        if not errors:
            return
        anonymous = getattr(self.execution_context.context, "principal", None) is None
        default = limits.VALIDATION_FAILED if isinstance(result, PreExecutionError) else limits.BAD_USER_INPUT
        result.errors = [_coded(e, default, anonymous) for e in errors]


def _coded(error: GraphQLError, default: str, anonymous: bool) -> GraphQLError:
    extensions = dict(error.extensions or {})
    if "code" not in extensions and error.path is None and is_expected(error):
        extensions["code"] = default
    message = _SUGGESTION.sub("", error.message) if anonymous else error.message
    if message == error.message and extensions == (error.extensions or {}):
        return error
    # A new error: validation results are cached and shared between requests.
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=extensions,
    )
