"""The foundation benchmark: a customer page through GraphQL against a hand-written baseline.

    .venv/bin/python bench/bench_customers.py            # what `make bench` runs
    .venv/bin/python bench/bench_customers.py --help

One run:
1. seeds 10,000 demo customers (about 50,000 purchases) into a scratch SQLite database and
   creates a bearer token;
2. starts the real app (uvicorn, `guanxi.app:create_app`, one worker) and a baseline server
   (same uvicorn, a single Starlette route answering the same JSON from two hand-written
   SQL queries on aiosqlite, the app's driver) and checks that both answer the same data;
3. loads each with a separate load-generator process (keep-alive HTTP/1.1 connections at a
   fixed concurrency; warm-up, then a measured window), alternating targets over rounds so
   machine noise hits both, and reports median requests/s and p50/p99 latency;
4. times `guanxi seed --customers 100000` into another scratch directory (--skip-big-seed);
5. prints a summary table and writes it as JSON to bench/results/latest.json.

`--profile` also samples the GraphQL server under load with py-spy (install it into the
venv yourself: `.venv/bin/pip install py-spy`) and prints where the time goes.

The same file is the baseline server (`baseline` sub-command) and the load generator
(`load` sub-command); the orchestrator starts them as subprocesses.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
QUERY = os.environ.get("BENCH_QUERY") or (
    "query { customers(first: 50) { edges { node { id name owner { name } "
    "purchases(first: 5) { edges { node { id amount currency occurredAt } } } } } } }"
)
# BENCH_QUERY (with --no-verify) measures another page, e.g. one showing personal data:
# BENCH_QUERY='query { customers(first: 50) { edges { node { id name primaryPhone primaryEmail } } } }'

TARGETS = ("graphql", "baseline")

# --- the baseline: the same response from two hand-written queries ---------------------------

# Walks the (archived_at, created_at) index backwards and stops after 50 rows.
CUSTOMERS_SQL = """
SELECT c.id, c.name, c.owner_id, u.name
FROM customer c LEFT JOIN staff_user u ON u.id = c.owner_id
WHERE c.archived_at IS NULL
ORDER BY c.created_at DESC, c.id DESC
LIMIT 50
"""
PURCHASES_SQL = """
SELECT id, customer_id, amount, currency, occurred_at FROM (
  SELECT p.id, p.customer_id, p.amount, p.currency, p.occurred_at,
         ROW_NUMBER() OVER (PARTITION BY p.customer_id ORDER BY p.occurred_at DESC, p.id DESC) AS rn
  FROM purchase p WHERE p.customer_id IN ({ids})
) WHERE rn <= 5
ORDER BY customer_id, rn
"""


def _global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


_QUANTA: dict[str, Any] = {}


def _amount(text: str, currency: str) -> str:
    """A stored amount ("12.3400") as the API shows it: rounded to the currency's minor units."""
    from decimal import Decimal

    from guanxi.core.currency import minor_units

    quantum = _QUANTA.get(currency)
    if quantum is None:
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-(minor_units(currency) or 0))
    return str(Decimal(text).quantize(quantum))


def baseline_app(db_path: str, token: str) -> Any:
    """A Starlette app with /graphql answering QUERY's response shape straight from SQL."""
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
        await request.body()  # the query is always QUERY
        db = state["db"]
        async with db.execute(CUSTOMERS_SQL) as cursor:
            customers = await cursor.fetchall()
        pages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if customers:
            ids = [row[0] for row in customers]
            async with db.execute(PURCHASES_SQL.format(ids=",".join("?" * len(ids))), ids) as cursor:
                for pid, cid, value, currency, occurred in await cursor.fetchall():
                    pages[cid].append(
                        {
                            "node": {
                                "id": _global_id("Purchase", pid),
                                "amount": _amount(value, currency),
                                "currency": currency,
                                "occurredAt": occurred.replace(" ", "T", 1),
                            }
                        }
                    )
        edges = [
            {
                "node": {
                    "id": _global_id("Customer", cid),
                    "name": name,
                    "owner": {"name": owner} if owner_id is not None and owner is not None else None,
                    "purchases": {"edges": pages.get(cid, [])},
                }
            }
            for cid, name, owner_id, owner in customers
        ]
        body = json.dumps({"data": {"customers": {"edges": edges}}})
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


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        return status, b"".join(chunks)
    raise RuntimeError("response without length")


