"""Loyalty benchmark: redemptions per second on one hot account and across 1,000 accounts.

    .venv/bin/python bench/bench_loyalty.py                 # SQLite, and PostgreSQL when it answers
    .venv/bin/python bench/bench_loyalty.py --help

One run (about five minutes with the defaults), for each database (SQLite in a scratch data
directory; PostgreSQL in a scratch database created on --pg-url and dropped at the end, skipped when
it does not answer):
1. `guanxi migrate`, `guanxi token create --role ADMIN`, then (`setup` sub-command, in process with
   the app's services) `seed_demo_data` for 1,026 customers, and for 1,001 live ones
   `services.enroll` + `services.adjust_points`: one **hot** account with 10,000,000 points and
   1,000 **spread** accounts with 100,000 each (one lot each, so no account ever runs dry);
2. for each worker count (`guanxi serve --workers 2`, then 1; scheduler off, rate limit off): a
   server warm-up (1 s of each target at 8 connections, not measured), then at each concurrency (16
   and 64 keep-alive connections from a separate load-generator process) three rounds of three
   targets, their order rotating each round, 0.5 s warm-up and 2 s measured each:
   - **hot**: every request `redeemPoints(input: {accountId: <hot>, points: 1, reason, idempotencyKey})`
     with a new key each time;
   - **spread**: the same for an account picked at random among the 1,000;
   - **viewer**: `{ viewer { name } }`, the baseline: a trivial authenticated request, same server,
     same concurrency;
   redemptions/s counts answers with an entry and no userErrors; anything else is counted as an error
   by its kind (HTTP status, GraphQL error message such as 'database is locked', userError code).
   Also recorded per load: the longest time without any answer ("silence"), the CPU of the server's
   processes and of PostgreSQL's backends for the scratch database (per request and as a share of one
   core), and how busy the whole machine was (other people's work included);
3. after each server stops: `guanxi loyalty verify` must pass, and the bench checks itself that the
   ledger entry ids the clients were given back are exactly the REDEEM entries written (none lost,
   none extra), that the hot account went down by exactly its successes, that the spread accounts
   went down in total by theirs, and that every success left one idempotency record;
4. prints a table (medians over the rounds) and writes everything to bench/results/loyalty.json;
   exits with status 1 when any check failed.

Options: `--databases sqlite,postgres`, `--pg-url`, `--workers 2,1`, `--concurrency 16,64`,
`--accounts`, `--warmup`, `--duration`, `--rounds`, `--server-warmup`, `--no-key` (redeem without
idempotency keys), `--timeout`, `--keep`.

The same file is the setup step (`setup`) and the load generator (`load`); the orchestrator starts
them as subprocesses.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
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
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_customers as bc  # noqa: E402  (load-generator HTTP reader, free ports, waiting for /healthz)

RESULT_FILE = bc.RESULTS_DIR / "loyalty.json"
CLI = [sys.executable, "-m", "guanxi"]
TARGETS = ("hot", "spread", "viewer")
REDEEM = (
    "mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) "
    "{ entry { id } loyaltyAccount { balance } userErrors { code } } }"
)
VIEWER = "{ viewer { name } }"
HOT_POINTS = 10_000_000  # services.MAX_POINTS: the most one adjustment may add
SPREAD_POINTS = 100_000
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def _gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().rpartition(":")[2])


# --- setup: customers, accounts and points, in process ------------------------------------------


async def _setup(accounts: int, token: str) -> dict[str, Any]:
    from guanxi import db
    from guanxi.accounts.services import principal_for_token
    from guanxi.customers.models import Customer
    from guanxi.customers.seed import seed_demo_data
    from guanxi.loyalty import services

    await db.init()
    try:
        started = time.perf_counter()
        # a few demo customers are archived (and cannot enrol): seed a few more than needed
        summary = await seed_demo_data(customers=int((accounts + 1) * 1.02) + 5, seed=1)
        seeded = time.perf_counter() - started
        principal = await principal_for_token(token)
        assert principal is not None, "the bench token does not sign in"
        ids = (
            await Customer.filter(archived_at=None)
            .order_by("id")
            .limit(accounts + 1)
            .values_list("id", flat=True)
        )
        if len(ids) < accounts + 1:
            raise SystemExit(f"only {len(ids)} live customers, {accounts + 1} needed")
        started = time.perf_counter()
        gate = asyncio.Semaphore(8)  # a few at a time: PostgreSQL's pool has 5 connections

        async def open_and_fund(customer_id: int, points: int) -> int:
            async with gate:
                account = await services.enroll(principal=principal, customer_id=customer_id)
                await services.adjust_points(
                    principal=principal, account_id=account.pk, points=points, reason="bench: funds"
                )
                return account.pk

        hot = await open_and_fund(ids[0], HOT_POINTS)
        spread = await asyncio.gather(*(open_and_fund(c, SPREAD_POINTS) for c in ids[1:]))
        funded = time.perf_counter() - started
        sql = await _count_sql(token, hot)
    finally:
        await db.close()
    return {
        "summary": str(summary),
        "seed_seconds": round(seeded, 1),
        "fund_seconds": round(funded, 1),
        "sql": sql,
        "hot": hot,
        "spread": list(spread),
    }


class _Statements(logging.Handler):
    """The statements Tortoise logs (tortoise.db_client at DEBUG), as bench_interactions.py counts them."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 2:
            text = str(record.args[0])
        else:
            text = record.getMessage()
            if text.startswith(("Created connection", "Closed connection")):
                return
        self.statements.append(" ".join(text.split())[:100])


