"""Staff users, passwords, sessions and bearer tokens."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.apikeys import SECRET_PREFIX, api_keys_in_force, principal_for_api_key
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.errors import AccountErrorCode
from guanxi.accounts.models import AuditAction, AuthToken, Role, Team, TokenKind, User
from guanxi.accounts.principal import Principal
from guanxi.accounts.tokens import token_hash
from guanxi.core import clock
from guanxi.core.errors import CoreErrorCode, DomainError

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verifying against this keeps the timing of unknown emails like that of wrong passwords.
_DUMMY_HASH = _hasher.hash("guanxi-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH or password.isdigit() or password.isalpha():
        raise DomainError(
            AccountErrorCode.WEAK_PASSWORD,
            f"A password has at least {MIN_PASSWORD_LENGTH} characters, "
            "mixing letters with digits or symbols.",
            field,
        )


async def team_named(name: str | None) -> Team | None:
    """The team called `name`, created on first mention; None for no team."""
    if not name or not name.strip():
        return None
    team, _ = await Team.get_or_create(name=name.strip())
    return team


async def create_user(
    *, email: str, name: str, role: Role, password: str | None = None, team: Team | None = None
) -> User:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise DomainError(AccountErrorCode.INVALID_EMAIL, "Not a valid email address.", "email")
    if password is not None:
        check_password_strength(password)
    if await User.filter(email=email).exists():
        raise DomainError(CoreErrorCode.DUPLICATE, f"A user with email {email} exists.", "email")
    return await User.create(
        email=email,
        name=name.strip() or email,
        role=role,
        team=team,
        password_hash=hash_password(password) if password else None,
    )


async def set_password(user: User, password: str) -> None:
    check_password_strength(password)
    user.password_hash = hash_password(password)
    await user.save(update_fields=["password_hash", "updated_at"])


def password_matches(user: User | None, password: str) -> bool:
    try:
        if user is None or not user.password_hash:
            _hasher.verify(_DUMMY_HASH, password)
            return False
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def authenticate(*, email: str, password: str, request: RequestInfo | None = None) -> User:
    """The active user with this email and password; a failure is audited as LOGIN_FAILED."""
    email = email.strip().lower()
    user = await User.get_or_none(email=email)
    active = user if user is not None and user.is_active else None
    if not password_matches(active, password):
        reason = "UNKNOWN_EMAIL" if user is None else "WRONG_PASSWORD" if active else "INACTIVE_USER"
        await audit.record(
            principal=None,
            actor=audit.ANONYMOUS,
            action=AuditAction.LOGIN_FAILED,
            record_type="User" if user is not None else None,
            record_id=user.pk if user is not None else None,
            details={"email": email[:254], "reason": reason},  # never the password
            request=request,
        )
        raise DomainError(AccountErrorCode.INVALID_CREDENTIALS, "Wrong email or password.", "password")
    assert active is not None
    active.last_login_at = clock.now()
    await active.save(update_fields=["last_login_at"])
    return active


async def login(*, email: str, password: str, request: RequestInfo | None = None) -> tuple[User, str]:
    """Check the password and open a web session: (user, session secret). Audited either way."""
    user = await authenticate(email=email, password=password, request=request)
    secret = await create_session(user)
    await audit.record(
        principal=Principal.for_user(user),
        action=AuditAction.LOGIN,
        record_type="User",
        record_id=user.pk,
        request=request,
    )
    return user, secret


async def logout(
    *, principal: Principal, session_token: str | None, request: RequestInfo | None = None
) -> None:
    """End the caller's web session (if it signed in with one) and audit it."""
    if session_token:
        await revoke_token(session_token)
    await audit.record(
        principal=principal,
        action=AuditAction.LOGOUT,
        record_type="User" if principal.user_id is not None else None,
        record_id=principal.user_id,
        details={"session_revoked": bool(session_token)},
        request=request,
    )


async def _issue(user: User, kind: TokenKind, name: str, lifetime: timedelta | None) -> str:
    secret = f"gx_{secrets.token_urlsafe(32)}"
    await AuthToken.create(
        user=user,
        kind=kind,
        name=name,
        token_hash=token_hash(secret),
        expires_at=clock.now() + lifetime if lifetime else None,
    )
    return secret


async def create_session(user: User) -> str:
    return await _issue(user, TokenKind.SESSION, "web session", SESSION_LIFETIME)


async def create_bearer_token(*, name: str, role: Role, team: Team | None = None) -> str:
    """Create (or reuse) the staff user called `name` with `role` and give it a bearer token."""
    async with in_transaction():
        user = await User.filter(name=name).order_by("id").first()
        if user is None:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "token"
            email = f"{slug}-{secrets.token_hex(3)}@tokens.guanxi.invalid"
            user = await User.create(email=email, name=name, role=role, team=team)
        elif user.role != role or (team is not None and user.team_id != team.pk):
            user.role = role
            user.team_id = team.pk if team is not None else user.team_id
            await user.save(update_fields=["role", "team_id", "updated_at"])
        return await _issue(user, TokenKind.BEARER, name, None)


async def principal_for_token(secret: str) -> Principal | None:
    """The principal behind a session token, a staff bearer token or a partner's API key."""
    if not secret or len(secret) > 200:
        return None
    if secret.startswith(SECRET_PREFIX):
        return await principal_for_api_key(secret)
    token = (
        await AuthToken.filter(token_hash=token_hash(secret), revoked_at=None).select_related("user").first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= clock.now():
        return None
    return Principal.for_user(token.user, token_id=token.pk)


async def credentials_in_force(credentials: Collection[str]) -> set[str]:
    """Those of `credentials` that still sign in, as `principal_for_token` decides, in one query per
    kind whatever their number (live feeds check every subscriber's at each event)."""
    wanted = {c for c in credentials if c and len(c) <= 200}
    keys = {c for c in wanted if c.startswith(SECRET_PREFIX)}
    by_hash = {token_hash(c): c for c in wanted - keys}
    live = await api_keys_in_force(keys) if keys else set()
    if by_hash:
        rows = await AuthToken.filter(
            token_hash__in=list(by_hash), revoked_at=None, user__is_active=True
        ).values_list("token_hash", "expires_at")
        now = clock.now()
        live |= {by_hash[h] for h, expires in rows if expires is None or expires > now}
    return live


async def revoke_token(secret: str) -> None:
    await AuthToken.filter(token_hash=token_hash(secret), revoked_at=None).update(revoked_at=clock.now())


async def revoke_user_tokens(
    *, email: str, kinds: tuple[TokenKind, ...] = (TokenKind.SESSION, TokenKind.BEARER)
) -> int:
    """End every session (and bearer token) of a staff user at once; returns how many."""
    user = await User.get_or_none(email=email.strip().lower())
    if user is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, f"No staff user with email {email}.", "email")
    return await AuthToken.filter(user_id=user.pk, revoked_at=None, kind__in=list(kinds)).update(
        revoked_at=clock.now()
    )
