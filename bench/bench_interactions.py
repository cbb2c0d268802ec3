"""Communication benchmark: a customer's timeline and logContact, on SQLite.

    .venv/bin/python bench/bench_interactions.py
    .venv/bin/python bench/bench_interactions.py --help

One run (about 2.6 minutes):
1. seeds 1,100 demo customers into a scratch SQLite database (migrated as the app does), then
   one more customer with 10,000 interactions and 200 purchases over two years (with identical
   timestamps, within and across kinds, to exercise the tie-breaks) and 10 interactions for
   every other customer; creates a bearer token;
2. in this process (the app over httpx's ASGITransport) counts the SQL statements of one
   timeline page, the deep page (after following the cursor 100 pages in) and one logContact
   of each kind; walks the whole timeline to check the keyset order; times the timeline's SQL
   at page 1, the deep page and the last page and EXPLAINs it;
3. starts the real app (uvicorn, `guanxi.app:create_app`, one worker) and a baseline server
   (one Starlette route answering the same JSON from one UNION ALL query on aiosqlite) and
   checks that both answer the same for the first and the deep page;
4. loads each with a separate load-generator process (bench_customers.py's: keep-alive
   HTTP/1.1, 8 connections, warm-up then a measured window), alternating targets over rounds:
   the timeline (page 1 and the deep page, GraphQL and baseline), then logContact INBOUND,
   INBOUND with a unique idempotency key, and OUTBOUND (contact policy BLOCK at 1,000 per
   7 days, so it never blocks), each request for the next of 1,000 customers; the mutation
   passes its input as variables (one query text), `--inline` writes it out as literals;
5. prints a summary and writes it as JSON to bench/results/interactions.json.

The same file is the baseline server (`baseline` sub-command) and the load generator (`load`).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_customers as bc  # noqa: E402  (the helpers: load generator, servers, seeding)

RESULT_FILE = bc.RESULTS_DIR / "interactions.json"

_TIMELINE_FIELDS = (
    "edges { cursor kind occurredAt node { __typename "
    "... on Interaction { id channel direction subject occurredAt } "
    "... on Purchase { id amount currency occurredAt } } } pageInfo { hasNextPage endCursor }"
)
# The first page, as a mobile client asks for it; the deep page passes `after`.
TIMELINE_QUERY = f"query($id: ID!) {{ customer(id: $id) {{ timeline(first: 50) {{ {_TIMELINE_FIELDS} }} }} }}"
TIMELINE_AFTER_QUERY = (
    "query($id: ID!, $after: String) { customer(id: $id) { "
    f"timeline(first: 50, after: $after) {{ {_TIMELINE_FIELDS} }} }} }}"
)
PAGE_SIZE = 50
LOG_FIELDS = "{ interaction { id } userErrors { code } }"
LOG_MUTATION = f"mutation($input: LogContactInput!) {{ logContact(input: $input) {LOG_FIELDS} }}"

TIMELINE_TARGETS = ("graphql page 1", "baseline page 1", "graphql deep", "baseline deep")
LOG_TARGETS = ("INBOUND", "INBOUND + key", "OUTBOUND")
_LOG_SCENARIOS = {"INBOUND": "inbound", "INBOUND + key": "inbound-key", "OUTBOUND": "outbound"}
# OUTBOUND runs under this policy: counted against the cap, never refused (BLOCK would refuse).
POLICY = {"max_contacts": 1000, "window_days": 7, "mode": "BLOCK"}

RANK = {"INTERACTION": 2, "PURCHASE": 1}  # guanxi.interactions.timeline.SOURCES: ties, higher first

# --- the baseline: the same page from one UNION ALL query ------------------------------------

# Each arm walks its (customer_id, occurred_at) index newest first; SQLite merges the two
# (MERGE (UNION ALL)) and sorts only rows with equal times by rank and id. `{i}` and `{p}` are
# the keyset conditions after a cursor: the rows guanxi.interactions.timeline._after selects,
# the same-kind one written as a row value, which SQLite turns into an index range.
TIMELINE_SQL = """
SELECT 2 AS rank, id, occurred_at, channel, direction, subject FROM interaction
WHERE customer_id = :customer{i}
UNION ALL
SELECT 1, id, occurred_at, amount, currency, NULL FROM purchase
WHERE customer_id = :customer{p}
ORDER BY occurred_at DESC, rank DESC, id DESC
LIMIT 51
"""


def _after_sql(source_rank: int, cursor_rank: int) -> str:
    if source_rank < cursor_rank:
        return " AND occurred_at <= :at"
    if source_rank > cursor_rank:
        return " AND occurred_at < :at"
    return " AND (occurred_at, id) < (:at, :id)"


_TIMELINE_SQL_AFTER = {
    None: TIMELINE_SQL.format(i="", p=""),
    **{r: TIMELINE_SQL.format(i=_after_sql(2, r), p=_after_sql(1, r)) for r in (1, 2)},
}


def _cursor(at: str, rank: int, pk: int) -> str:
    return base64.b64encode(f"tl:{at}|{rank}|{pk}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[str, int, int]:
    """(stored time text, rank, id) of a timeline cursor (the app's times are UTC, whole or with micros)."""
    moment, rank, pk = base64.b64decode(cursor).decode().removeprefix("tl:").split("|")
    return moment.replace("T", " ", 1), int(rank), int(pk)


def baseline_app(db_path: str, token: str) -> Any:
    """A Starlette app with /graphql answering the timeline page straight from SQL.

    It reads `id` and `after` from the variables (it is only ever sent the two timeline queries),
    checks the token by comparing strings and does not look the customer up.
    """
    import aiosqlite
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    state: dict[str, Any] = {}
    expected = f"Bearer {token}"

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        state["db"] = await aiosqlite.connect(db_path)
        try:
            yield
        finally:
            await state["db"].close()

    async def graphql(request: Request) -> Response:
        if request.headers.get("authorization") != expected:
            return JSONResponse({"errors": [{"message": "unauthenticated"}]}, status_code=401)
        variables = json.loads(await request.body()).get("variables") or {}
        customer = int(base64.b64decode(variables["id"]).decode().removeprefix("Customer:"))
        params: dict[str, Any] = {"customer": customer}
        after = variables.get("after")
        rank = None
        if after:
            params["at"], rank, params["id"] = _decode_cursor(after)
        async with state["db"].execute(_TIMELINE_SQL_AFTER[rank], params) as cursor:
            rows = await cursor.fetchall()
        edges = []
        for rank, pk, occurred, a, b, c in rows[:PAGE_SIZE]:
            at = occurred.replace(" ", "T", 1)
            if rank == 2:
                kind = "INTERACTION"
                node = {"__typename": "Interaction", "id": bc._global_id("Interaction", pk),
                        "channel": a, "direction": b, "subject": c, "occurredAt": at}  # fmt: skip
            else:
                kind = "PURCHASE"
                node = {"__typename": "Purchase", "id": bc._global_id("Purchase", pk),
                        "amount": bc._amount(a, b), "currency": b, "occurredAt": at}  # fmt: skip
            edges.append({"cursor": _cursor(at, rank, pk), "kind": kind, "occurredAt": at, "node": node})
        page_info = {
            "hasNextPage": len(rows) > PAGE_SIZE,
            "endCursor": edges[-1]["cursor"] if edges else None,
        }
        body = json.dumps({"data": {"customer": {"timeline": {"edges": edges, "pageInfo": page_info}}}})
        return Response(body, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)], lifespan=lifespan
    )


