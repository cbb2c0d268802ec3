"""HTTP plumbing of /graphql: body size and content type checked before parsing, the response
media type (GraphQL over HTTP), and GraphQL-shaped JSON bodies for requests refused at the HTTP level.
"""

from __future__ import annotations

import json

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Message, Receive

from guanxi.graphql.core.limits import MAX_BODY_BYTES

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"

# extensions.code of the HTTP-level refusals
BAD_REQUEST = "BAD_REQUEST"
BATCHING_NOT_SUPPORTED = "BATCHING_NOT_SUPPORTED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"


class Refusal(Exception):
    """Answer with `status` and `{"errors": [{message, extensions: {code}}]}`; nothing runs."""

    def __init__(self, status: int, message: str, code: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}

    def response(self, connection: HTTPConnection) -> Response:
        return error_response(connection, self.status, self.message, self.code, self.headers)


def error_response(
    connection: HTTPConnection, status: int, message: str, code: str, headers: dict[str, str] | None = None
) -> Response:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    media = response_media_type(connection)
    if media == GRAPHQL_RESPONSE:
        media += "; charset=utf-8"
    return Response(body, status_code=status, headers=headers, media_type=media)


def response_media_type(connection: HTTPConnection) -> str:
    """application/graphql-response+json when the client accepts it, else application/json."""
    for item in connection.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in item.split(";"))
        if media.lower() != GRAPHQL_RESPONSE:
            continue
        q = next((p.partition("=")[2] for p in params if p.lower().startswith("q=")), "1")
        try:
            if float(q) > 0:
                return GRAPHQL_RESPONSE
        except ValueError:
            continue
    return JSON


def check_head(request: Request) -> None:
    """Before reading the body: a declared length over MAX_BODY_BYTES is 413; a POST must be JSON (415).

    Only `application/json` bodies are read, so an HTML form or a `text/plain` fetch from another
    site (no CORS preflight) cannot carry a cookie-authenticated mutation.
    """
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise Refusal(400, "Invalid Content-Length.", BAD_REQUEST)
        if int(length) > MAX_BODY_BYTES:
            raise _too_large()
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != JSON:
            raise Refusal(
                415,
                "Send operations as POST with Content-Type: application/json (or queries as GET).",
                UNSUPPORTED_MEDIA_TYPE,
            )


def limit_body(receive: Receive) -> Receive:
    """`receive` that refuses (413) once the streamed body passes MAX_BODY_BYTES, whatever was declared."""
    received = 0

    async def limited() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise _too_large()
        return message

    return limited


def refuse_batches(body: bytes) -> None:
    if body.lstrip()[:1] == b"[":
        raise Refusal(
            400,
            "Batched operations (a JSON array) are not supported: send one operation per request.",
            BATCHING_NOT_SUPPORTED,
        )


def _too_large() -> Refusal:
    return Refusal(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.", REQUEST_TOO_LARGE)
