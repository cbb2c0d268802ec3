"""userErrors for payloads and top-level errors with `extensions.code`."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry

from graphql import GraphQLError
from guanxi.accounts.errors import AccountErrorCode
from guanxi.core.errors import AuthError, CoreErrorCode, DomainError, DomainErrors
from guanxi.customers.errors import CustomerErrorCode
from guanxi.feedback.errors import FeedbackErrorCode
from guanxi.interactions.errors import InteractionErrorCode, InteractionWarningCode
from guanxi.loyalty.errors import LoyaltyErrorCode
from guanxi.segments.errors import SegmentErrorCode

_DOMAIN_CODES: tuple[type[Enum], ...] = (
    CoreErrorCode,
    AccountErrorCode,
    CustomerErrorCode,
    InteractionErrorCode,
    FeedbackErrorCode,
    SegmentErrorCode,
    LoyaltyErrorCode,
)

UserErrorCode = strawberry.enum(
    Enum(  # type: ignore[misc]
        "UserErrorCode",
        {m.value: m.value for enum in _DOMAIN_CODES for m in enum},
    ),
    description="What was wrong with the input; one code per kind of problem, stable across releases.",
)


@strawberry.type(description="A problem with a mutation's input that the caller can fix.")
class UserError:
    field: str | None = strawberry.field(
        description="Path to the offending input value, e.g. `input.emails.0.value`; "
        "null when the problem is not tied to one value."
    )
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: UserErrorCode = strawberry.field(description="What is wrong, for a program.")  # type: ignore[valid-type]


_WARNING_CODES: tuple[type[Enum], ...] = (InteractionWarningCode,)

WarningCode = strawberry.enum(
    Enum(  # type: ignore[misc]
        "WarningCode",
        {m.value: m.value for enum in _WARNING_CODES for m in enum},
    ),
    description="Why a mutation that succeeded still warns; stable across releases.",
)


@strawberry.type(
    name="UserWarning", description="Something the caller should know about a change that was saved anyway."
)
class MutationWarning:
    field: str | None = strawberry.field(
        description="Path to the input value concerned, e.g. `input.customerId`; null when none."
    )
    message: str = strawberry.field(description="What happened, for a person to read.")
    code: WarningCode = strawberry.field(description="What happened, for a program.")  # type: ignore[valid-type]


def to_user_warnings(warnings: list[DomainError], prefix: str = "input") -> list[MutationWarning]:
    return [
        MutationWarning(field=input_path(w.field, prefix), message=w.message, code=WarningCode(str(w.code)))
        for w in warnings
    ]


def _camel(segment: str) -> str:
    head, *rest = segment.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def input_path(field: str | None, prefix: str = "input") -> str | None:
    """`emails.0.value` -> `input.emails.0.value`; `owner_id` -> `input.ownerId`."""
    if field is None:
        return None
    parts = [_camel(p) for p in re.split(r"\.", field) if p]
    return ".".join([prefix, *parts]) if prefix else ".".join(parts)


def to_user_errors(exc: DomainError | DomainErrors, prefix: str = "input") -> list[UserError]:
    errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
    return [
        UserError(field=input_path(e.field, prefix), message=e.message, code=UserErrorCode(str(e.code)))
        for e in errors
    ]


def payload_type(name: str, description: str, fields: dict[str, tuple[Any, str]]) -> type:
    """A mutation payload type: each of `fields` (name: (type, description)) nullable, then `userErrors`."""
    annotations: dict[str, Any] = {key: kind | None for key, (kind, _) in fields.items()}
    namespace: dict[str, Any] = {
        key: strawberry.field(default=None, description=text) for key, (_, text) in fields.items()
    }
    annotations["user_errors"] = list[UserError]
    namespace["user_errors"] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )
    return strawberry.type(
        type(name, (), {"__annotations__": annotations, **namespace}), description=description
    )


P = TypeVar("P")


async def mutation_payload(payload: Callable[..., P], work: Callable[[], Awaitable[dict[str, Any]]]) -> P:
    """Run `work`; a DomainError becomes the payload's userErrors (and nothing was written)."""
    try:
        fields = await work()
    except (DomainError, DomainErrors) as exc:
        return payload(user_errors=to_user_errors(exc))
    return payload(user_errors=[], **fields)


class ClientError(GraphQLError):
    """A top-level error the client caused, shown as is with `extensions.code`."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT") -> None:
        super().__init__(message, extensions={"code": code})


def auth_error(exc: AuthError) -> ClientError:
    return ClientError(str(exc), exc.code)