def cmd_baseline(args: argparse.Namespace) -> None:
    import uvicorn

    uvicorn.run(baseline_app(args.db, args.token), host="127.0.0.1", port=args.port, log_level="warning")


# --- the load generator ------------------------------------------------------------------------


def _timeline_body(customer: str, after: str | None = None) -> dict[str, Any]:
    if after is None:
        return {"query": TIMELINE_QUERY, "variables": {"id": customer}}
    return {"query": TIMELINE_AFTER_QUERY, "variables": {"id": customer, "after": after}}


def _log_body(customer: str, direction: str, key: str | None, inline: bool) -> dict[str, Any]:
    """logContact for one customer: with variables (one query text), or all inline (--inline)."""
    if inline:
        extra = f', idempotencyKey: "{key}"' if key else ""
        text = (
            f'mutation {{ logContact(input: {{customerId: "{customer}", channel: PHONE, '
            f'direction: {direction}, subject: "bench"{extra}}}) {LOG_FIELDS} }}'
        )
        return {"query": text}
    values = {"customerId": customer, "channel": "PHONE", "direction": direction, "subject": "bench"}
    if key:
        values["idempotencyKey"] = key
    return {"query": LOG_MUTATION, "variables": {"input": values}}


def _log_error(payload: bytes) -> str | None:
    """A logContact answer without an interaction, or with userErrors, is an error."""
    try:
        answer = json.loads(payload)["data"]["logContact"]
    except (ValueError, KeyError, TypeError):
        return "unreadable answer"
    if answer["userErrors"]:
        return f"userError {answer['userErrors'][0]['code']}"
    return None if answer.get("interaction") else "no interaction"


