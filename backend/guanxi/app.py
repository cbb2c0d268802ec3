"""The ASGI application: /graphql (HTTP and WebSocket), /healthz and the web app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import connections

from guanxi import db, exports
from guanxi.core import events
from guanxi.graphql.views import graphql_app
from guanxi.jobs import scheduler
from guanxi.segments.dynamic import Reevaluator
from guanxi.settings import Settings, get_settings
from guanxi.spa import spa_app

log = logging.getLogger("guanxi")


async def healthz(request: Request) -> JSONResponse:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # noqa: BLE001
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_worker_app() -> Starlette:
    """The app of one of several worker processes (`guanxi serve --workers N`): the parent migrated."""
    return create_app(migrate=False)


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> Starlette:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if migrate:
            await db.migrate(settings)
        await db.init(settings)
        await events.start_broker(settings.broker_url)
        reevaluator = Reevaluator()
        reevaluator.start()
        jobs = (
            asyncio.create_task(scheduler.run_forever(settings.scheduler_interval_seconds))
            if settings.scheduler_interval_seconds > 0
            else None
        )
        try:
            yield
        finally:
            if jobs is not None:
                jobs.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await jobs
            await reevaluator.stop()
            await events.stop_broker()
            await db.close()

    gql = graphql_app(allowed_origins=settings.cors_origins)
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/export/segments/{segment_id}.csv", exports.segment_members),
            Route("/graphql", gql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", gql),
            Mount("/", app=spa_app()),
        ],
        lifespan=lifespan,
        middleware=_cors(settings.cors_origins),
    )


def _cors(origins: tuple[str, ...]) -> list[Middleware]:
    """Cross-origin requests only from GUANXI_CORS_ORIGINS (none by default), cookies included."""
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            allow_credentials=True,
            expose_headers=[
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
                "Retry-After",
            ],
        )
    ]