async def _load(
    url: str,
    token: str,
    concurrency: int,
    warmup: float,
    duration: float,
    bodies: Callable[[], bytes] | None = None,
    error_of: Callable[[bytes], str | None] | None = None,
) -> dict[str, Any]:
    """Load `url` and measure. Every request posts QUERY, or a new `bodies()` each time; a response
    is an error when its status is not 200, it holds "errors", or `error_of(payload)` names one."""
    match = re.fullmatch(r"http://([^:/]+):(\d+)(/.*)", url)
    assert match, url
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
    ).encode()

    def request_for(body: bytes) -> bytes:
        return head + f"{len(body)}\r\n\r\n".encode() + body

    request = request_for(json.dumps({"query": QUERY}).encode()) if bodies is None else b""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + duration

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while (sent := time.perf_counter()) < stop_at:
                writer.write(request if bodies is None else request_for(bodies()))
                status, payload = await _read_response(reader)
                done = time.perf_counter()
                if measure_from <= done < stop_at:
                    if status != 200:
                        errors[f"HTTP {status}"] += 1
                    elif b'"errors"' in payload:
                        errors["GraphQL errors"] += 1
                    elif error_of is not None and (error := error_of(payload)):
                        errors[error] += 1
                    else:
                        latencies.append(done - sent)
        finally:
            writer.close()

    cpu_before = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu = (time.process_time() - cpu_before) / (time.perf_counter() - start)
    latencies.sort()

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": dict(errors),
        "client_cpu_pct": round(100 * cpu, 1),
    }


def cmd_load(args: argparse.Namespace) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(_load(args.url, args.token, args.concurrency, args.warmup, args.duration))
    print(json.dumps(result))


# --- the orchestrator ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    # The load generator is one caller sending thousands of requests a minute: no rate limit.
    env.update(GUANXI_DATA_DIR=str(data_dir), GUANXI_LOG_LEVEL="WARNING", GUANXI_RATE_LIMIT_PER_MINUTE="0")
    return env