def cmd_load(args: argparse.Namespace) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    plan = json.loads(Path(args.plan).read_text())
    error_of = None
    if args.scenario in ("page1", "deep"):
        after = plan["deep_cursor"] if args.scenario == "deep" else None
        body = json.dumps(_timeline_body(plan["timeline_customer"], after)).encode()

        def bodies() -> bytes:
            return body

    else:
        customers, n = plan["log_customers"], 0
        direction = "OUTBOUND" if args.scenario == "outbound" else "INBOUND"
        prefix = f"bench-{plan['nonce']}-{os.getpid()}-" if args.scenario == "inbound-key" else None

        def bodies() -> bytes:
            nonlocal n
            customer = customers[n % len(customers)]  # round-robin: a different customer each time
            n += 1
            key = f"{prefix}{n}" if prefix else None
            return json.dumps(_log_body(customer, direction, key, plan["inline"])).encode()

        error_of = _log_error
    result = asyncio.run(
        bc._load(args.url, args.token, args.concurrency, args.warmup, args.duration, bodies, error_of)
    )
    print(json.dumps(result))


# --- seeding -------------------------------------------------------------------------------------


async def _seed_history(args: argparse.Namespace) -> dict[str, Any]:
    """The timeline customer with its history, some history for everyone else, contact states."""
    from tortoise import connections

    from guanxi.accounts.models import User
    from guanxi.core import clock
    from guanxi.customers.models import Customer, PurchaseChannel
    from guanxi.customers.seed.generator import PURCHASE_COLUMNS, _Dialect
    from guanxi.interactions.models import Channel, Direction, Outcome

    started = time.perf_counter()
    rng = random.Random(2)
    conn = connections.get("default")
    dialect = _Dialect("sqlite")  # the demo seed's: times as Tortoise stores them (str(datetime))
    _ts = dialect.ts
    staff = await User.all().values_list("id", flat=True)
    end = int(clock.now().timestamp()) - 60  # nothing in the future
    two_years = 730 * 86_400
    subjects = ["回访", "Order question", "Delivery", "Complaint", "Follow-up call", "Promotion", None]

    def interaction(customer_id: int, at: int) -> list[Any]:
        stamp = _ts(at)
        return [stamp, stamp, customer_id, rng.choice(list(Channel)).value, rng.choice(list(Direction)).value,
                rng.choice(subjects), None, rng.choice([None, *Outcome]), rng.choice([None, 60, 300]), stamp,
                rng.choice(staff), 0, 0]  # fmt: skip

    columns = ("created_at", "updated_at", "customer_id", "channel", "direction", "subject", "notes",
               "outcome", "duration_seconds", "occurred_at", "logged_by_user_id", "over_cap",
               "cap_overridden")  # fmt: skip
    insert = dialect.insert("interaction", columns)

    customer = await Customer.create(name="Timeline 时间线 Bench")
    times: list[int] = []
    for _ in range(args.interactions):
        draw = rng.random()
        if times and draw < 0.10:
            times.append(rng.choice(times))  # the same second as another contact: ties broken by id
        else:
            times.append(end - rng.randrange(two_years))
    burst = end - rng.randrange(two_years)  # an imported conversation: more than a page at one instant
    for i in rng.sample(range(len(times)), min(len(times), 3 * PAGE_SIZE // 2)):
        times[i] = burst
    await conn.execute_many(insert, [interaction(customer.pk, at) for at in times])

    purchases = []
    for i in range(args.purchases):
        # One in ten at the very instant of a contact: the tie across kinds is broken by rank.
        at = rng.choice(times) if i % 10 == 0 and times else end - rng.randrange(two_years)
        currency = rng.choices(["CNY", "USD", "JPY"], weights=[80, 15, 5])[0]
        minor = rng.randrange(1_000, 500_000)
        amount = f"{minor:.4f}" if currency == "JPY" else f"{minor / 100:.4f}"
        purchases.append([customer.pk, _ts(at), _ts(at), amount, currency, _ts(at),
                          rng.choice(list(PurchaseChannel)).value, "", None, None, None, None])  # fmt: skip
    await conn.execute_many(dialect.insert("purchase", PURCHASE_COLUMNS), purchases)

    live = await (
        Customer.filter(archived_at=None, erased_at=None)
        .exclude(id=customer.pk)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(live) < args.log_customers:
        raise SystemExit(f"only {len(live)} live customers for logContact; raise --customers")
    background = [
        interaction(other, end - rng.randrange(two_years)) for other in live for _ in range(args.background)
    ]
    await conn.execute_many(insert, background)
    # As migration 0007 does for existing contacts: every customer with contacts has its state row.
    await conn.execute_query(
        'INSERT INTO "contact_state" ("customer_id", "last_contact_at", "updated_at") '
        'SELECT "customer_id", MAX("occurred_at"), MAX("occurred_at") FROM "interaction" '
        'GROUP BY "customer_id"'
    )
    entries = args.interactions + args.purchases
    return {
        "timeline_customer": customer.pk,
        "timeline_entries": entries,
        "log_customers": list(live[: args.log_customers]),
        "background_interactions": len(background),
        "history_seconds": time.perf_counter() - started,
    }


# --- in process: SQL statements, the keyset walk, the timeline's SQL by depth ------------------


class _Statements(logging.Handler):
    """Every statement Tortoise logs (tortoise.db_client, DEBUG), as (sql, values)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[tuple[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 2:
            self.statements.append((str(record.args[0]), record.args[1]))
        else:
            message = record.getMessage()
            if not message.startswith(("Created connection", "Closed connection")):
                self.statements.append((message, None))


def _short_sql(sql: str, limit: int = 150) -> str:
    """A statement for the report: its verb, its table, its WHERE and ORDER BY, not its column list."""
    head, sep, rest = sql.partition(" FROM ")
    if sep and head.startswith("SELECT") and head.count(",") > 3:
        sql = f"SELECT <{head.count(',') + 1} columns> FROM {rest}"
    elif sql.startswith("INSERT") and "(" in sql:
        sql = sql[: sql.index("(")] + "(...)" + (" ON CONFLICT DO NOTHING" if "ON CONFLICT" in sql else "")
    return sql if len(sql) <= limit else sql[: limit - 3] + "..."


class _Session:
    """The app in this process, over httpx's ASGITransport, counting the SQL of each request."""

    def __init__(self, client: Any, token: str, connection: Any) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.handler = _Statements()
        self.executed: list[str] = []  # every statement SQLite runs, BEGIN and COMMIT too
        self.connection = connection  # Tortoise's aiosqlite connection (one on SQLite)

    async def _trace(self, callback: Any) -> None:
        # sqlite3's trace callback sees every statement, also those Tortoise does not log; it is
        # set in aiosqlite's thread, which owns the sqlite3 connection.
        await self.connection._execute(self.connection._conn.set_trace_callback, callback)

    async def post(self, body: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]], list[str]]:
        logger = logging.getLogger("tortoise.db_client")
        previous = logger.level
        self.handler.statements, self.executed = [], []
        await self._trace(self.executed.append)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(self.handler)
        try:
            response = await self.client.post("/graphql", json=body, headers=self.headers)
        finally:
            logger.removeHandler(self.handler)
            logger.setLevel(previous)
            await self._trace(None)
        answer = response.json()
        if response.status_code != 200 or "errors" in answer:
            raise SystemExit(f"in-process request failed ({response.status_code}): {response.text[:2000]}")
        return answer, list(self.handler.statements), list(self.executed)


def _count(statements: list[tuple[str, Any]], executed: list[str]) -> dict[str, Any]:
    return {
        "orm": len(statements),  # what the tortoise.db_client logger shows
        "sqlite": len(executed),  # what SQLite ran, with BEGIN / COMMIT / SAVEPOINT
        "statements": [_short_sql(sql) for sql, _ in statements],
        "sqlite_statements": [_short_sql(sql) for sql in executed],
    }


def _entry_key(edge: dict[str, Any]) -> tuple[datetime, int, int]:
    pk = int(base64.b64decode(edge["node"]["id"]).decode().split(":")[1])
    return datetime.fromisoformat(edge["occurredAt"]), RANK[edge["kind"]], pk


async def _inspect(
    args: argparse.Namespace, token: str, seeded: dict[str, Any], db_path: str
) -> dict[str, Any]:
    """Count statements, walk the timeline, time its SQL by depth; log one contact of each kind."""
    import httpx
    from tortoise import connections

    from guanxi import db
    from guanxi.accounts.services import principal_for_token
    from guanxi.app import create_app
    from guanxi.interactions import policy
    from guanxi.interactions.models import PolicyMode

    customer = bc._global_id("Customer", seeded["timeline_customer"])
    await db.init()
    try:
        principal = await principal_for_token(token)
        assert principal is not None
        await policy.update_policy(
            principal=principal,
            max_contacts=POLICY["max_contacts"],
            window_days=POLICY["window_days"],
            mode=PolicyMode(POLICY["mode"]),
        )
        raw = connections.get("default")._connection  # the aiosqlite connection
        app = create_app(migrate=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            session = _Session(client, token, raw)
            out: dict[str, Any] = {"sql": {}}
            await session.post(_timeline_body(customer))  # warm: imports, caches
            _, statements, executed = await session.post(_timeline_body(customer))
            out["sql"]["timeline page 1"] = _count(statements, executed)

            # Walk the whole timeline: every entry once, strictly newest first, the SQL of each page.
            walked: list[tuple[datetime, int, int]] = []
            per_page: list[list[tuple[str, Any]]] = []
            counts: set[int] = set()
            after, deep_cursor = None, None
            while True:
                answer, statements, _ = await session.post(_timeline_body(customer, after))
                timeline = answer["data"]["customer"]["timeline"]
                walked.extend(_entry_key(e) for e in timeline["edges"])
                per_page.append(statements)
                counts.add(len(statements))
                if not timeline["pageInfo"]["hasNextPage"]:
                    break
                if len(timeline["edges"]) != PAGE_SIZE:
                    raise SystemExit(
                        f"page {len(per_page)} has {len(timeline['edges'])} entries and a next page"
                    )
                after = timeline["pageInfo"]["endCursor"]
                if len(per_page) == args.deep_pages:
                    deep_cursor = after
            ordered = all(a > b for a, b in zip(walked, walked[1:], strict=False))
            walk = {
                "pages": len(per_page),
                "entries": len(walked),
                "expected": seeded["timeline_entries"],
                "distinct": len(set(walked)),
                "strictly_newest_first": ordered,
                "statements_per_page": sorted(counts),
            }
            if not args.no_verify and not (ordered and len(set(walked)) == len(walked) == walk["expected"]):
                raise SystemExit(f"the timeline walk is wrong: {walk}")
            if deep_cursor is None:
                raise SystemExit(f"the timeline has only {len(per_page)} pages; lower --deep-pages")
            out["walk"] = walk
            _, statements, executed = await session.post(_timeline_body(customer, deep_cursor))
            out["sql"][f"timeline page {args.deep_pages + 1}"] = _count(statements, executed)
            out["deep_cursor"] = deep_cursor
            # `after` fetched the last page
            cursors = {1: None, args.deep_pages + 1: deep_cursor, len(per_page): after}
            pages = {
                1: per_page[0],
                args.deep_pages + 1: per_page[args.deep_pages],
                len(per_page): per_page[-1],
            }
            out["sql_by_depth"] = _sql_by_depth(
                db_path, seeded["timeline_customer"], {n: (cursors[n], pages[n]) for n in cursors}
            )
            out["latency_by_depth"] = await _latency_by_depth(client, session.headers, customer, cursors)

            # One logContact of each kind: the second of each counts (the first may promote the customer).
            others = [bc._global_id("Customer", c) for c in seeded["log_customers"][:2]]
            for label, direction, keyed in (
                ("INBOUND", "INBOUND", False),
                ("INBOUND + key", "INBOUND", True),
                ("OUTBOUND", "OUTBOUND", False),
                ("INBOUND + key, replayed", "INBOUND", True),  # the key of the one before last again
            ):
                for i, other in enumerate(others):
                    key = f"inspect-{i}" if keyed else None
                    answer, statements, executed = await session.post(_log_body(other, direction, key, False))
                    if _log_error(json.dumps(answer).encode()):
                        raise SystemExit(f"logContact {label} failed in process: {answer}")
                out["sql"][f"logContact {label}"] = _count(statements, executed)
    finally:
        await db.close()
    return out


REPEAT = 60  # runs of each timeline query in _sql_by_depth
LATENCY_ROUNDS = 40  # requests per page in _latency_by_depth


def _sql_value(value: Any) -> Any:
    return str(value) if isinstance(value, datetime) else value


def _time_sql(conn: sqlite3.Connection, sql: str, params: Any) -> tuple[float, list[str]]:
    """Median milliseconds of `sql` over REPEAT runs (rows fetched), and its query plan."""
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3), plan


def _sql_by_depth(
    db_path: str, customer: int, pages: dict[int, tuple[str | None, list[tuple[str, Any]]]]
) -> list[dict[str, Any]]:
    """The app's page queries of these pages, and the baseline's for the same cursors, run
    straight on SQLite: median ms and plan. `pages`: page number -> (its cursor, its statements)."""
    out = []
    with sqlite3.connect(db_path) as conn:
        for page, (cursor, statements) in pages.items():
            for sql, values in statements:
                table = next((t for t in ("interaction", "purchase") if f'FROM "{t}"' in sql), None)
                if table is None:
                    continue
                params = [_sql_value(v) for v in values or []]
                ms, plan = _time_sql(conn, sql, params)
                where = sql[sql.index(" WHERE ") :] if " WHERE " in sql else ""
                out.append({"page": page, "query": f"app: {table}", "ms": ms, "where": where,
                            "params": [str(p) for p in params], "plan": plan})  # fmt: skip
            named: dict[str, Any] = {"customer": customer}
            rank = None
            if cursor:
                named["at"], rank, named["id"] = _decode_cursor(cursor)
            ms, plan = _time_sql(conn, _TIMELINE_SQL_AFTER[rank], named)
            out.append(
                {"page": page, "query": "baseline: UNION ALL", "ms": ms, "params": named, "plan": plan}
            )
    return out


async def _latency_by_depth(
    client: Any, headers: dict[str, str], customer: str, cursors: dict[int, str | None]
) -> dict[str, float]:
    """Median ms of one timeline request in this process, one at a time; pages interleaved so that
    machine noise hits them alike."""
    times: dict[int, list[float]] = {page: [] for page in cursors}
    for _ in range(LATENCY_ROUNDS):
        for page, cursor in cursors.items():
            body = _timeline_body(customer, cursor)
            started = time.perf_counter()
            response = await client.post("/graphql", json=body, headers=headers)
            times[page].append(time.perf_counter() - started)
            if response.status_code != 200 or b'"errors"' in response.content:
                raise SystemExit(f"in-process timeline request failed: {response.text[:2000]}")
    return {str(page): round(statistics.median(t) * 1000, 2) for page, t in times.items()}


# --- the orchestrator ----------------------------------------------------------------------------


def _differences(a: dict[str, Any], b: dict[str, Any]) -> str:
    ea = a["data"]["customer"]["timeline"]["edges"]
    eb = b.get("data", {}).get("customer", {}).get("timeline", {}).get("edges", [])
    for i, (x, y) in enumerate(zip(ea, eb, strict=False)):
        if x != y:
            return f"edge {i}: graphql {json.dumps(x)}\n        baseline {json.dumps(y)}"
    return f"{len(ea)} edges against {len(eb)}; pageInfo {a['data']['customer']['timeline']['pageInfo']} " \
        f"against {b.get('data', {}).get('customer', {}).get('timeline', {}).get('pageInfo')}"  # fmt: skip


def _summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rps": round(bc._median(rounds, "rps"), 1),
        "p50_ms": round(bc._median(rounds, "p50_ms"), 2),
        "p99_ms": round(bc._median(rounds, "p99_ms"), 2),
        "errors": sum(sum(r["errors"].values()) for r in rounds),
        "rounds": rounds,
    }


