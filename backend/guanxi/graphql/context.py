"""The per-request context: who is calling, their DataLoaders, the request and response.

It also carries what the audit log needs: `request_info` (client address and request id, the
id echoed as the `X-Request-ID` response header) and `pii_reads`, the customers whose personal
data this request showed in clear. The view calls `flush_audit()` once execution is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection
from starlette.responses import Response

from guanxi.accounts.audit import REQUEST_ID_HEADER, PiiReads, RequestInfo
from guanxi.accounts.principal import Principal
from guanxi.core.buckets import Allowance
from guanxi.core.errors import unauthenticated
from guanxi.graphql.core.throttling import Guards
from guanxi.graphql.loaders import Loaders


@dataclass
class Context:
    request: HTTPConnection
    response: Response | None
    principal: Principal | None
    loaders: Loaders = field(init=False)
    session_token: str | None = None
    credential: str | None = None  # the token or session that signed this request or socket in
    connection_params: dict[str, Any] | None = None
    guards: Guards = field(default_factory=Guards)  # the endpoint's rate-limit and APQ state
    spent: Allowance | None = None  # the caller's budget after this request spent its cost
    pii_reads: PiiReads = field(init=False, default_factory=PiiReads)  # for the audit log
    _request_info: RequestInfo = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.principal)
        client = self.request.client
        self._request_info = RequestInfo.from_http(self.request.headers, client.host if client else None)
        if self.response is not None:
            self.response.headers[REQUEST_ID_HEADER] = self._request_info.request_id or ""

    @property
    def request_info(self) -> RequestInfo:
        """The client's address and this request's id (its X-Request-ID, or a fresh one), for audit."""
        return self._request_info

    async def flush_audit(self) -> int:
        """Write the PII_READ events this request collected (one statement; none when nothing was read)."""
        return await self.pii_reads.flush(self.principal, self._request_info)

    def sign_in(self, principal: Principal, credential: str | None = None) -> None:
        """Set the principal later (a WebSocket authenticates in connection_init)."""
        self.principal = principal
        self.credential = credential
        self.loaders = Loaders(principal)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise unauthenticated()
        return self.principal

    # strawberry reads these on WebSocket contexts
    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)
