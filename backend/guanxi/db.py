"""Database configuration, connection lifecycle and migrations."""

from __future__ import annotations

import logging
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as run_migrations

from guanxi.settings import Settings, get_settings

MODEL_MODULES = [
    "guanxi.core.models",
    "guanxi.accounts.models",
    "guanxi.customers.models",
    "guanxi.interactions.models",
    "guanxi.feedback.models",
    "guanxi.value.models",
    "guanxi.segments.models",
    "guanxi.loyalty.models",
]
APP_LABEL = "models"

log = logging.getLogger(__name__)


def tortoise_config(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or get_settings()
    return {
        "connections": {"default": settings.database_url},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "guanxi.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init(settings: Settings | None = None) -> None:
    """Open connections (visible to every task: global fallback, see STACK-NOTES)."""
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def migrate(settings: Settings | None = None) -> None:
    """Apply pending migrations, then close the connections they opened."""
    try:
        await run_migrations(config=tortoise_config(settings))
    finally:
        await Tortoise.close_connections()


async def close() -> None:
    await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    """`TORTOISE_ORM`, read lazily, for the tortoise CLI: `tortoise -c guanxi.db.TORTOISE_ORM makemigrations`."""
    if name == "TORTOISE_ORM":
        return tortoise_config()
    raise AttributeError(name)
