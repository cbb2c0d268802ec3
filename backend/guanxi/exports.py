"""File downloads for the web app, outside GraphQL: a segment's members as CSV.

Signed in as for /graphql (session cookie or bearer token); rows and personal data follow the
caller's rights exactly as in queries (segments/export.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.permissions import Permission
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.views import _principal
from guanxi.segments.export import members_csv
from guanxi.segments.models import Segment


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


async def segment_members(request: Request) -> Response:
    principal, _, _ = await _principal(request)
    if principal is None:
        return _error(401, "UNAUTHENTICATED", "Sign in first.")
    if not (principal.can(Permission.SEGMENTS_READ) and principal.can(Permission.CUSTOMERS_READ)):
        return _error(403, "FORBIDDEN", "This needs the segments:read and customers:read permissions.")
    raw = request.path_params["segment_id"]
    parsed = parse_global_id(raw)
    pk = parsed[1] if parsed is not None and parsed[0] == "Segment" else (int(raw) if raw.isdigit() else None)
    if pk is None or not await Segment.filter(id=pk).exists():
        return _error(404, "NOT_FOUND", "No such segment.")
    client = request.client
    info = RequestInfo.from_http(request.headers, client.host if client else None)

    async def body() -> AsyncIterator[str]:
        yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the Chinese text as UTF-8
        async for chunk in members_csv(principal, pk, request=info):
            yield chunk

    return StreamingResponse(
        body(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="segment-{pk}-members.csv"', "Cache-Control": "no-store"},
    )
