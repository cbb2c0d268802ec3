"""Domain errors: what a caller can fix, carried up to GraphQL as `userErrors`.

Each domain declares its codes in its own `errors.py` as a `StrEnum`; the GraphQL layer
exposes their union as one `UserErrorCode` enum. Services raise `DomainError`; several
problems found while validating one input are raised together as `DomainErrors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class CoreErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS"


class DomainError(Exception):
    """One problem with the input, at `field` (a dotted path such as `input.emails.0.value`)."""

    def __init__(self, code: StrEnum, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"DomainError({self.code!s}, {self.message!r}, field={self.field!r})"


class DomainErrors(Exception):
    """Several problems found at once; nothing was written."""

    def __init__(self, errors: Iterable[DomainError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors))


class Collector:
    """Gathers validation problems so a caller sees all of them in one response."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: StrEnum, message: str, field: str | None) -> None:
        self.errors.append(DomainError(code, message, field))

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


class AuthError(Exception):
    """An authorization failure: a top-level GraphQL error with `extensions.code`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        # graphql-core copies `extensions` of the original error onto the GraphQL error
        self.extensions = {"code": code}


def unauthenticated(message: str = "Sign in first.") -> AuthError:
    return AuthError("UNAUTHENTICATED", message)


def forbidden(message: str = "You are not allowed to do this.") -> AuthError:
    return AuthError("FORBIDDEN", message)