def _print_round(i: int, target: str, result: dict[str, Any]) -> None:
    errors = f", errors {result['errors']}" if result["errors"] else ""
    print(
        f"  round {i + 1} {target:<16} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms"
        f"  p99 {result['p99_ms']:7.2f} ms  (load generator CPU {result['client_cpu_pct']:.0f}%){errors}",
        flush=True,
    )


def _rows(results: dict[str, Any], targets: tuple[str, ...], rename: dict[str, str]) -> list[str]:
    rows = [f"{'target':<18} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}  rounds (req/s)"]
    for target in targets:
        t = results[target]
        per_round = ", ".join(f"{r['rps']:.0f}" for r in t["rounds"])
        name = rename.get(target, target)
        rows.append(f"{name:<18} {t['rps']:>9.1f} {t['p50_ms']:>9.2f} {t['p99_ms']:>9.2f}  {per_round}")
    return rows


def _table(result: dict[str, Any]) -> str:
    params, sql, walk = result["params"], result["sql"], result["walk"]
    deep = params["deep_page"]
    rows = [
        f"timeline of one customer ({result['dataset']['timeline_entries']:,} entries), {PAGE_SIZE} per page, "
        f"{params['concurrency']} connections"
    ]
    if "timeline" in result:
        rename = {t: t.replace("deep", f"page {deep}") for t in TIMELINE_TARGETS}
        rows += _rows(result["timeline"], TIMELINE_TARGETS, rename)
        r = result["ratios"]
        rows.append(
            f"graphql / baseline requests/s: page 1 {r['page 1']:.3f}, page {deep} {r['deep']:.3f}; "
            f"page {deep} / page 1: graphql {r['graphql deep / page 1']:.2f}, "
            f"baseline {r['baseline deep / page 1']:.2f}"
        )
    rows.append(
        f"SQL statements per request: page 1 {sql['timeline page 1']['orm']}, page {deep} "
        f"{sql[f'timeline page {deep}']['orm']} (baseline: 1)"
    )
    rows.append(
        f"walk: {walk['pages']} pages, {walk['entries']:,} entries ({walk['distinct']:,} distinct, "
        f"{walk['expected']:,} expected), strictly newest first: {walk['strictly_newest_first']}, "
        f"statements per page: {walk['statements_per_page']}"
    )
    latency = ", ".join(f"page {page} {ms:.1f} ms" for page, ms in result["latency_by_depth"].items())
    rows.append(f"one GraphQL request at a time in process, pages interleaved (median): {latency}")
    rows.append("the page queries straight on SQLite (median of runs):")
    for q in result["sql_by_depth"]:
        rows.append(f"  page {q['page']:>4} {q['query']:<20} {q['ms']:>7.3f} ms  {' | '.join(q['plan'])}")
    rows.append("")
    inline = " (inline literals)" if params["inline"] else ""
    rows.append(
        f"logContact, each request for the next of {len(result['dataset']['log_customers']):,} customers, "
        f"{params['concurrency']} connections{inline}"
    )
    if "log_contact" in result:
        rows += _rows(result["log_contact"], LOG_TARGETS, {})
    rows.append("SQL per request: statements the ORM logs / statements SQLite runs (with BEGIN, COMMIT, ...)")
    for label, s in sql.items():
        rows.append(f"  {label}: {s['orm']} / {s['sqlite']}")
        rows.extend(f"    {line}" for line in s["statements"])
    return "\n".join(rows)


