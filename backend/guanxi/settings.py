"""Every GUANXI_* setting, read from the environment in one place.

`get_settings()` reads the environment once per process; tests and the CLI call
`reset_settings()` after changing the environment.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    broker_url: str
    secret_key: str
    host: str
    port: int
    home_country: str
    home_province: str | None
    loyal_purchase_days: int
    log_level: str
    rate_limit_per_minute: int
    cors_origins: tuple[str, ...]
    data_key: str | None  # base64 of 32 bytes; None: the keyring file in the data dir (core/crypto.py)
    data_keys_previous: tuple[str, ...]  # older keys still needed to read values written with them
    scheduler_interval_seconds: float = 60.0  # how often periodic jobs run in `guanxi serve`; 0: never
    currency: str = "CNY"  # the base currency: spend metrics and segment rules count purchases in it

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _secret_key(data_dir: Path) -> str:
    configured = _env("GUANXI_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with owner-only permissions; a concurrent first start keeps whichever won.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def default_sqlite_url(data_dir: Path) -> str:
    """SQLite in the data dir: WAL (readers never block writers), a busy timeout, and secure_delete
    so that deleted or re-encrypted personal data does not linger in free pages of the file."""
    return (
        f"sqlite://{(data_dir / 'guanxi.sqlite3').resolve()}"
        "?busy_timeout=10000&synchronous=NORMAL&secure_delete=ON"
    )


def _origins(value: str | None) -> tuple[str, ...]:
    """`https://a.example, https://b.example` -> both; `*` is refused (cookies travel cross-origin)."""
    origins = tuple(o.strip().rstrip("/") for o in (value or "").split(",") if o.strip())
    if "*" in origins:
        raise ValueError("GUANXI_CORS_ORIGINS lists origins explicitly; '*' is not accepted.")
    return origins


def _currency(code: str) -> str:
    from guanxi.core.currency import CURRENCIES

    code = code.strip().upper()
    if code not in CURRENCIES:
        raise ValueError(f"GUANXI_CURRENCY: {code!r} is not an ISO 4217 currency code.")
    return code


def _load() -> Settings:
    data_dir = Path(_env("GUANXI_DATA_DIR", "./data") or "./data").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    home_province = _env("GUANXI_HOME_PROVINCE", "广东")
    return Settings(
        data_dir=data_dir,
        database_url=_env("GUANXI_DATABASE_URL") or default_sqlite_url(data_dir),
        broker_url=_env("GUANXI_BROKER_URL", "memory://") or "memory://",
        secret_key=_secret_key(data_dir),
        host=_env("GUANXI_HOST", "127.0.0.1") or "127.0.0.1",
        port=int(_env("GUANXI_PORT", "8000") or "8000"),
        home_country=(_env("GUANXI_HOME_COUNTRY", "CN") or "CN").upper(),
        home_province=home_province,
        loyal_purchase_days=int(_env("GUANXI_LOYAL_PURCHASE_DAYS", "3") or "3"),
        log_level=(_env("GUANXI_LOG_LEVEL", "INFO") or "INFO").upper(),
        rate_limit_per_minute=int(_env("GUANXI_RATE_LIMIT_PER_MINUTE", "10000") or "10000"),
        cors_origins=_origins(_env("GUANXI_CORS_ORIGINS")),
        data_key=_env("GUANXI_DATA_KEY"),
        data_keys_previous=tuple(
            k.strip() for k in (_env("GUANXI_DATA_KEYS_PREVIOUS") or "").split(",") if k.strip()
        ),
        scheduler_interval_seconds=float(_env("GUANXI_SCHEDULER_INTERVAL", "60") or "60"),
        currency=_currency(_env("GUANXI_CURRENCY", "CNY") or "CNY"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return _load()


def reset_settings() -> None:
    get_settings.cache_clear()
