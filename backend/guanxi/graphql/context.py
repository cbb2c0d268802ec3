"""The per-request context: who is calling, their DataLoaders, the request and response."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection
from starlette.responses import Response

from guanxi.accounts.principal import Principal
from guanxi.core.errors import unauthenticated
from guanxi.graphql.loaders import Loaders


@dataclass
class Context:
    request: HTTPConnection
    response: Response | None
    principal: Principal | None
    loaders: Loaders = field(init=False)
    session_token: str | None = None
    connection_params: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.principal)

    def sign_in(self, principal: Principal) -> None:
        """Set the principal later (a WebSocket authenticates in connection_init)."""
        self.principal = principal
        self.loaders = Loaders(principal)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise unauthenticated()
        return self.principal

    # strawberry reads these on WebSocket contexts
    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)