async def _count_sql(token: str, hot: int) -> dict[str, list[str]]:
    """The SQL of one request of each kind, the app in this process (httpx's ASGITransport)."""
    import httpx

    from guanxi.app import create_app

    def redeem(key: str | None) -> dict[str, Any]:
        values: dict[str, Any] = {"accountId": _gid("LoyaltyAccount", hot), "points": 1, "reason": "bench"}
        if key:
            values["idempotencyKey"] = key
        return {"query": REDEEM, "variables": {"input": values}}

    kinds = {
        "viewer": lambda n: {"query": VIEWER},
        "redeemPoints with a key": lambda n: redeem(f"bench-sql-{uuid.uuid4().hex}"),
        "redeemPoints without a key": lambda n: redeem(None),
    }
    logger, handler = logging.getLogger("tortoise.db_client"), _Statements()
    out: dict[str, list[str]] = {}
    transport = httpx.ASGITransport(app=create_app(migrate=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for label, body in kinds.items():
            for attempt in range(2):  # the first warms caches
                handler.statements = []
                previous = logger.level
                logger.setLevel(logging.DEBUG)
                logger.addHandler(handler)
                try:
                    response = await client.post(
                        "/graphql", json=body(attempt), headers={"Authorization": f"Bearer {token}"}
                    )
                finally:
                    logger.removeHandler(handler)
                    logger.setLevel(previous)
                if (
                    response.status_code != 200
                    or b'"errors"' in response.content
                    or b'"code"' in response.content
                ):
                    raise SystemExit(f"in-process {label} failed: {response.text[:2000]}")
            out[label] = handler.statements
    return out


def cmd_setup(args: argparse.Namespace) -> None:
    print(json.dumps(asyncio.run(_setup(args.accounts, args.token))))


# --- the load generator ---------------------------------------------------------------------------


def _redeem_outcome(payload: bytes) -> tuple[int | None, str | None]:
    """(entry id, None) for a redemption, or (None, what went wrong)."""
    try:
        body = json.loads(payload)
    except ValueError:
        return None, "unreadable answer"
    if body.get("errors"):
        message = str(body["errors"][0].get("message", "?"))
        return None, f"GraphQL error: {message[:80]}"
    try:
        answer = body["data"]["redeemPoints"]
    except (KeyError, TypeError):
        return None, "no redeemPoints"
    if answer["userErrors"]:
        return None, f"userError {answer['userErrors'][0]['code']}"
    if not answer.get("entry"):
        return None, "no entry"
    return _pk(answer["entry"]["id"]), None


def _viewer_outcome(payload: bytes) -> tuple[int | None, str | None]:
    if b'"errors"' in payload:
        return None, "GraphQL error"
    return (0, None) if b'"viewer"' in payload else (None, "no viewer")


async def _load(args: argparse.Namespace, plan: dict[str, Any]) -> dict[str, Any]:
    """Keep-alive HTTP/1.1 connections over asyncio streams, as bench_customers.py's, but every
    response counts (warm-up too) so that the orchestrator can compare the entries with the ledger."""
    url = urlparse(args.url)
    host, port, path = url.hostname, url.port, url.path
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {args.token}\r\n"
        f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
    ).encode()
    nonce = f"{plan['nonce']}-{args.scenario}-{os.getpid()}"
    accounts = [_gid("LoyaltyAccount", pk) for pk in plan["spread"]]
    hot = _gid("LoyaltyAccount", plan["hot"])
    viewer_body = json.dumps({"query": VIEWER}).encode()
    sent_count = 0

    def body() -> bytes:
        nonlocal sent_count
        if args.scenario == "viewer":
            return viewer_body
        sent_count += 1
        values: dict[str, Any] = {
            "accountId": hot if args.scenario == "hot" else random.choice(accounts),
            "points": 1,
            "reason": "bench",
        }
        if not plan["no_key"]:
            values["idempotencyKey"] = f"{nonce}-{sent_count}"
        return json.dumps({"query": REDEEM, "variables": {"input": values}}).encode()

    outcome_of = _viewer_outcome if args.scenario == "viewer" else _redeem_outcome
    latencies: list[float] = []
    errors: Counter[str] = Counter()  # in the measured window
    all_errors: Counter[str] = Counter()  # from the first request to the last
    entries: list[int] = []
    answered_at: list[float] = []  # every answer in the measured window, for the longest silence
    answered = unanswered = 0
    start = time.perf_counter()
    measure_from, stop_at = start + args.warmup, start + args.warmup + args.duration

    async def worker() -> None:
        nonlocal answered, unanswered
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while (sent := time.perf_counter()) < stop_at:
                payload_out = body()
                writer.write(head + f"{len(payload_out)}\r\n\r\n".encode() + payload_out)
                try:
                    status, payload = await asyncio.wait_for(bc._read_response(reader), args.timeout)
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError) as exc:
                    unanswered += 1  # its outcome is unknown: the orchestrator allows for it
                    all_errors[f"no answer ({type(exc).__name__})"] += 1
                    return
                done = time.perf_counter()
                answered += 1
                if status != 200:
                    entry, error = None, f"HTTP {status}"
                else:
                    entry, error = outcome_of(payload)
                if entry is not None and args.scenario != "viewer":
                    entries.append(entry)
                if error:
                    all_errors[error] += 1
                if measure_from <= done < stop_at:
                    answered_at.append(done)
                    if error:
                        errors[error] += 1
                    else:
                        latencies.append(done - sent)
        finally:
            writer.close()

    cpu_before = time.process_time()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    cpu = (time.process_time() - cpu_before) / (time.perf_counter() - start)
    latencies.sort()
    moments = [measure_from, *sorted(answered_at), stop_at]
    longest_silence = max(b - a for a, b in zip(moments, moments[1:], strict=False))

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / args.duration,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": dict(errors),
        "all_errors": dict(all_errors),
        "answered": answered,  # warm-up included
        "unanswered": unanswered,
        "longest_silence_ms": round(longest_silence * 1000, 1),  # no answer at all for this long
        "entries": entries,
        "client_cpu_pct": round(100 * cpu, 1),
    }