def _serve(data_dir: Path, db_path: str, token: str, processes: list[Any]) -> dict[str, str]:
    """Start the app and the baseline (uvicorn, one worker each); their /graphql URLs."""
    ports = {"graphql": bc._free_port(), "baseline": bc._free_port()}
    app = f"guanxi.app:create_app --factory --host 127.0.0.1 --port {ports['graphql']} --workers 1"
    app_command = [sys.executable, "-m", "uvicorn", *app.split(), "--log-level", "warning"]
    processes.append(subprocess.Popen(app_command, env=bc._env(data_dir)))
    baseline = ["--db", db_path, "--token", token, "--port", str(ports["baseline"])]
    processes.append(
        subprocess.Popen([sys.executable, __file__, "baseline", *baseline], env=bc._env(data_dir))
    )
    for server, process in zip(ports, processes, strict=True):
        bc._wait_ready(f"http://127.0.0.1:{ports[server]}/healthz", process)
    return {s: f"http://127.0.0.1:{ports[s]}/graphql" for s in ports}


def _verify(
    urls: dict[str, str], token: str, customer: str, deep_cursor: str, args: argparse.Namespace
) -> None:
    """Both servers answer the same for page 1 and the deep page (the run stops if not)."""
    for name, after in (("page 1", None), (f"page {args.deep_pages + 1}", deep_cursor)):
        body = _timeline_body(customer, after)
        answers = {s: bc._post(url, token, body) for s, url in urls.items()}
        if "errors" in answers["graphql"]:
            raise SystemExit(f"the timeline query failed: {json.dumps(answers['graphql']['errors'])[:2000]}")
        if answers["graphql"] != answers["baseline"] and not args.no_verify:
            raise SystemExit(
                f"the baseline's {name} differs from the GraphQL answer (or pass --no-verify):\n  "
                + _differences(answers["graphql"], answers["baseline"])
            )
    print(f"  graphql and baseline answer the same for page 1 and page {args.deep_pages + 1}", flush=True)


