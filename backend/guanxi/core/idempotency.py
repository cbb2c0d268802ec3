"""Idempotency keys for create mutations, built once and used by every domain.

The same key with the same input returns the first result; the same key with a different
input is refused with IDEMPOTENCY_KEY_REUSED. Failed attempts (validation errors) store
nothing, so a client may fix its input and retry with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from guanxi.core.errors import CoreErrorCode, DomainError
from guanxi.core.models import IdempotencyRecord

T = TypeVar("T", bound=Model)

MAX_KEY_LENGTH = 128


def request_hash(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def run_idempotent(
    *,
    principal: str,
    operation: str,
    key: str | None,
    payload: Mapping[str, Any],
    action: Callable[[], Awaitable[T]],
    load: Callable[[int], Awaitable[T | None]],
    field: str = "idempotency_key",
) -> tuple[T, bool]:
    """Run `action` at most once per (principal, operation, key).

    Returns (result, replayed). `action` runs inside this function's transaction together
    with the record of its result, so a crash never leaves one without the other.
    """
    if key is None:
        return await action(), False
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            CoreErrorCode.INVALID_VALUE,
            f"An idempotency key has 1 to {MAX_KEY_LENGTH} characters.",
            field,
        )
    digest = request_hash(payload)

    async def replay() -> tuple[T, bool] | None:
        record = await IdempotencyRecord.get_or_none(principal=principal, operation=operation, key=key)
        if record is None:
            return None
        if record.request_hash != digest:
            raise DomainError(
                CoreErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was already used with a different input.",
                field,
            )
        result = await load(record.result_id) if record.result_id is not None else None
        if result is None:
            raise DomainError(
                CoreErrorCode.NOT_FOUND, "The earlier result of this key no longer exists.", field
            )
        return result, True

    earlier = await replay()
    if earlier is not None:
        return earlier
    try:
        async with in_transaction():
            result = await action()
            await IdempotencyRecord.create(
                principal=principal,
                operation=operation,
                key=key,
                request_hash=digest,
                result_id=result.pk,
            )
    except IntegrityError:
        # A concurrent request with the same key committed first; ours rolled back.
        earlier = await replay()
        if earlier is None:
            raise
        return earlier
    return result, False
