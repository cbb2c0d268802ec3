"""/graphql over HTTP and WebSocket: who is calling, from the session cookie or a bearer token."""

from __future__ import annotations

from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from guanxi.accounts.principal import Principal
from guanxi.accounts.services import principal_for_token
from guanxi.graphql.accounts.mutations import SESSION_COOKIE
from guanxi.graphql.context import Context
from guanxi.graphql.schema import schema


def _bearer(value: str | None) -> str | None:
    if value and value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


async def _principal(connection: HTTPConnection) -> tuple[Principal | None, str | None]:
    token = _bearer(connection.headers.get("authorization"))
    if token:
        return await principal_for_token(token), None
    session = connection.cookies.get(SESSION_COOKIE)
    if session:
        return await principal_for_token(session), session
    return None, None


class GuanxiGraphQL(GraphQL):
    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        principal, session = await _principal(request)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            principal=principal,
            session_token=session,
        )

    async def on_ws_connect(self, context: Context) -> Any:
        """A token in the connection_init payload (`{"authorization": "Bearer ..."}`) signs the socket in."""
        params = context.connection_params or {}
        token = _bearer(str(params.get("authorization") or params.get("Authorization") or ""))
        if token:
            principal = await principal_for_token(token)
            if principal is None:
                raise ConnectionRejectionError({"message": "Invalid or revoked token."})
            context.sign_in(principal)
        return None


def graphql_app() -> GuanxiGraphQL:
    return GuanxiGraphQL(schema, graphql_ide="graphiql", allow_queries_via_get=True)