def cmd_run(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="guanxi-bench-interactions-"))
    processes: list[subprocess.Popen[bytes]] = []
    started = time.perf_counter()
    parts = {args.only} if args.only else {"timeline", "log"}
    timeline_rounds: dict[str, list[dict[str, Any]]] = {t: [] for t in TIMELINE_TARGETS}
    log_rounds: dict[str, list[dict[str, Any]]] = {t: [] for t in LOG_TARGETS}
    try:
        db_path = bc._use_scratch(data_dir)
        os.environ["GUANXI_RATE_LIMIT_PER_MINUTE"] = "0"  # as the servers run (bench_customers._env)
        from guanxi.settings import reset_settings

        reset_settings()
        print(
            f"seeding {args.customers:,} customers, then one with {args.interactions:,} interactions and "
            f"{args.purchases:,} purchases, into {data_dir} ...",
            flush=True,
        )
        prepared = asyncio.run(bc._prepare(args.customers, lambda: _seed_history(args)))
        token = prepared["token"]
        print(
            f"  {prepared['summary']} in {prepared['seconds']:.1f} s; the history "
            f"(and {prepared['background_interactions']:,} more interactions) in "
            f"{prepared['history_seconds']:.1f} s",
            flush=True,
        )
        if args.extra_sql:
            with sqlite3.connect(db_path) as conn:
                conn.executescript(args.extra_sql)
            print(f"  ran --extra-sql: {args.extra_sql}", flush=True)

        print("counting SQL and walking the timeline in process ...", flush=True)
        inspected = asyncio.run(_inspect(args, token, prepared, db_path))
        walk = inspected["walk"]
        print(
            f"  {walk['pages']} pages, {walk['entries']:,} entries, in order: {walk['strictly_newest_first']}"
        )
        customer = bc._global_id("Customer", prepared["timeline_customer"])
        plan = {
            "timeline_customer": customer,
            "deep_cursor": inspected["deep_cursor"],
            "log_customers": [bc._global_id("Customer", c) for c in prepared["log_customers"]],
            "nonce": f"{time.time_ns():x}",
            "inline": args.inline,
        }
        plan_file = data_dir / "plan.json"
        plan_file.write_text(json.dumps(plan))

        urls = _serve(data_dir, db_path, token, processes)
        _verify(urls, token, customer, inspected["deep_cursor"], args)

        def load(server: str, scenario: str) -> dict[str, Any]:
            extra = ["--plan", str(plan_file), "--scenario", scenario]
            return bc._run_load(urls[server], token, args, script=__file__, extra=extra)

        for i in range(args.rounds if "timeline" in parts else 0):
            for target in TIMELINE_TARGETS if i % 2 == 0 else TIMELINE_TARGETS[::-1]:
                server, _, page = target.partition(" ")
                result = load(server, "deep" if page == "deep" else "page1")
                timeline_rounds[target].append(result)
                _print_round(i, target, result)
        for i in range(args.rounds if "log" in parts else 0):
            shift = i % len(LOG_TARGETS)
            for target in LOG_TARGETS[shift:] + LOG_TARGETS[:shift]:
                result = load("graphql", _LOG_SCENARIOS[target])
                log_rounds[target].append(result)
                _print_round(i, target, result)
        with sqlite3.connect(db_path) as conn:
            over_cap = conn.execute("SELECT COUNT(*) FROM interaction WHERE over_cap").fetchone()[0]
            logged = conn.execute("SELECT COUNT(*) FROM interaction WHERE subject = 'bench'").fetchone()[0]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    result: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "params": {
            "concurrency": args.concurrency,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "rounds": args.rounds,
            "deep_page": args.deep_pages + 1,
            "timeline_query": TIMELINE_QUERY,
            "timeline_after_query": TIMELINE_AFTER_QUERY,
            "log_mutation": "inline literals" if args.inline else LOG_MUTATION,
            "inline": args.inline,
            "policy_for_outbound": POLICY,
            "extra_sql": args.extra_sql,
        },
        "dataset": {
            "summary": prepared["summary"],
            "timeline_customer": prepared["timeline_customer"],
            "timeline_entries": prepared["timeline_entries"],
            "interactions": args.interactions,
            "purchases": args.purchases,
            "background_interactions": prepared["background_interactions"],
            "log_customers": prepared["log_customers"],
            "logged_during_run": logged,
            "over_cap_during_run": over_cap,
        },
    }
    if "timeline" in parts and args.rounds:
        timeline = {t: _summarise(timeline_rounds[t]) for t in TIMELINE_TARGETS}
        result["timeline"] = timeline
        rps = {t: timeline[t]["rps"] for t in TIMELINE_TARGETS}
        result["ratios"] = {
            "page 1": round(rps["graphql page 1"] / rps["baseline page 1"], 3),
            "deep": round(rps["graphql deep"] / rps["baseline deep"], 3),
            "graphql deep / page 1": round(rps["graphql deep"] / rps["graphql page 1"], 3),
            "baseline deep / page 1": round(rps["baseline deep"] / rps["baseline page 1"], 3),
        }
    if "log" in parts and args.rounds:
        result["log_contact"] = {t: _summarise(log_rounds[t]) for t in LOG_TARGETS}
    for key in ("sql", "walk", "sql_by_depth", "latency_by_depth"):
        result[key] = inspected[key]
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    bc.RESULTS_DIR.mkdir(exist_ok=True)
    RESULT_FILE.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(_table(result))
    print(f"\nwritten to {RESULT_FILE} ({result['total_seconds']:.0f} s in all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument("--customers", type=int, default=1_100, help="demo customers to seed (default 1100)")
    parser.add_argument("--interactions", type=int, default=10_000, help="the timeline customer's contacts")
    parser.add_argument("--purchases", type=int, default=200, help="the timeline customer's purchases")
    parser.add_argument("--background", type=int, default=10, help="contacts of every other customer")
    parser.add_argument("--log-customers", type=int, default=1_000, help="customers logContact cycles over")
    parser.add_argument("--deep-pages", type=int, default=100, help="pages followed to the deep page")
    parser.add_argument("--concurrency", type=int, default=8, help="connections per load generator")
    parser.add_argument("--warmup", type=float, default=1.5, help="seconds of warm-up per round")
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (each loads every target once)")
    parser.add_argument("--inline", action="store_true", help="logContact with inline literals, no variables")
    parser.add_argument(
        "--only", choices=("timeline", "log"), help="load only the timeline, or only logContact"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")
    parser.add_argument(
        "--extra-sql", help="SQL to run on the scratch database before serving (to try an index)"
    )
    parser.add_argument("--no-verify", action="store_true", help="do not require equal answers")

    baseline = sub.add_parser("baseline", help="(internal) serve the baseline")
    baseline.add_argument("--db", required=True)
    baseline.add_argument("--token", required=True)
    baseline.add_argument("--port", type=int, required=True)
    load = sub.add_parser("load", help="(internal) load one target and print JSON")
    load.add_argument("--url", required=True)
    load.add_argument("--token", required=True)
    load.add_argument("--concurrency", type=int, default=8)
    load.add_argument("--warmup", type=float, default=1.5)
    load.add_argument("--duration", type=float, default=5.0)
    load.add_argument("--plan", required=True)
    load.add_argument(
        "--scenario", choices=("page1", "deep", "inbound", "inbound-key", "outbound"), required=True
    )

    args = parser.parse_args()
    {"baseline": cmd_baseline, "load": cmd_load}.get(args.command, cmd_run)(args)


if __name__ == "__main__":
    main()