def cmd_load(args: argparse.Namespace) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    plan = json.loads(Path(args.plan).read_text())
    print(json.dumps(asyncio.run(_load(args, plan))))


# --- the databases --------------------------------------------------------------------------------


def _with_db_name(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def _asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def _pg(url: str, sql: str, *params: Any, fetch: bool = False) -> Any:
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(_asyncpg_url(url)), 5)
    try:
        return await (conn.fetch(sql, *params) if fetch else conn.execute(sql, *params))
    finally:
        await conn.close()


class Database:
    """A scratch database: the environment for `guanxi`, and a few reads for the checks."""

    def __init__(self, backend: str, data_dir: Path, pg_admin_url: str | None = None) -> None:
        self.backend = backend
        self.data_dir = data_dir
        self.pg_admin_url = pg_admin_url
        self.pg_name = f"guanxi_bench_loyalty_{uuid.uuid4().hex[:8]}" if backend == "postgres" else None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
        self.env.update(
            GUANXI_DATA_DIR=str(data_dir),
            GUANXI_LOG_LEVEL="WARNING",
            GUANXI_RATE_LIMIT_PER_MINUTE="0",  # one caller sending thousands of requests a minute
            GUANXI_SCHEDULER_INTERVAL="0",  # no expiry or birthday bonus moving balances meanwhile
        )
        if self.pg_name:
            assert pg_admin_url
            self.env["GUANXI_DATABASE_URL"] = _with_db_name(pg_admin_url, self.pg_name)

    def create(self) -> None:
        if self.pg_name:
            asyncio.run(_pg(self.pg_admin_url, f'CREATE DATABASE "{self.pg_name}"'))

    def drop(self) -> None:
        if self.pg_name:
            asyncio.run(_pg(self.pg_admin_url, f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))

    def backend_pids(self) -> set[int]:
        """PostgreSQL's processes serving the scratch database (none on SQLite)."""
        if not self.pg_name:
            return set()
        sql = "SELECT pid FROM pg_stat_activity WHERE datname = $1"
        return {r[0] for r in asyncio.run(_pg(self.pg_admin_url, sql, self.pg_name, fetch=True))}

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """`sql` with `?` placeholders."""
        if self.pg_name:
            parts = sql.split("?")
            rendered = parts[0] + "".join(f"${i}{p}" for i, p in enumerate(parts[1:], start=1))
            records = asyncio.run(_pg(self.env["GUANXI_DATABASE_URL"], rendered, *params, fetch=True))
            return [tuple(r) for r in records]
        with contextlib.closing(sqlite3.connect(self.data_dir / "guanxi.sqlite3")) as conn:
            return conn.execute(sql, params).fetchall()

    def snapshot(self, plan: dict[str, Any]) -> dict[str, Any]:
        """What the checks compare before and after a server's loads."""
        balances = dict(self.rows("SELECT id, balance FROM loyalty_account"))
        last_entry = self.rows("SELECT COALESCE(MAX(id), 0) FROM loyalty_ledger_entry")[0][0]
        records = self.rows("SELECT COUNT(*) FROM idempotency_record WHERE operation = 'redeemPoints'")[0][0]
        return {
            "hot": balances[plan["hot"]],
            "spread": sum(balances[a] for a in plan["spread"]),
            "negative": sum(1 for b in balances.values() if b < 0),
            "last_entry": last_entry,
            "idempotency_records": records,
        }

    def redeemed_since(self, last_entry: int) -> list[tuple[int, int, int]]:
        """(id, account, amount) of the REDEEM entries after `last_entry`."""
        return self.rows(
            "SELECT id, account_id, amount FROM loyalty_ledger_entry WHERE kind = 'REDEEM' AND id > ? ORDER BY id",
            (last_entry,),
        )


