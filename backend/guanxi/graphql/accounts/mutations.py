from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts import apikeys, services
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.graphql.accounts.types import ApiKey, ApiScope, Viewer
from guanxi.graphql.core.errors import UserError, mutation_payload
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.throttling import login_attempts
from guanxi.graphql.permissions import IsAuthenticated, requires

SESSION_COOKIE = "guanxi_session"


@strawberry.input(description="Credentials of a staff user.")
class LoginInput:
    email: str = strawberry.field(description="Sign-in email address.")
    password: str = strawberry.field(description="Password.")


@strawberry.type(description="Result of login; on success a session cookie is set.")
class LoginPayload:
    viewer: Viewer | None = strawberry.field(default=None, description="Who is now signed in.")
    user_errors: list[UserError] = strawberry.field(
        description="INVALID_CREDENTIALS when the email or password is wrong."
    )


@strawberry.type(description="Result of logout.")
class LogoutPayload:
    ok: bool = strawberry.field(default=False, description="True once the session is ended.")
    user_errors: list[UserError] = strawberry.field(description="Always empty.")


def set_session_cookie(info: Info, secret: str | None) -> None:
    response = info.context.response
    request = info.context.request
    secure = request.url.scheme == "https"
    if secret is None:
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
    else:
        response.set_cookie(
            SESSION_COOKIE,
            secret,
            max_age=int(services.SESSION_LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            samesite="lax",
            secure=secure,
        )


@strawberry.input(description="A new API key for a partner.")
class CreateApiKeyInput:
    name: str = strawberry.field(description="Who or what will use it, e.g. `E-shop`.")
    scopes: list[ApiScope] = strawberry.field(description="What it may do.")  # type: ignore[valid-type]
    expires_at: datetime | None = strawberry.field(
        default=None, description="When it stops working; null: never."
    )
    rate_limit_per_minute: int | None = strawberry.field(
        default=None, description="Cost points per minute; null: the server's default."
    )


@strawberry.type(description="Result of createApiKey. The secret is shown here once and never again.")
class CreateApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(default=None, description="The new key.")
    secret: str | None = strawberry.field(
        default=None,
        description="Send as `Authorization: Bearer <secret>`. Store it now: it cannot be shown again.",
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


@strawberry.input(description="Revoke an API key: it stops working at once.")
class RevokeApiKeyInput:
    id: strawberry.ID = strawberry.field(description="The key.")


@strawberry.type(description="Result of revokeApiKey.")
class RevokeApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(default=None, description="The revoked key.")
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty on success."
    )


MANAGE_KEYS = [requires(Permission.API_KEYS_MANAGE)]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with email and password; sets an HttpOnly session cookie.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        # Too many recent failures for this email or address: RATE_LIMITED, the password unchecked.
        attempts = login_attempts(info.context, input.email)

        async def work() -> dict[str, Any]:
            user, secret = await services.login(
                email=input.email, password=input.password, request=info.context.request_info
            )
            set_session_cookie(info, secret)
            return {"viewer": Viewer.from_principal(Principal.for_user(user))}

        payload = await mutation_payload(LoginPayload, work)
        attempts.record(succeeded=payload.viewer is not None)
        return payload

    @strawberry.mutation(description="End the current session.", permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> LogoutPayload:
        await services.logout(
            principal=info.context.require_principal(),
            session_token=info.context.session_token,
            request=info.context.request_info,
        )
        set_session_cookie(info, None)
        return LogoutPayload(ok=True, user_errors=[])

    @strawberry.mutation(
        description="Create an API key for a partner (ADMIN).", permission_classes=MANAGE_KEYS
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        async def work() -> dict[str, Any]:
            key, secret = await apikeys.create_api_key(
                principal=info.context.principal,
                name=input.name,
                scopes=[s.value for s in input.scopes],
                expires_at=input.expires_at,
                rate_limit_per_minute=input.rate_limit_per_minute,
                request=info.context.request_info,
            )
            return {"api_key": ApiKey.from_row(key), "secret": secret}

        return await mutation_payload(CreateApiKeyPayload, work)

    @strawberry.mutation(description="Revoke an API key (ADMIN).", permission_classes=MANAGE_KEYS)
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
        async def work() -> dict[str, Any]:
            key = await apikeys.revoke_api_key(
                key_id=decode_id(input.id, "ApiKey", "id"),
                principal=info.context.principal,
                request=info.context.request_info,
            )
            return {"api_key": ApiKey.from_row(key)}

        return await mutation_payload(RevokeApiKeyPayload, work)
