"""/graphql over HTTP and WebSocket: who is calling (session cookie or bearer token), and the
endpoint's protections that belong to HTTP: body size and type, no batches, GET for queries only,
GraphiQL for signed-in callers, persisted queries, the GraphQL-over-HTTP media type and status codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from guanxi.accounts.principal import Principal
from guanxi.accounts.services import principal_for_token
from guanxi.graphql import http
from guanxi.graphql.accounts.mutations import SESSION_COOKIE
from guanxi.graphql.context import Context
from guanxi.graphql.core import throttling
from guanxi.graphql.core.limits import RATE_LIMITED, is_request_error
from guanxi.graphql.core.persisted_queries import PersistedQueryError
from guanxi.graphql.schema import schema

SIGN_IN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guanxi GraphQL</title></head>
<body><p>GraphiQL is for signed-in staff. <a href="/login">Sign in</a>, then open <code>/graphql</code> again.</p>
<p>Programs send their operations here with <code>POST</code> and <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</body></html>"""


def _bearer(value: str | None) -> str | None:
    if value and value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


async def _principal(connection: HTTPConnection) -> tuple[Principal | None, str | None, str | None]:
    """(principal, session cookie, the credential that signed in) of a request or WebSocket."""
    token = _bearer(connection.headers.get("authorization"))
    if token:
        return await principal_for_token(token), None, token
    session = connection.cookies.get(SESSION_COOKIE)
    if session:
        return await principal_for_token(session), session, session
    return None, None, None


class GuanxiGraphQL(GraphQL):
    def __init__(self, *, allowed_origins: Sequence[str] = ()) -> None:
        # WebSockets from other origins are refused (403) unless listed: browsers send cookies with them.
        super().__init__(
            schema, graphql_ide="graphiql", allow_queries_via_get=True, allowed_origins=allowed_origins
        )
        self.guards = throttling.Guards()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive=http.limit_body(receive))
        try:
            http.check_head(request)
            response = await self.run(request)
        except http.Refusal as refusal:
            response = refusal.response(request)
        except HTTPException as exc:
            response = http.error_response(request, exc.status_code, exc.reason, http.BAD_REQUEST)
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        principal, session, credential = await _principal(request)
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            principal=principal,
            session_token=session,
            credential=credential if principal is not None else None,
            guards=self.guards,
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = http.response_media_type(request)
        return sub_response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET with only `extensions` is a persisted query, not a browser asking for GraphiQL.
        return super().should_render_graphql_ide(request) and "extensions" not in request.query_params

    async def render_graphql_ide(self, request: Request) -> Response:
        principal, _, _ = await _principal(request)
        if principal is None:
            return HTMLResponse(SIGN_IN_PAGE, status_code=401)
        return await super().render_graphql_ide(request)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            http.refuse_batches(await request.get_body())
        return await super().parse_http_body(request)

    async def execute_single(  # noqa: PLR0917
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        # An exhausted budget refuses before the document is even parsed.
        allowance = throttling.peek(context)
        if allowance is not None and not allowance.allowed:
            error = throttling.rate_limited(allowance)
            raise http.Refusal(429, error.message, RATE_LIMITED, throttling.rate_limit_headers(allowance))
        try:
            query, keep = self.guards.persisted_queries.resolve(request_data.query, request_data.extensions)
        except PersistedQueryError as exc:
            throttling.spend(context, 1)
            return ExecutionResult(data=None, errors=[exc.error])
        request_data.query = query
        try:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise http.Refusal(
                    405,
                    "Only queries may be sent with GET; send mutations with POST.",
                    http.METHOD_NOT_ALLOWED,
                    {"Allow": "POST"},
                ) from exc
            raise
        if keep is not None and query is not None and not is_request_error(result.data, result.errors):
            self.guards.persisted_queries.keep(keep, query)
        if context.spent is None:  # refused before execution (syntax, validation, limits, sign-in)
            throttling.spend(context, 1)
        await context.flush_audit()  # personal data shown in clear by this request, one row per customer
        return result

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        if http.response_media_type(request) == http.GRAPHQL_RESPONSE and is_request_error(
            result.data, result.errors
        ):
            data.pop("data", None)  # GraphQL over HTTP: a request error has no `data` entry
        return data

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == http.GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{http.GRAPHQL_RESPONSE}; charset=utf-8"
            if (
                not sub_response.status_code
                and isinstance(response_data, Mapping)
                and "data" not in response_data
            ):
                response.status_code = 400
        return response

    async def on_ws_connect(self, context: Context) -> Any:
        """A token in the connection_init payload (`{"authorization": "Bearer ..."}`) signs the socket in."""
        params = context.connection_params or {}
        token = _bearer(str(params.get("authorization") or params.get("Authorization") or ""))
        if token:
            principal = await principal_for_token(token)
            if principal is None:
                raise ConnectionRejectionError({"message": "Invalid or revoked token."})
            context.sign_in(principal, credential=token)
        return None


def graphql_app(*, allowed_origins: Sequence[str] = ()) -> GuanxiGraphQL:
    return GuanxiGraphQL(allowed_origins=allowed_origins)
