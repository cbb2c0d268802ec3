from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts import services
from guanxi.accounts.principal import Principal
from guanxi.graphql.accounts.types import Viewer
from guanxi.graphql.core.errors import UserError, mutation_payload
from guanxi.graphql.permissions import IsAuthenticated

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


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with email and password; sets an HttpOnly session cookie.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        async def work() -> dict[str, Any]:
            user = await services.authenticate(email=input.email, password=input.password)
            secret = await services.create_session(user)
            set_session_cookie(info, secret)
            return {"viewer": Viewer.from_principal(Principal.for_user(user))}

        return await mutation_payload(LoginPayload, work)

    @strawberry.mutation(description="End the current session.", permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> LogoutPayload:
        if info.context.session_token:
            await services.revoke_token(info.context.session_token)
        set_session_cookie(info, None)
        return LogoutPayload(ok=True, user_errors=[])
