"""Partners' API keys: created by an ADMIN (the secret is shown once), listed, revoked. Changes are audited."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import Actor, RequestInfo
from guanxi.accounts.errors import AccountErrorCode
from guanxi.accounts.models import ApiKey, AuditAction
from guanxi.accounts.permissions import API_KEY_SCOPES
from guanxi.accounts.principal import Principal
from guanxi.accounts.tokens import token_hash
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode, DomainError

SECRET_PREFIX = "gxk_"
LAST_USED_RESOLUTION = timedelta(minutes=5)  # write last_used_at at most this often per key


async def create_api_key(
    *,
    principal: Principal | None,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None = None,
    rate_limit_per_minute: int | None = None,
    request: RequestInfo | None = None,
    actor: Actor | None = None,
) -> tuple[ApiKey, str]:
    """Returns the key and its secret; only a hash of the secret is kept. Audited (API_KEY_CREATED)."""
    errors = Collector()
    name = name.strip()
    if not name:
        errors.add(CoreErrorCode.REQUIRED, "A key needs a name.", "name")
    elif len(name) > 200:
        errors.add(CoreErrorCode.TOO_LONG, "At most 200 characters.", "name")
    allowed = {s.value for s in API_KEY_SCOPES}
    for i, scope in enumerate(scopes):
        if scope not in allowed:
            errors.add(AccountErrorCode.INVALID_SCOPE, f"Unknown scope {scope!r}.", f"scopes.{i}")
    if not scopes:
        errors.add(CoreErrorCode.REQUIRED, "Give at least one scope.", "scopes")
    if expires_at is not None and expires_at <= clock.now():
        errors.add(CoreErrorCode.INVALID_VALUE, "The expiry lies in the past.", "expires_at")
    if rate_limit_per_minute is not None and rate_limit_per_minute <= 0:
        errors.add(CoreErrorCode.INVALID_VALUE, "A rate limit is a positive number.", "rate_limit_per_minute")
    errors.raise_if_any()
    secret = f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"
    async with in_transaction():  # no key without its audit event
        key = await ApiKey.create(
            name=name,
            prefix=secret[: len(SECRET_PREFIX) + 6],
            secret_hash=token_hash(secret),
            scopes=sorted(set(scopes)),
            created_by_id=principal.user_id if principal is not None else None,
            expires_at=expires_at,
            rate_limit_per_minute=rate_limit_per_minute,
        )
        await audit.record(
            principal=principal,
            actor=actor,
            action=AuditAction.API_KEY_CREATED,
            record_type="ApiKey",
            record_id=key.pk,
            details={"name": key.name, "scopes": key.scopes},
            request=request,
        )
    return key, secret


async def revoke_api_key(
    *,
    key_id: int,
    principal: Principal | None = None,
    request: RequestInfo | None = None,
    actor: Actor | None = None,
) -> ApiKey:
    """Revoke a key; repeating it is harmless. The revocation itself is audited (API_KEY_REVOKED)."""
    key = await ApiKey.get_or_none(id=key_id)
    if key is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such API key.", "id")
    async with in_transaction():  # starts with its write (SQLite)
        now = clock.now()
        changed = await ApiKey.filter(id=key_id, revoked_at=None).update(revoked_at=now, updated_at=now)
        if changed:
            await audit.record(
                principal=principal,
                actor=actor,
                action=AuditAction.API_KEY_REVOKED,
                record_type="ApiKey",
                record_id=key.pk,
                details={"name": key.name},
                request=request,
            )
    await key.refresh_from_db()
    return key


async def principal_for_api_key(secret: str) -> Principal | None:
    key = await ApiKey.get_or_none(secret_hash=token_hash(secret), revoked_at=None)
    now = clock.now()
    if key is None or (key.expires_at is not None and key.expires_at <= now):
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        await ApiKey.filter(id=key.pk).update(last_used_at=now)
    return Principal.for_api_key(key)


async def api_keys_in_force(secrets: Collection[str]) -> set[str]:
    """Those of `secrets` that `principal_for_api_key` would still accept: one query for them all
    (and one UPDATE of `last_used_at` when some are due for it)."""
    by_hash = {token_hash(s): s for s in secrets}
    if not by_hash:
        return set()
    now = clock.now()
    keys = await ApiKey.filter(secret_hash__in=list(by_hash), revoked_at=None).values_list(
        "id", "secret_hash", "expires_at", "last_used_at"
    )
    live = [(pk, h, used) for pk, h, expires, used in keys if expires is None or expires > now]
    stale = [pk for pk, _, used in live if used is None or now - used > LAST_USED_RESOLUTION]
    if stale:
        await ApiKey.filter(id__in=stale).update(last_used_at=now)
    return {by_hash[h] for _, h, _ in live}