def _pg_answers(url: str) -> str | None:
    """None when PostgreSQL at `url` answers, else why not."""
    try:
        asyncio.run(_pg(url, "SELECT 1"))
    except Exception as exc:  # noqa: BLE001  (any failure means: skip PostgreSQL)
        return f"{type(exc).__name__}: {exc}"
    return None


def _cli(db: Database, *args: str, timeout: float = 300) -> str:
    done = subprocess.run([*CLI, *args], env=db.env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"guanxi {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


# --- servers and their CPU ----------------------------------------------------------------------


def _cpu_of(pids: set[int] | None = None) -> dict[int, float]:
    """CPU seconds (user + system) by process, from /proc: of `pids`, or of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for pid in pids if pids is not None else [int(e) for e in os.listdir("/proc") if e.isdigit()]:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _machine_busy() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, every core, from /proc/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal
    return (total - values[3] - values[4]) / tick, total / tick


def _io_pressure() -> tuple[float, float]:
    """(some, full) seconds that tasks waited on I/O since boot (Linux PSI); zeros without it."""
    try:
        lines = Path("/proc/pressure/io").read_text().splitlines()
    except OSError:
        return 0.0, 0.0
    totals = {line.split()[0]: int(line.rsplit("total=", 1)[1]) / 1e6 for line in lines}
    return totals.get("some", 0.0), totals.get("full", 0.0)


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and its descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(cpu.get(p, 0.0) for p in tree)


class Server:
    """`guanxi serve --workers N` on a free port; its output goes to a file (a pipe could fill up)."""

    def __init__(self, db: Database, workers: int, log: Path) -> None:
        self.port = bc._free_port()
        self.log = log
        env = dict(db.env, GUANXI_PORT=str(self.port))
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*CLI, "serve", "--workers", str(workers)], env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}/graphql"
        try:
            bc._wait_ready(f"http://127.0.0.1:{self.port}/healthz", self.process, timeout=90)
        except SystemExit:
            self.stop()
            raise

    def cpu(self) -> float:
        return _tree_cpu(self.process.pid)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log.read_text(errors="replace")


# --- the orchestrator -----------------------------------------------------------------------------


def _run_load(server: Server, db: Database, token: str, plan_file: Path, scenario: str, concurrency: int,
              args: argparse.Namespace, warmup: float | None = None,
              duration: float | None = None) -> dict[str, Any]:  # fmt: skip
    warmup = args.warmup if warmup is None else warmup
    duration = args.duration if duration is None else duration
    command = [
        sys.executable, __file__, "load", "--url", server.url, "--token", token, "--plan", str(plan_file),
        "--scenario", scenario, "--concurrency", str(concurrency), "--warmup", str(warmup),
        "--duration", str(duration), "--timeout", str(args.timeout),
    ]  # fmt: skip
    db_before = _cpu_of(db.backend_pids())
    io_before = _io_pressure()
    machine_before, cpu_before, started = _machine_busy(), server.cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    server_cpu, machine_after, io_after = server.cpu(), _machine_busy(), _io_pressure()
    db_after = _cpu_of(db.backend_pids())
    if done.returncode != 0:
        raise SystemExit(f"the load generator failed ({scenario}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # Shares of one core over the load generator's whole run (its start-up included: slightly low).
    result["server_cpu_pct"] = round(100 * (server_cpu - cpu_before) / wall, 1)
    # PostgreSQL's backends serving the scratch database (0 on SQLite: it runs inside the server)
    db_cpu = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())
    result["db_cpu_pct"] = round(100 * db_cpu / wall, 1)
    # the whole machine, every core (100% = all cores busy), whoever used them
    busy, total = (after - before for after, before in zip(machine_after, machine_before, strict=True))
    result["machine_busy_pct"] = round(100 * busy / total, 1) if total else float("nan")
    # Linux PSI: share of the time some task (anyone's) / every runnable task waited on I/O
    result["io_some_pct"] = round(100 * (io_after[0] - io_before[0]) / wall, 1)
    result["io_full_pct"] = round(100 * (io_after[1] - io_before[1]) / wall, 1)
    # CPU per answered request (warm-up included): what a request costs, whatever else ran meanwhile
    answered = max(result["answered"], 1)
    result["server_cpu_ms"] = round(1000 * (server_cpu - cpu_before) / answered, 2)
    result["db_cpu_ms"] = round(1000 * db_cpu / answered, 2)
    return result


def _print_round(label: str, result: dict[str, Any]) -> None:
    errors = f", errors {result['errors']}" if result["errors"] else ""
    print(
        f"    {label:<34} {result['rps']:8.1f}/s  p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms"
        f"  silence {result['longest_silence_ms']:4.0f} ms  CPU: server {result['server_cpu_pct']:3.0f}%"
        f" db {result['db_cpu_pct']:3.0f}% load {result['client_cpu_pct']:2.0f}%,"
        f" machine busy {result['machine_busy_pct']:3.0f}%, I/O wait {result['io_some_pct']:3.0f}%{errors}",
        flush=True,
    )


def _summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rps": round(statistics.median(r["rps"] for r in rounds), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 1),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 1),
        "server_cpu_pct": round(statistics.median(r["server_cpu_pct"] for r in rounds), 1),
        "db_cpu_pct": round(statistics.median(r["db_cpu_pct"] for r in rounds), 1),
        "server_cpu_ms": round(statistics.median(r["server_cpu_ms"] for r in rounds), 2),
        "db_cpu_ms": round(statistics.median(r["db_cpu_ms"] for r in rounds), 2),
        "machine_busy_pct": round(statistics.median(r["machine_busy_pct"] for r in rounds), 1),
        "longest_silence_ms": max(r["longest_silence_ms"] for r in rounds),
        "errors": sum(sum(r["errors"].values()) for r in rounds),
        "error_kinds": dict(sum((Counter(r["all_errors"]) for r in rounds), Counter())),
        "rounds": [{k: v for k, v in r.items() if k != "entries"} for r in rounds],
    }


def _check(db: Database, plan: dict[str, Any], before: dict[str, Any], loads: list[dict[str, Any]],
           by_target: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:  # fmt: skip
    """Compare what the clients were told with what the database holds; the problems found."""
    after = db.snapshot(plan)
    written = db.redeemed_since(before["last_entry"])
    told = [e for r in loads for e in r["entries"]]
    told_set, written_ids = set(told), {row[0] for row in written}
    unanswered = sum(r["unanswered"] for r in loads)
    successes = {t: sum(len(r["entries"]) for r in by_target[t]) for t in ("hot", "spread")}
    problems: list[str] = []
    if len(told_set) != len(told):
        problems.append(f"{len(told) - len(told_set)} entry ids were given to two clients")
    lost = sorted(told_set - written_ids)
    if lost:
        problems.append(
            f"{len(lost)} redemptions answered with an entry that is not in the ledger: {lost[:10]}"
        )
    extra = sorted(written_ids - told_set)
    if len(extra) > unanswered:
        problems.append(
            f"{len(extra)} REDEEM entries written that no client was given ({unanswered} requests unanswered): "
            f"{extra[:10]}"
        )
    not_one = [row for row in written if row[2] != -1]
    if not_one:
        problems.append(f"{len(not_one)} REDEEM entries of other than -1 point: {not_one[:5]}")
    hot_written = sum(1 for row in written if row[1] == plan["hot"])
    if before["hot"] - after["hot"] != hot_written or (not unanswered and hot_written != successes["hot"]):
        problems.append(
            f"hot account: balance {before['hot']} -> {after['hot']} (-{before['hot'] - after['hot']}), "
            f"{hot_written} REDEEM entries, {successes['hot']} successes"
        )
    spread_written = len(written) - hot_written
    if before["spread"] - after["spread"] != spread_written or (
        not unanswered and spread_written != successes["spread"]
    ):
        problems.append(
            f"spread accounts: total {before['spread']} -> {after['spread']}, {spread_written} REDEEM entries, "
            f"{successes['spread']} successes"
        )
    if after["negative"]:
        problems.append(f"{after['negative']} accounts below zero")
    records = after["idempotency_records"] - before["idempotency_records"]
    if not plan["no_key"] and records != len(written):
        problems.append(f"{records} idempotency records for {len(written)} redemptions")
    verified = subprocess.run(
        [*CLI, "loyalty", "verify"], env=db.env, capture_output=True, text=True, timeout=300
    )
    if verified.returncode != 0:
        problems.append(f"guanxi loyalty verify failed:\n{verified.stdout[-3000:]}")
    return {
        "successes": successes,
        "redeem_entries_written": len(written),
        "hot_entries": hot_written,
        "spread_entries": spread_written,
        "unanswered": unanswered,
        "idempotency_records": records,
        "hot_balance": [before["hot"], after["hot"]],
        "verify": verified.stdout.strip().splitlines()[-1] if verified.stdout.strip() else "",
        "problems": problems,
    }


def _bench_database(db: Database, args: argparse.Namespace, work_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    _cli(db, "migrate")
    token = _cli(db, "token", "create", "--role", "ADMIN", "--name", "Bench").strip().splitlines()[-1]
    done = subprocess.run(
        [sys.executable, __file__, "setup", "--accounts", str(args.accounts), "--token", token],
        env=db.env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"setup failed:\n{done.stderr[-3000:]}")
    setup = json.loads(done.stdout.strip().splitlines()[-1])
    plan = {
        "hot": setup["hot"],
        "spread": setup["spread"],
        "nonce": uuid.uuid4().hex[:12],
        "no_key": args.no_key,
    }
    plan_file = work_dir / f"plan-{db.backend}.json"
    plan_file.write_text(json.dumps(plan))
    setup_seconds = time.perf_counter() - started
    print(
        f"  {setup['summary']}; {args.accounts + 1:,} accounts enrolled and funded in {setup['fund_seconds']:.1f} s "
        f"(setup {setup_seconds:.0f} s in all)",
        flush=True,
    )
    counts = ", ".join(f"{label} {len(statements)}" for label, statements in setup["sql"].items())
    print(f"  SQL statements per request (Tortoise's log, in process): {counts}", flush=True)
    out: dict[str, Any] = {
        "setup": {k: v for k, v in setup.items() if k != "spread"} | {"seconds": round(setup_seconds, 1)},
        "servers": {},
    }
    for workers in args.workers:
        before = db.snapshot(plan)
        server = Server(db, workers, work_dir / f"serve-{db.backend}-{workers}.log")
        print(f"  guanxi serve --workers {workers} ({db.backend})", flush=True)
        loads: list[dict[str, Any]] = []
        by_target: dict[str, list[dict[str, Any]]] = {t: [] for t in TARGETS}
        results: dict[str, Any] = {}
        try:
            # Not measured (its redemptions are checked with the others): every worker's first
            # requests, before the rounds. Once, without it, a fresh server answered nothing for 3 s.
            for target in TARGETS:
                result = _run_load(server, db, token, plan_file, target, 8, args, 0.0, args.server_warmup)
                loads.append(result)
                by_target[target].append(result)
                _print_round(f"server warm-up {target} x8", result)
            for concurrency in args.concurrency:
                rounds: dict[str, list[dict[str, Any]]] = {t: [] for t in TARGETS}
                for i in range(args.rounds):
                    shift = i % len(TARGETS)
                    for target in TARGETS[shift:] + TARGETS[:shift]:
                        result = _run_load(server, db, token, plan_file, target, concurrency, args)
                        rounds[target].append(result)
                        loads.append(result)
                        by_target[target].append(result)
                        _print_round(f"round {i + 1} {target} x{concurrency}", result)
                summary = {t: _summarise(rounds[t]) for t in TARGETS}
                for t in ("hot", "spread"):
                    summary[t]["of_viewer"] = round(summary[t]["rps"] / summary["viewer"]["rps"], 3)
                results[str(concurrency)] = summary
        finally:
            log = server.stop()
        checks = _check(db, plan, before, loads, by_target)
        for problem in checks["problems"]:
            print(f"  !! {problem}", flush=True)
        print(
            f"  checks: {checks['redeem_entries_written']:,} REDEEM entries = the {sum(checks['successes'].values()):,} "
            f"successes; {checks['verify']}; problems: {len(checks['problems'])}",
            flush=True,
        )
        tail = [line for line in log.splitlines() if "Traceback" in line or "ERROR" in line]
        if tail:
            print(f"  !! the server logged {len(tail)} errors, e.g. {tail[0][:200]}", flush=True)
        out["servers"][str(workers)] = {"results": results, "checks": checks, "server_log_errors": tail[:20]}
    return out


def _table(result: dict[str, Any]) -> str:
    rows = [
        f"{'database':<9} {'workers':>7} {'clients':>7}  {'target':<7} {'req/s':>8} {'of viewer':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'silence':>7} {'errors':>6} {'CPU ms':>6} {'db ms':>5} {'busy':>4}"
        "  rounds (req/s)"
    ]
    for backend, data in result["databases"].items():
        if "skipped" in data:
            rows.append(f"{backend:<9} skipped: {data['skipped']}")
            continue
        for workers, server in data["servers"].items():
            for concurrency, summary in server["results"].items():
                for target in TARGETS:
                    s = summary[target]
                    ratio = f"{100 * s['of_viewer']:.1f}%" if "of_viewer" in s else ""
                    per_round = ", ".join(f"{r['rps']:.0f}" for r in s["rounds"])
                    rows.append(
                        f"{backend:<9} {workers:>7} {concurrency:>7}  {target:<7} {s['rps']:>8.1f} {ratio:>9} "
                        f"{s['p50_ms']:>8.1f} {s['p99_ms']:>8.1f} {s['longest_silence_ms']:>7.0f} {s['errors']:>6}"
                        f" {s['server_cpu_ms']:>6.1f} {s['db_cpu_ms']:>5.1f} {s['machine_busy_pct']:>3.0f}%  {per_round}"
                    )
    rows.append(
        "silence: the longest time without any answer in a measured window (worst round), ms; CPU ms / db ms:"
        " server / PostgreSQL CPU per request; busy: the whole machine (all cores, anyone's work)"
    )
    for backend, data in result["databases"].items():
        if "setup" in data:
            counts = ", ".join(f"{label} {len(sql)}" for label, sql in data["setup"]["sql"].items())
            rows.append(f"{backend}: SQL statements per request (Tortoise's log): {counts}")
    rows.append("")
    for backend, data in result["databases"].items():
        for workers, server in data.get("servers", {}).items():
            c = server["checks"]
            status = "OK" if not c["problems"] else "PROBLEMS: " + "; ".join(c["problems"])
            kinds = {
                f"{t} x{n}": s[t]["error_kinds"]
                for n, s in server["results"].items()
                for t in TARGETS
                if s[t]["error_kinds"]
            }
            rows.append(
                f"{backend}, {workers} worker(s): {c['redeem_entries_written']:,} REDEEM entries for "
                f"{c['successes']['hot']:,} hot + {c['successes']['spread']:,} spread successes, "
                f"{c['idempotency_records']:,} idempotency records, {c['verify']}: {status}"
                + (f"; errors by kind: {kinds}" if kinds else "")
            )
    return "\n".join(rows)


def cmd_run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    work_dir = Path(tempfile.mkdtemp(prefix="guanxi-bench-loyalty-"))
    databases: dict[str, Any] = {}
    try:
        for backend in args.databases:
            print(f"{backend}:", flush=True)
            if backend == "postgres":
                why = _pg_answers(args.pg_url)
                if why:
                    print(f"  skipped: PostgreSQL at {args.pg_url} does not answer ({why})", flush=True)
                    databases[backend] = {"skipped": why}
                    continue
            data_dir = work_dir / backend
            data_dir.mkdir()
            db = Database(backend, data_dir, args.pg_url if backend == "postgres" else None)
            db.create()
            try:
                databases[backend] = _bench_database(db, args, work_dir)
                if backend == "postgres":
                    databases[backend]["server_version"] = db.rows("SHOW server_version")[0][0]
            finally:
                if not args.keep:
                    db.drop()
    finally:
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
        else:
            print(
                f"kept {work_dir}"
                + (" (and the PostgreSQL database)" if "postgres" in args.databases else "")
            )

    result: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },
        "params": {
            "databases": args.databases,
            "workers": args.workers,
            "concurrency": args.concurrency,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "rounds": args.rounds,
            "server_warmup_s": args.server_warmup,
            "accounts": args.accounts,
            "idempotency_key": not args.no_key,
            "redeem_mutation": REDEEM,
            "baseline_query": VIEWER,
        },
        "databases": databases,
    }
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    bc.RESULTS_DIR.mkdir(exist_ok=True)
    RESULT_FILE.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(_table(result))
    print(f"\nwritten to {RESULT_FILE} ({result['total_seconds']:.0f} s in all)")
    if any(s["checks"]["problems"] for d in databases.values() for s in d.get("servers", {}).values()):
        raise SystemExit("correctness problems found (see above)")


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument(
        "--databases", type=lambda s: s.split(","), default=["sqlite", "postgres"],
        help="sqlite,postgres (default both; PostgreSQL is skipped when it does not answer)",
    )  # fmt: skip
    parser.add_argument(
        "--pg-url", default=os.environ.get("GUANXI_TEST_DATABASE_URL") or DEFAULT_PG,
        help=f"a PostgreSQL server to create the scratch database on (default $GUANXI_TEST_DATABASE_URL or {DEFAULT_PG})",
    )  # fmt: skip
    parser.add_argument("--workers", type=_ints, default=[2, 1], help="worker counts, in order (default 2,1)")
    parser.add_argument("--concurrency", type=_ints, default=[16, 64], help="connections (default 16,64)")
    parser.add_argument("--accounts", type=int, default=1_000, help="spread accounts (default 1000)")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds of warm-up per load (default 0.5)")
    parser.add_argument("--duration", type=float, default=2.0, help="measured seconds per load (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (each loads every target once)")
    parser.add_argument(
        "--server-warmup",
        type=float,
        default=1.0,
        help="seconds of each target after a server starts (default 1)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a request counts as unanswered"
    )
    parser.add_argument("--no-key", action="store_true", help="redeem without an idempotency key")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory and database")

    setup = sub.add_parser("setup", help="(internal) seed, enrol and fund accounts; print JSON")
    setup.add_argument("--accounts", type=int, required=True)
    setup.add_argument("--token", required=True)
    load = sub.add_parser("load", help="(internal) load one target and print JSON")
    for name in ("--url", "--token", "--plan"):
        load.add_argument(name, required=True)
    load.add_argument("--scenario", choices=TARGETS, required=True)
    load.add_argument("--concurrency", type=int, default=16)
    load.add_argument("--warmup", type=float, default=0.5)
    load.add_argument("--duration", type=float, default=2.0)
    load.add_argument("--timeout", type=float, default=60.0)

    args = parser.parse_args()
    {"setup": cmd_setup, "load": cmd_load}.get(args.command, cmd_run)(args)


if __name__ == "__main__":
    main()
