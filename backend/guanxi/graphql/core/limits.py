"""Limits on what one request may ask, checked before anything runs, and the codes of their errors.

Module constants rather than settings: they are part of the API contract (docs/api.md), the
same on every deployment. Tests may monkeypatch MAX_COST (read per request); the others are
baked into cached parse and validation results.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from strawberry.extensions.max_aliases import count_fields_with_alias
from strawberry.extensions.query_depth_limiter import create_validator

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
    parse,
)

MAX_DEPTH = 12
MAX_ALIASES = 20
MAX_TOKENS = 5_000  # lexical tokens; comments are limited separately to the same number
MAX_COST = 1_000
MAX_BODY_BYTES = 1024 * 1024

# extensions.code of errors refused before execution ("request errors": 400 under
# application/graphql-response+json, with no `data` entry)
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
TOKEN_LIMIT_EXCEEDED = "TOKEN_LIMIT_EXCEEDED"
DEPTH_LIMIT_EXCEEDED = "DEPTH_LIMIT_EXCEEDED"
ALIAS_LIMIT_EXCEEDED = "ALIAS_LIMIT_EXCEEDED"
COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED"
BAD_USER_INPUT = "BAD_USER_INPUT"  # without a `path`: variables that do not fit their types
RATE_LIMITED = "RATE_LIMITED"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
REQUEST_ERROR_CODES = frozenset(
    {
        PARSE_FAILED,
        VALIDATION_FAILED,
        TOKEN_LIMIT_EXCEEDED,
        DEPTH_LIMIT_EXCEEDED,
        ALIAS_LIMIT_EXCEEDED,
        COST_LIMIT_EXCEEDED,
        BAD_USER_INPUT,
        RATE_LIMITED,
        PERSISTED_QUERY_NOT_FOUND,
        PERSISTED_QUERY_HASH_MISMATCH,
        PERSISTED_QUERY_NOT_SUPPORTED,
    }
)


def coded(message: str, code: str, **extensions: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extensions})


def is_request_error(data: Any, errors: list[GraphQLError] | None) -> bool:
    """Refused before execution: no data, and every error is one of REQUEST_ERROR_CODES without a path."""
    return (
        data is None
        and bool(errors)
        and all(e.path is None and (e.extensions or {}).get("code") in REQUEST_ERROR_CODES for e in errors)
    )


# --- parsing --------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _parse(query: str) -> DocumentNode:
    # Clients send the same few operations over and over: parse each once (errors are not cached).
    return parse(query, max_lexical_tokens=MAX_TOKENS, max_comments=MAX_TOKENS)


def parse_document(query: str) -> DocumentNode:
    """Parse with the token limit; syntax errors carry GRAPHQL_PARSE_FAILED or TOKEN_LIMIT_EXCEEDED."""
    try:
        return _parse(query)
    except GraphQLSyntaxError as error:
        over = "Document contains more than" in error.message
        error.extensions = {"code": TOKEN_LIMIT_EXCEEDED if over else PARSE_FAILED}
        raise


# --- validation rules (built once: ValidationCache keys on the rule classes) ------------------

_StrawberryDepth = create_validator(MAX_DEPTH, None, None)


class _Recoded:
    """A ValidationContext whose reported errors get `extensions.code`."""

    def __init__(self, context: ValidationContext, code: str) -> None:
        self._context = context
        self._code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        self._context.report_error(GraphQLError(error.message, error.nodes, extensions={"code": self._code}))


class DepthLimit(ValidationRule):
    """At most MAX_DEPTH levels of fields (introspection fields aside); DEPTH_LIMIT_EXCEEDED."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        try:
            _StrawberryDepth(_Recoded(context, DEPTH_LIMIT_EXCEEDED))  # type: ignore[arg-type]
        except KeyError:
            pass  # a spread of an unknown fragment, which KnownFragmentNamesRule reports


class AliasLimit(ValidationRule):
    """At most MAX_ALIASES aliased fields in the document, counted where fragments are spread."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        document = context.document
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        count = sum(
            count_fields_with_alias(d, fragments)
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
        )
        if count > MAX_ALIASES:
            context.report_error(
                GraphQLError(
                    f"The document uses {count} aliases; at most {MAX_ALIASES} are allowed.",
                    extensions={"code": ALIAS_LIMIT_EXCEEDED},
                )
            )


VALIDATION_RULES: tuple[type[ValidationRule], ...] = (DepthLimit, AliasLimit)
