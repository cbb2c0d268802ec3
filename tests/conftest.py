"""Shared fixtures: a real database (SQLite, and PostgreSQL when GUANXI_TEST_DATABASE_URL is set),
an HTTP client on the real ASGI app, and signed-in principals.

Every test that takes `db` runs once per database backend. The PostgreSQL run uses its own
freshly created database, dropped at the end.
"""

from __future__ import annotations

import logging
import os
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import httpx
import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from guanxi import db as guanxi_db
from guanxi.accounts.models import Role, User
from guanxi.accounts.principal import Principal
from guanxi.accounts.services import create_bearer_token, create_user
from guanxi.core import crypto
from guanxi.settings import reset_settings

TEST_DB_URL_VAR = "GUANXI_TEST_DATABASE_URL"
PASSWORD = "Correct-horse-42"


@dataclass
class Database:
    backend: str
    url: str


def _with_db_name(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


async def _pg_admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_with_db_name(url, "postgres").replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    backend = request.param
    data_dir = tmp_path_factory.mktemp(f"data-{backend}")
    pg_name = None
    if backend == "postgres":
        base = os.environ.get(TEST_DB_URL_VAR)
        if not base:
            pytest.skip(
                f"PostgreSQL run skipped: set {TEST_DB_URL_VAR}=postgres://postgres@127.0.0.1:5432/postgres"
            )
        pg_name = f"guanxi_test_{uuid.uuid4().hex[:10]}"
        try:
            await _pg_admin(base, f'CREATE DATABASE "{pg_name}"')
        except OSError as exc:
            pytest.skip(f"PostgreSQL at {base} does not answer: {exc}")
        url = _with_db_name(base, pg_name)
    else:
        url = f"sqlite://{data_dir / 'test.sqlite3'}?busy_timeout=10000&secure_delete=ON"
    os.environ["GUANXI_DATA_DIR"] = str(data_dir)
    os.environ["GUANXI_DATABASE_URL"] = url
    os.environ.setdefault("GUANXI_SECRET_KEY", secrets.token_urlsafe(32))
    reset_settings()
    crypto.reset()  # each backend's data dir has its own keyring
    try:
        await guanxi_db.migrate()
        await guanxi_db.init()
        yield Database(backend=backend, url=url)
    finally:
        await guanxi_db.close()
        # Tortoise caches insert statements per (connection name, table), whatever the dialect:
        # forget them before the next backend uses the same connection name.
        EXECUTOR_CACHE.clear()
        if pg_name:
            await _pg_admin(os.environ[TEST_DB_URL_VAR], f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        os.environ.pop("GUANXI_DATABASE_URL", None)
        reset_settings()


def _tables() -> list[str]:
    return [m._meta.db_table for app in Tortoise.apps.values() for m in app.values()]


@pytest.fixture
async def db(database: Database) -> AsyncIterator[Database]:
    """A clean database for one test (all rows deleted before it runs)."""
    conn = connections.get("default")
    tables = _tables()
    if database.backend == "postgres":
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script(
            "PRAGMA foreign_keys=OFF;"
            + "".join(f"DELETE FROM {t};" for t in tables)
            + "PRAGMA foreign_keys=ON;"
        )
    yield database


# --- principals ---------------------------------------------------------------------------


@dataclass
class Staff:
    user: User
    token: str

    @property
    def principal(self) -> Principal:
        return Principal.for_user(self.user)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_staff(role: Role, name: str | None = None) -> Staff:
    name = name or f"{role.value.title()} {secrets.token_hex(2)}"
    token = await create_bearer_token(name=name, role=role)
    user = await User.get(name=name)
    return Staff(user=user, token=token)


@pytest.fixture
async def admin(db: Database) -> Staff:
    return await make_staff(Role.ADMIN, "Ada Admin")


@pytest.fixture
async def agent(db: Database) -> Staff:
    return await make_staff(Role.AGENT, "Alan Agent")


@pytest.fixture
async def analyst(db: Database) -> Staff:
    return await make_staff(Role.ANALYST, "Ana Analyst")


@pytest.fixture
async def password_user(db: Database) -> User:
    return await create_user(email="mei@example.com", name="李梅", role=Role.MANAGER, password=PASSWORD)


# --- HTTP --------------------------------------------------------------------------------


@pytest.fixture
async def client(db: Database) -> AsyncIterator[httpx.AsyncClient]:
    from guanxi.app import create_app

    app = create_app(migrate=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class GQL:
    """Posts GraphQL operations; `data` asserts there were no errors."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Staff | None = None
    ) -> dict[str, Any]:
        headers = as_.headers if as_ else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Staff | None = None
    ) -> dict[str, Any]:
        body = await self(query, variables, as_=as_)
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GQL:
    return GQL(client)


# --- SQL statement counting ---------------------------------------------------------------


class _CountingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)


@pytest.fixture
def sql_statements() -> Iterator[list[str]]:
    """Every SQL statement executed while the fixture is active (tests run one at a time)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _CountingHandler()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


ROOT = Path(__file__).resolve().parents[1]