def _post(url: str, token: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST QUERY (or `body`: {"query": ..., "variables": ...}) with the token; the answer, parsed."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body or {"query": QUERY}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    body.pop("extensions", None)  # the GraphQL answer reports its cost; the baseline does not
    return body


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not become ready in {timeout:.0f} s")


async def _prepare(
    customers: int, then: Callable[[], Awaitable[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """Migrate the scratch database, seed it and create a token (in this process).

    `then()`, if given, runs afterwards on the open database; its dict joins the result.
    """
    from guanxi import db
    from guanxi.accounts.models import Role
    from guanxi.accounts.services import create_bearer_token
    from guanxi.customers.seed import seed_demo_data

    await db.migrate()
    await db.init()
    try:
        started = time.perf_counter()
        summary = await seed_demo_data(customers=customers, seed=1)
        seconds = time.perf_counter() - started
        token = await create_bearer_token(name="bench", role=Role.ADMIN)
        more = await then() if then is not None else {}
    finally:
        await db.close()
    return {
        "summary": str(summary),
        "customers": summary.customers,
        "purchases": summary.purchases,
        "seconds": seconds,
        "token": token,
        **more,
    }


def _load_command(
    url: str,
    token: str,
    concurrency: int,
    warmup: float,
    duration: float,
    script: str = __file__,
    extra: Sequence[str] = (),
) -> list[str]:
    """The `load` sub-command of `script` (this file, or another benchmark's), plus `extra` options."""
    options = {"--url": url, "--token": token, "--concurrency": concurrency, "--warmup": warmup,
               "--duration": duration}  # fmt: skip
    return [sys.executable, script, "load", *(str(x) for pair in options.items() for x in pair), *extra]


def _run_load(
    url: str, token: str, args: argparse.Namespace, script: str = __file__, extra: Sequence[str] = ()
) -> dict[str, Any]:
    command = _load_command(url, token, args.concurrency, args.warmup, args.duration, script, extra)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the load generator failed against {url}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _profile(pid: int, url: str, token: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """Sample the GraphQL server with py-spy while a load generator runs against it."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        print("--profile: py-spy is not installed (.venv/bin/pip install py-spy); skipped", file=sys.stderr)
        return None
    RESULTS_DIR.mkdir(exist_ok=True)
    raw = RESULTS_DIR / "profile-graphql.txt"
    # the load runs a second longer than the sampling, which starts after its warm-up
    load = subprocess.Popen(_load_command(url, token, args.concurrency, 1, args.duration + 1),
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(1.5)
    command = (
        f"{py_spy} record --pid {pid} --duration {int(args.duration)} --rate 250 --format raw --nonblocking"
    )
    subprocess.run([*command.split(), "--output", str(raw)], check=True, capture_output=True)
    load.communicate()
    return summarize_profile(raw)


# frames are "function (path:line)"; the package of a frame decides its bucket
_BUCKETS = (
    ("graphql-core (execution, validation)", ("graphql/",)),
    ("strawberry", ("strawberry/",)),
    ("tortoise ORM", ("tortoise/",)),
    ("pypika (SQL building)", ("pypika",)),
    ("aiosqlite / sqlite3", ("aiosqlite/", "sqlite3/")),
    ("guanxi", ("guanxi/",)),
    ("starlette", ("starlette/",)),
    ("uvicorn / httptools", ("uvicorn/", "httptools")),
    ("json", ("json/",)),
    ("asyncio / uvloop", ("asyncio/", "uvloop")),
)


# where a request's time goes: share of samples with a matching frame anywhere on the stack
_PHASES = (
    ("authenticate (bearer token lookup)", "_principal (guanxi/graphql/views.py)"),
    ("parse the query", "parse (graphql/language/parser.py)"),
    ("validate the query", "validate (graphql/validation/validate.py)"),
    ("customers resolver (page query)", "CustomerQueries.customers (guanxi/graphql/customers/queries.py)"),
    ("DataLoader batches (owners, purchase pages)", "dataloaders.py)"),
    ("Tortoise selects (SQL building, fetch, models)", "BaseExecutor.execute_select (tortoise/"),
    ("  of which model instances from rows", "Model._init_from_db (tortoise/models.py)"),
    ("SQLite itself (aiosqlite worker thread)", "_connection_worker_thread (aiosqlite/core.py)"),
    ("Relay global ids", "(strawberry/relay/"),
    ("JSON-encode the response", "BaseView.encode_json (strawberry/http/base.py)"),
)


def _bucket(frame: str) -> str:
    for name, needles in _BUCKETS:
        if any(n in frame for n in needles):
            return name
    return "other (stdlib, decimal, base64, ...)"


def summarize_profile(raw: Path) -> dict[str, Any]:
    """Self time by package and inclusive time of the heaviest functions, from py-spy raw stacks."""
    self_by_bucket: Counter[str] = Counter()
    self_by_frame: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        total += count
        self_by_bucket[_bucket(frames[-1])] += count
        self_by_frame[_short(frames[-1])] += count
        short = {_short(f) for f in frames}
        for frame in short:
            inclusive[frame] += count
        for label, needle in _PHASES:
            if any(needle in f for f in short):
                phases[label] += count

    def share(counter: Counter[str], n: int) -> list[tuple[str, float]]:
        return [(k, round(100 * v / total, 1)) for k, v in counter.most_common(n)]

    return {
        "samples": total,
        "phases": [(label, round(100 * phases[label] / total, 1)) for label, _ in _PHASES],
        "self_by_package": share(self_by_bucket, 12),
        "self_by_function": share(self_by_frame, 15),
        "inclusive_by_function": share(inclusive, 40),
        "raw": str(raw.relative_to(BENCH_DIR.parent)),
    }


def _short(frame: str) -> str:
    match = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not match:
        return frame
    function, path = match.groups()
    for prefix in (r".*/site-packages/", r".*/lib/python3\.\d+/", r".*/backend/"):
        shorter = re.sub(f"^{prefix}", "", path)
        if shorter != path:
            return f"{function} ({shorter})"
    return f"{function} ({path})"


def _big_seed(customers: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="guanxi-bench-seed-"))
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "guanxi", "seed", "--customers", str(customers)],
            env=_env(data_dir),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"guanxi seed failed:\n{done.stderr[-3000:]}")
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("seeded ")), "")
        return {"customers": customers, "wall_seconds": round(seconds, 1), "output": line}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _median(rounds: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def _page_shape(response: dict[str, Any]) -> dict[str, int]:
    edges = response["data"]["customers"]["edges"]
    purchases = sum(len(e["node"]["purchases"]["edges"]) for e in edges)
    return {
        "customers": len(edges),
        "purchases": purchases,
        "owners": sum(1 for e in edges if e["node"]["owner"] is not None),
    }


def _table(result: dict[str, Any]) -> str:
    rows = [f"{'target':<10} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}  rounds (req/s)"]
    for target in TARGETS:
        t = result["targets"][target]
        per_round = ", ".join(f"{r['rps']:.0f}" for r in t["rounds"])
        rows.append(f"{target:<10} {t['rps']:>9.1f} {t['p50_ms']:>9.2f} {t['p99_ms']:>9.2f}  {per_round}")
    rows.append(f"graphql / baseline requests/s: {result['ratio_rps']:.3f}")
    data = result["dataset"]
    page = data["page"]
    rows.append(
        f"data: {data['summary']} (seeded in {data['seed_seconds']:.1f} s); the page holds "
        f"{page['customers']} customers, {page['owners']} owners, {page['purchases']} purchases"
    )
    big = result.get("big_seed")
    rows.append(
        f"guanxi seed --customers {big['customers']:,}: {big['wall_seconds']:.1f} s wall ({big['output']})"
        if big
        else "guanxi seed --customers 100000: skipped"
    )
    return "\n".join(rows)


def _use_scratch(data_dir: Path) -> str:
    """Point this process's settings at `data_dir`; the path of its SQLite database."""
    for key in [k for k in os.environ if k.startswith("GUANXI_")]:
        del os.environ[key]  # a scratch SQLite database with default settings, like the servers'
    os.environ.update(GUANXI_DATA_DIR=str(data_dir), GUANXI_LOG_LEVEL="WARNING")
    from guanxi.settings import get_settings, reset_settings

    reset_settings()
    return get_settings().database_url.removeprefix("sqlite://").split("?", 1)[0]


def cmd_run(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="guanxi-bench-"))
    processes: list[subprocess.Popen[bytes]] = []
    started = time.perf_counter()
    try:
        db_path = _use_scratch(data_dir)
        print(f"seeding {args.customers:,} customers into {data_dir} ...", flush=True)
        prepared = asyncio.run(_prepare(args.customers))
        token = prepared["token"]
        print(f"  {prepared['summary']} in {prepared['seconds']:.1f} s", flush=True)
        if args.extra_sql:
            import sqlite3

            with sqlite3.connect(db_path) as conn:
                conn.executescript(args.extra_sql)
            print(f"  ran --extra-sql: {args.extra_sql}", flush=True)

        ports = {"graphql": _free_port(), "baseline": _free_port()}
        app = f"guanxi.app:create_app --factory --host 127.0.0.1 --port {ports['graphql']} --workers 1"
        app_command = [sys.executable, "-m", "uvicorn", *app.split(), "--log-level", "warning"]
        processes.append(subprocess.Popen(app_command, env=_env(data_dir)))
        baseline = ["--db", db_path, "--token", token, "--port", str(ports["baseline"])]
        processes.append(
            subprocess.Popen([sys.executable, __file__, "baseline", *baseline], env=_env(data_dir))
        )
        urls = {t: f"http://127.0.0.1:{ports[t]}/graphql" for t in TARGETS}
        for target, process in zip(TARGETS, processes, strict=True):
            _wait_ready(f"http://127.0.0.1:{ports[target]}/healthz", process)

        answers = {t: _post(urls[t], token) for t in TARGETS}
        if "errors" in answers["graphql"]:
            raise SystemExit(f"the GraphQL query failed: {json.dumps(answers['graphql']['errors'])[:2000]}")
        if answers["graphql"] != answers["baseline"] and not args.no_verify:
            raise SystemExit(
                "the baseline's answer differs from the GraphQL answer; fix the baseline "
                "(or pass --no-verify)"
            )
        page = _page_shape(answers["graphql"])

        rounds: dict[str, list[dict[str, Any]]] = {t: [] for t in TARGETS}
        for i in range(args.rounds):
            order = TARGETS if i % 2 == 0 else TARGETS[::-1]
            for target in order:
                result = _run_load(urls[target], token, args)
                rounds[target].append(result)
                errors = f", errors {result['errors']}" if result["errors"] else ""
                print(
                    f"  round {i + 1} {target:<8} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms"
                    f"  p99 {result['p99_ms']:7.2f} ms  (load generator CPU {result['client_cpu_pct']:.0f}%)"
                    f"{errors}",
                    flush=True,
                )

        profile = _profile(processes[0].pid, urls["graphql"], token, args) if args.profile else None
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

    big = None
    if not args.skip_big_seed:
        print(f"timing guanxi seed --customers {args.big_customers:,} ...", flush=True)
        big = _big_seed(args.big_customers)

    import sqlite3

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
            "query": QUERY,
            "extra_sql": args.extra_sql,
        },
        "dataset": {
            "summary": prepared["summary"],
            "customers": prepared["customers"],
            "purchases": prepared["purchases"],
            "seed_seconds": round(prepared["seconds"], 2),
            "page": page,
        },
        "targets": {
            t: {
                "rps": round(_median(rounds[t], "rps"), 1),
                "p50_ms": round(_median(rounds[t], "p50_ms"), 2),
                "p99_ms": round(_median(rounds[t], "p99_ms"), 2),
                "errors": sum(sum(r["errors"].values()) for r in rounds[t]),
                "rounds": rounds[t],
            }
            for t in TARGETS
        },
        "big_seed": big,
        "profile": profile,
    }
    result["ratio_rps"] = round(result["targets"]["graphql"]["rps"] / result["targets"]["baseline"]["rps"], 3)
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    print()
    print(_table(result))
    if profile:
        print(f"\nprofile of the GraphQL server ({profile['samples']} samples, {profile['raw']}):")
        print("  on the stack:")
        for name, pct in profile["phases"]:
            print(f"  {pct:5.1f}%  {name}")
        print("  self time by package:")
        for name, pct in profile["self_by_package"]:
            print(f"  {pct:5.1f}%  {name}")
    print(f"\nwritten to {RESULTS_DIR / 'latest.json'} ({result['total_seconds']:.0f} s in all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument("--customers", type=int, default=10_000, help="customers to seed (default 10000)")
    parser.add_argument("--concurrency", type=int, default=8, help="connections per load generator")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per round")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (each loads every target once)")
    parser.add_argument("--skip-big-seed", action="store_true", help="do not time the 100,000-customer seed")
    parser.add_argument("--big-customers", type=int, default=100_000, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="sample the GraphQL server with py-spy")
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
    load.add_argument("--warmup", type=float, default=2.0)
    load.add_argument("--duration", type=float, default=10.0)

    args = parser.parse_args()
    {"baseline": cmd_baseline, "load": cmd_load}.get(args.command, cmd_run)(args)


if __name__ == "__main__":
    main()
