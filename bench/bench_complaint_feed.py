"""Live complaint feed: 500 WebSocket subscribers of complaintFiled on one server process.

    .venv/bin/python bench/bench_complaint_feed.py
    .venv/bin/python bench/bench_complaint_feed.py --help

One run (about four minutes with Redis, two without):
1. seeds 1,000 demo customers into a scratch SQLite database (migrated as the app does); makes a
   staff user "bench agent" (AGENT, no team: it sees the customers it owns) the owner of one
   customer in ten; gives every subscriber its own bearer token, half of them of "bench admin"
   (ADMIN, sees every customer), half of "bench agent";
2. in this process (the app served by uvicorn on this event loop) counts the SQL statements of
   one fileComplaint, and those one complaint.filed event costs per subscriber, for an admin and
   for an agent, for a complaint the agent may see and for one it may not;
3. per round and variant: starts the real app (uvicorn, `guanxi.app:create_app`, one worker) with
   the in-process broker (`memory`) or with GUANXI_BROKER_URL=redis://127.0.0.1:6379/0 (`redis`,
   only if Redis answers there); files complaints with nobody subscribed (the baseline latency);
   starts a separate client process (`clients` sub-command: asyncio, uvloop, the `websockets`
   library) that opens 500 graphql-transport-ws sockets, signs each in with its token in
   connection_init and subscribes to
       subscription { complaintFiled { id subject severity customer { name } } }
   then files one warm-up complaint every subscriber must receive (so every subscription is live)
   and 30 measured ones, one a second, half for customers of the agent (everybody receives them)
   and half for others (only the admins do); the client stamps every `next` message with
   time.monotonic() (CLOCK_MONOTONIC: one clock for every process of the machine), this process
   stamps each fileComplaint request and response with the same clock;
4. reports, per variant (medians over rounds): the delivery delay (from the fileComplaint
   response to the `next` message; from the request too) at p50/p99/max, deliveries expected,
   received, missing and wrong (an agent receiving a complaint of a customer it may not see, or
   one subscriber receiving one twice), the server's RSS with 0 and 500 sockets open, its CPU
   time per event, and the fileComplaint latency with the 500 subscribers against none;
5. prints a summary and writes it as JSON to bench/results/complaint_feed.json.

`--profile` samples the server with py-spy (`.venv/bin/pip install py-spy`) during the measured
complaints of the first in-process round, as bench_customers.py does.

The same file is the client process (`clients` sub-command); the orchestrator starts it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import logging
import os
import platform
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_customers as bc  # noqa: E402  (scratch directory, servers, seeding, profile summary)
import bench_interactions as bi  # noqa: E402  (counting the SQL statements Tortoise logs)

RESULT_FILE = bc.RESULTS_DIR / "complaint_feed.json"
SUBSCRIPTION = "subscription { complaintFiled { id subject severity customer { name } } }"
FILE_COMPLAINT = (
    "mutation($input: FileComplaintInput!) { fileComplaint(input: $input) "
    "{ complaint { id } userErrors { code } } }"
)
REDIS_URL = "redis://127.0.0.1:6379/0"
VARIANTS = ("memory", "redis")
AGENT_SHARE = 10  # the agent owns one customer in AGENT_SHARE

# Where the server's time goes while it fans events out: each py-spy sample goes to the first
# category whose needle is on its stack. uvloop runs coroutines from C, so many stacks start at a
# coroutine (their callers cut): hence a category for query building whose caller is unknown.
FEED_CATEGORIES = (
    ("SQLite: the aiosqlite thread running the statements", ("_connection_worker_thread (aiosqlite/",)),
    ("the fileComplaint request itself", ("httptools_impl", "file_complaint (guanxi/", "submit_feedback (guanxi/")),
    ("signed_in: every subscriber's credential, one batch per event", ("signed_in (guanxi/", "credentials_in_force (")),
    ("complaint_filed: the complaint read once per reach (fanout.py)", ("complaint_filed (guanxi/", "live_rows (guanxi/")),
    ("customer { name }: DataLoaders shared per reach and event", ("dataloaders.py", "Complaint.customer (")),
    ("Tortoise / pypika query building, caller cut off", ("tortoise/", "pypika")),
    ("WebSocket frames out (uvicorn, websockets, permessage-deflate)", ("(websockets/", "uvicorn/protocols/websockets")),
    ("graphql-core / strawberry: the selection set, the transport", ("(graphql/", "(strawberry/")),
)


# --- the client process: 500 sockets ------------------------------------------------------------


def _raise_fd_limit(wanted: int) -> tuple[int, int]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def _clients(url: str, tokens: dict[int, str], connect_concurrency: int, compression: str | None) -> None:
    """Subscribe one socket per token, then answer `count` and `stop` lines on stdin."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed
    from websockets.typing import Subprotocol

    receipts: list[tuple[int, str, float]] = []  # (subscriber, complaint id, monotonic time)
    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    sockets: dict[int, Any] = {}
    stopping = asyncio.Event()
    gate = asyncio.Semaphore(connect_concurrency)
    subscribe = json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})

    async def open_one(i: int, token: str) -> None:
        async with gate:
            ws = await connect(
                url,
                subprotocols=[Subprotocol("graphql-transport-ws")],
                compression=compression,  # "deflate" (as browsers) or None
                open_timeout=120,
                ping_interval=None,  # no keep-alive traffic during the measurement
                max_queue=None,
            )
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
            await ws.send(json.dumps(init))
            ack = json.loads(await asyncio.wait_for(ws.recv(), timeout=120))
            if ack.get("type") != "connection_ack":
                raise RuntimeError(f"no connection_ack: {ack}")
            await ws.send(subscribe)
            sockets[i] = ws

    async def listen(i: int, ws: Any) -> None:
        try:
            async for raw in ws:
                at = time.monotonic()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "next":
                    feed = ((message.get("payload") or {}).get("data") or {}).get("complaintFiled")
                    if feed and feed.get("id"):
                        receipts.append((i, feed["id"], at))
                        counts[feed["id"]] += 1
                    else:
                        problems[f"next without a complaint: {json.dumps(message)[:200]}"] += 1
                elif kind == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
                else:
                    problems[f"{kind}: {json.dumps(message)[:200]}"] += 1
        except ConnectionClosed as closed:
            if not stopping.is_set():
                problems[f"closed by the server: {closed.rcvd.code if closed.rcvd else None}"] += 1

    started = time.monotonic()
    outcomes = await asyncio.gather(*(open_one(i, t) for i, t in tokens.items()), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            problems[f"connect: {type(outcome).__name__}: {outcome}"[:200]] += 1
    listeners = [asyncio.create_task(listen(i, ws)) for i, ws in sockets.items()]
    _say({"ready": True, "connected": len(sockets), "failed": len(tokens) - len(sockets),
          "seconds": round(time.monotonic() - started, 2), "problems": dict(problems)})  # fmt: skip

    loop = asyncio.get_running_loop()
    cpu_at_start = time.process_time()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line == "count":
            _say({"counts": dict(counts), "received": len(receipts), "problems": dict(problems)})
        elif line in ("stop", ""):
            break
    cpu = time.process_time() - cpu_at_start
    stopping.set()
    await asyncio.gather(*(ws.close() for ws in sockets.values()), return_exceptions=True)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    _say({"receipts": receipts, "problems": dict(problems), "cpu_seconds": round(cpu, 2)})


def cmd_clients(args: argparse.Namespace) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    plan = json.loads(Path(args.plan).read_text())
    tokens = {i: t for i, t in enumerate(plan["tokens"]) if i % args.parts == args.part}
    _raise_fd_limit(2 * len(tokens) + 256)
    compression = None if args.compression == "none" else args.compression
    asyncio.run(_clients(args.url, tokens, args.connect_concurrency, compression))


# --- seeding --------------------------------------------------------------------------------------


async def _principals(args: argparse.Namespace) -> dict[str, Any]:
    """Tokens for the subscribers (admins first, then agents), the agent's customers, the others."""
    from guanxi.accounts.models import Role, User
    from guanxi.accounts.services import create_bearer_token
    from guanxi.customers.models import Customer

    started = time.perf_counter()
    admins = args.subscribers // 2
    tokens = [await create_bearer_token(name="bench admin", role=Role.ADMIN) for _ in range(admins)]
    tokens += [
        await create_bearer_token(name="bench agent", role=Role.AGENT)
        for _ in range(args.subscribers - admins)
    ]
    agent = await User.get(name="bench agent")
    live = await (
        Customer.filter(archived_at=None, erased_at=None).order_by("id").values_list("id", flat=True)
    )
    mine = [c for n, c in enumerate(live) if n % AGENT_SHARE == 0]
    await Customer.filter(id__in=mine).update(owner_id=agent.pk)
    others = [c for n, c in enumerate(live) if n % AGENT_SHARE != 0]
    return {
        "tokens": tokens,
        "admins": admins,
        "agent_user": agent.pk,
        "agent_customers": mine,
        "other_customers": others,
        "tokens_seconds": time.perf_counter() - started,
    }


# --- in process: the SQL of one mutation and of one event per subscriber -------------------------


def _gid(type_name: str, pk: int) -> str:
    return bc._global_id(type_name, pk)


def _pk(gid: str) -> int:
    return int(base64.b64decode(gid).decode().split(":")[1])


def _complaint_input(customer: int, n: int) -> dict[str, Any]:
    return {
        "customerId": _gid("Customer", customer),
        "text": f"Bench complaint {n}: the parcel arrived broken and nobody called back. 包裹破损，没人回电。",
        "severity": "HIGH",
    }


def _complaint_of(answer: dict[str, Any]) -> str:
    payload = (answer.get("data") or {}).get("fileComplaint") or {}
    if "errors" in answer or payload.get("userErrors") or not payload.get("complaint"):
        raise SystemExit(f"fileComplaint failed: {json.dumps(answer)[:2000]}")
    return payload["complaint"]["id"]


class _Counting:
    """Every statement Tortoise logs while active (bench_interactions._Statements)."""

    def __init__(self) -> None:
        self.handler = bi._Statements()
        self.logger = logging.getLogger("tortoise.db_client")

    def __enter__(self) -> list[tuple[str, Any]]:
        self.previous = self.logger.level
        self.handler.statements = []
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)
        return self.handler.statements

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.previous)


async def _settle(statements: list[Any], quiet: float = 0.5, limit: float = 30) -> None:
    """Until no statement was added for `quiet` seconds."""
    deadline = time.monotonic() + limit
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(statements) != seen:
            seen, since = len(statements), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        await asyncio.sleep(0.05)


async def _sql_per_event(prepared: dict[str, Any], per_role: int) -> dict[str, Any]:
    """Statements of one fileComplaint, and of one complaint.filed event per subscriber (by role)."""
    import httpx
    import uvicorn
    from websockets.asyncio.client import connect
    from websockets.typing import Subprotocol

    from guanxi import db
    from guanxi.app import create_app
    from guanxi.core import events
    from guanxi.feedback.complaints import TOPIC

    await db.init()
    port = bc._free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(migrate=False), port=port, lifespan="off", log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    admin, agent = prepared["tokens"][0], prepared["tokens"][-1]
    out: dict[str, Any] = {"per_role": per_role}
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def file(customer: int, n: int) -> int:
                body = {"query": FILE_COMPLAINT, "variables": {"input": _complaint_input(customer, n)}}
                response = await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {admin}"})
                return _pk(_complaint_of(response.json()))

            await file(prepared["other_customers"][0], -1)  # warm: imports, caches
            with _Counting() as statements:
                visible = await file(prepared["agent_customers"][1], -2)
                out["fileComplaint"] = {
                    "orm": len(statements),
                    "statements": [bi._short_sql(sql) for sql, _ in statements],
                }
            hidden = await file(prepared["other_customers"][1], -3)

            for role, token in (("ADMIN", admin), ("AGENT", agent)):
                received: Counter[int] = Counter()
                sockets = []
                for _ in range(per_role):
                    ws = await connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")])
                    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
                    await ws.send(json.dumps(init))
                    assert json.loads(await ws.recv())["type"] == "connection_ack"
                    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
                    sockets.append(ws)

                async def listen(ws: Any, received: Counter[int] = received) -> None:
                    async for raw in ws:
                        received[_pk(json.loads(raw)["payload"]["data"]["complaintFiled"]["id"])] += 1

                listeners = [asyncio.create_task(listen(ws)) for ws in sockets]
                # the subscriptions are live once an event reached them all
                await asyncio.sleep(0.5)
                with _Counting() as statements:
                    await events.publish(TOPIC, {"type": "complaint.filed", "id": visible, "customer_id": 0})
                    await _settle(statements)
                if received[visible] < per_role:
                    raise SystemExit(f"the SQL count's warm-up event reached {received[visible]} of {per_role}")
                for label, complaint in (("visible to the agent", visible), ("not visible to the agent", hidden)):
                    before = received[complaint]
                    event = {"type": "complaint.filed", "id": complaint, "customer_id": 0}
                    with _Counting() as statements:
                        await events.publish(TOPIC, event)
                        await _settle(statements)
                    kinds = Counter(bi._short_sql(sql) for sql, _ in statements)
                    out[f"{role}, complaint {label}"] = {
                        "delivered": received[complaint] - before,
                        "orm_per_subscriber": len(statements) / per_role,
                        "statements_per_subscriber": {k: v / per_role for k, v in kinds.items()},
                    }
                for ws in sockets:
                    await ws.close()
                for task in listeners:
                    task.cancel()
                await asyncio.gather(*listeners, return_exceptions=True)
    finally:
        server.should_exit = True
        await serving
        await db.close()
    return out


# --- the orchestrator ----------------------------------------------------------------------------


def _redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def _proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class _Filer:
    """fileComplaint over one keep-alive HTTP connection, stamped with time.monotonic()."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.n = 0
        self.last = time.monotonic()

    def file(self, customer: int) -> tuple[str, float, float]:
        self.n += 1
        body = json.dumps({"query": FILE_COMPLAINT, "variables": {"input": _complaint_input(customer, self.n)}})
        if time.monotonic() - self.last > 3:
            self.conn.close()  # uvicorn closes idle keep-alive connections after 5 s; the next request reconnects
        sent = time.monotonic()
        self.conn.request("POST", "/graphql", body=body, headers=self.headers)
        response = self.conn.getresponse()
        payload = response.read()
        done = self.last = time.monotonic()
        if response.status != 200:
            raise SystemExit(f"fileComplaint: HTTP {response.status}: {payload[:2000]!r}")
        return _complaint_of(json.loads(payload)), sent, done

    def close(self) -> None:
        self.conn.close()


class _Clients:
    """The client processes, spoken to over their stdin and stdout."""

    def __init__(self, url: str, plan_file: Path, args: argparse.Namespace, env: dict[str, str]):
        parts = args.client_processes
        self.processes = [
            subprocess.Popen(
                [sys.executable, __file__, "clients", "--url", url, "--plan", str(plan_file),
                 "--part", str(k), "--parts", str(parts), "--compression", args.compression,
                 "--connect-concurrency", str(args.connect_concurrency)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
            )  # fmt: skip
            for k in range(parts)
        ]

    def _read(self, process: subprocess.Popen[str]) -> dict[str, Any]:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"a client process exited with {process.wait()}")
        return json.loads(line)

    def ready(self) -> list[dict[str, Any]]:
        return [self._read(p) for p in self.processes]

    def ask(self, command: str) -> list[dict[str, Any]]:
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write(command + "\n")
            process.stdin.flush()
        return [self._read(p) for p in self.processes]

    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for answer in self.ask("count"):
            counts.update(answer["counts"])
        return counts

    def stop(self) -> list[dict[str, Any]]:
        answers = self.ask("stop")
        for process in self.processes:
            process.wait(timeout=60)
        return answers

    def kill(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def _wait_for(clients: _Clients, expected: dict[str, int], grace: float) -> tuple[Counter[str], float]:
    """Poll the clients until every complaint reached its expected count, or nothing new arrived
    for `grace` seconds; then a last half second for stray deliveries. (counts, seconds waited)."""
    started = time.monotonic()
    last_total, since = -1, time.monotonic()
    while True:
        counts = clients.counts()
        if all(counts[c] >= n for c, n in expected.items()):
            waited = time.monotonic() - started
            time.sleep(0.5)
            return clients.counts(), waited
        total = sum(counts.values())
        if total != last_total:
            last_total, since = total, time.monotonic()
        elif time.monotonic() - since > grace:
            return counts, time.monotonic() - started
        time.sleep(0.1)


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _stats(values: list[float]) -> dict[str, float | None]:
    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    return {
        "p50": r(_pct(values, 0.50)),
        "p99": r(_pct(values, 0.99)),
        "max": r(max(values) if values else None),
        "min": r(min(values) if values else None),
        "n": len(values),
    }


def _round(
    variant: str, data_dir: Path, plan_file: Path, prepared: dict[str, Any], args: argparse.Namespace, profile: bool
) -> dict[str, Any]:
    """One server with one broker: baseline fileComplaints, 500 sockets, the measured complaints."""
    env = bc._env(data_dir)
    if variant == "redis":
        env["GUANXI_BROKER_URL"] = args.redis_url
    port = bc._free_port()
    app = f"guanxi.app:create_app --factory --host 127.0.0.1 --port {port} --workers 1"
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", *app.split(), "--log-level", "warning"], env=env)
    clients: _Clients | None = None
    filer: _Filer | None = None
    out: dict[str, Any] = {"variant": variant}
    try:
        bc._wait_ready(f"http://127.0.0.1:{port}/healthz", server)
        filer = _Filer(port, prepared["tokens"][0])
        mine, others = prepared["agent_customers"], prepared["other_customers"]
        for n in range(3):  # warm: imports, caches, the first connection
            filer.file(others[-1 - n])
        baseline = []
        for n in range(args.baseline_complaints):
            _, sent, done = filer.file(others[(n * 7) % len(others)])
            baseline.append((done - sent) * 1000)
            time.sleep(args.baseline_spacing)
        out["file_complaint_no_subscribers_ms"] = _stats(baseline)
        out["rss_kib_no_sockets"] = _proc_status(server.pid)["VmRSS"]

        clients = _Clients(f"ws://127.0.0.1:{port}/graphql", plan_file, args, env)
        readies = clients.ready()
        connected = sum(r["connected"] for r in readies)
        out["connected"] = connected
        out["connect_seconds"] = max(r["seconds"] for r in readies)
        if connected != len(prepared["tokens"]):
            raise SystemExit(f"only {connected} of {len(prepared['tokens'])} sockets connected: {readies}")
        time.sleep(1.0)
        out["rss_kib_connected"] = _proc_status(server.pid)["VmRSS"]
        # warm-up: a complaint every subscriber sees; once it reached them all, every subscription is live
        warm, _, _ = filer.file(mine[0])
        counts, waited = _wait_for(clients, {warm: connected}, grace=60)
        if counts[warm] < connected:
            raise SystemExit(f"the warm-up complaint reached {counts[warm]} of {connected} subscribers")
        out["warmup_fanout_seconds"] = round(waited, 2)
        time.sleep(1.0)
        out["rss_kib_after_warmup"] = _proc_status(server.pid)["VmRSS"]
        print(
            f"    {variant}: {connected} sockets in {out['connect_seconds']:.1f} s, warm-up reached all in "
            f"{waited:.1f} s; RSS {out['rss_kib_no_sockets'] / 1024:.0f} -> {out['rss_kib_connected'] / 1024:.0f} MiB "
            f"(after the warm-up event {out['rss_kib_after_warmup'] / 1024:.0f} MiB)",
            flush=True,
        )

        profiler = _start_profile(server.pid) if profile else None
        filed: list[dict[str, Any]] = []
        cpu_before = _cpu_seconds(server.pid)
        start = time.monotonic()
        for n in range(args.complaints):
            if args.schedule == "fixed":  # one request every `spacing` seconds, or at once when late
                at = start + n * args.spacing
                if (pause := at - time.monotonic()) > 0:
                    time.sleep(pause)
            elif n:  # `spacing` seconds after the previous response
                time.sleep(args.spacing)
            agent_sees = n % 2 == 0
            pool = mine[1:] if agent_sees else others
            gid, sent, done = filer.file(pool[n // 2 % len(pool)])
            rss = _proc_status(server.pid)["VmRSS"]  # after the previous complaint's fan-out
            filed.append({"id": gid, "sent": sent, "done": done, "agent_sees": agent_sees, "rss_kib": rss})
        admins = prepared["admins"]
        agents = len(prepared["tokens"]) - admins
        expected = {f["id"]: admins + (agents if f["agent_sees"] else 0) for f in filed}
        counts, waited = _wait_for(clients, expected, args.grace)
        cpu = _cpu_seconds(server.pid) - cpu_before
        wall = time.monotonic() - start
        if profiler is not None:
            out["profile"] = _finish_profile(profiler)
        status = _proc_status(server.pid)
        out["interval_s"] = round((filed[-1]["sent"] - filed[0]["sent"]) / max(1, len(filed) - 1), 2)
        out["rss_kib_after"] = status["VmRSS"]
        out["hwm_kib"] = status["VmHWM"]
        out["settle_seconds_after_last"] = round(waited, 2)
        out["server_cpu_seconds"] = round(cpu, 2)
        out["server_cpu_share"] = round(cpu / wall, 3)
        out["server_cpu_ms_per_event"] = round(1000 * cpu / len(filed), 1)
        answers = clients.stop()
        out["client_cpu_seconds"] = sum(a["cpu_seconds"] for a in answers)
        out["client_cpu_share"] = round(out["client_cpu_seconds"] / wall, 3)
        problems: Counter[str] = Counter()
        for a in answers:
            problems.update(a["problems"])
        out["client_problems"] = dict(problems)
        receipts = [tuple(r) for a in answers for r in a["receipts"]]
    finally:
        if clients is not None:
            clients.kill()
        if filer is not None:
            filer.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    out.update(_deliveries(filed, receipts, warm, prepared, args))
    return out


def _deliveries(
    filed: list[dict[str, Any]], receipts: list[tuple[Any, ...]], warm: str, prepared: dict[str, Any], args: Any
) -> dict[str, Any]:
    """Match what the subscribers received against what they should have: delays, missing, wrong."""
    admins, subscribers = prepared["admins"], len(prepared["tokens"])
    by_id = {f["id"]: f for f in filed}
    seen: set[tuple[int, str]] = set()
    wrong: Counter[str] = Counter()
    strangers: Counter[str] = Counter()
    from_response: list[float] = []
    from_request: list[float] = []
    by_role: dict[str, list[float]] = {"ADMIN": [], "AGENT": []}
    last: dict[str, float] = {}
    first: dict[str, float] = {}
    for i, gid, at in receipts:
        if gid == warm:
            continue
        f = by_id.get(gid)
        if f is None:  # e.g. an event another deployment published on the same Redis (see the README)
            wrong["a complaint this round did not file while subscribed"] += 1
            strangers[gid] += 1
            continue
        role = "ADMIN" if i < admins else "AGENT"
        if (i, gid) in seen:
            wrong["the same complaint twice"] += 1
            continue
        seen.add((i, gid))
        if role == "AGENT" and not f["agent_sees"]:
            wrong["an agent got a complaint of a customer it may not see"] += 1
            continue
        delay = (at - f["done"]) * 1000
        from_response.append(delay)
        from_request.append((at - f["sent"]) * 1000)
        by_role[role].append(delay)
        last[gid] = max(last.get(gid, delay), delay)
        first[gid] = min(first.get(gid, delay), delay)
    expected = sum(admins + ((subscribers - admins) if f["agent_sees"] else 0) for f in filed)
    received = len(from_response)
    latencies = [(f["done"] - f["sent"]) * 1000 for f in filed]
    per_complaint = [
        {"file_ms": round((f["done"] - f["sent"]) * 1000, 1), "agent_sees": f["agent_sees"],
         "first_ms": round(first.get(f["id"], float("nan")), 1), "last_ms": round(last.get(f["id"], float("nan")), 1),
         "rss_mib": round(f["rss_kib"] / 1024, 1)}
        for f in filed
    ]  # fmt: skip
    return {
        "complaints": len(filed),
        "subscribers": subscribers,
        "admins": admins,
        "expected": expected,
        "received": received,
        "missing": expected - received,
        "wrong": sum(wrong.values()),
        "wrong_kinds": dict(wrong),
        "unexpected_complaints": {f"{gid} (Complaint {_pk(gid)})": n for gid, n in strangers.items()},
        "delay_from_response_ms": _stats(from_response),
        "delay_from_request_ms": _stats(from_request),
        "delay_by_role_ms": {r: _stats(v) for r, v in by_role.items()},
        "negative_delays": sum(1 for d in from_response if d < 0),
        "last_delivery_per_complaint_ms": _stats(list(last.values())),
        "first_delivery_per_complaint_ms": _stats(list(first.values())),
        "file_complaint_with_subscribers_ms": _stats(latencies),
        "per_complaint": per_complaint,  # delivery times from the response; RSS when it returned
    }


# --- the profile ----------------------------------------------------------------------------------


def _start_profile(pid: int) -> tuple[subprocess.Popen[bytes], Path] | None:
    """py-spy on the server until _finish_profile interrupts it (it writes its file then)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        print("--profile: py-spy is not installed (.venv/bin/pip install py-spy); skipped", file=sys.stderr)
        return None
    bc.RESULTS_DIR.mkdir(exist_ok=True)
    raw = bc.RESULTS_DIR / "profile-complaint-feed.txt"
    raw.unlink(missing_ok=True)
    command = [py_spy, "record", "--pid", str(pid), "--rate", "250", "--format", "raw", "--nonblocking",
               "--output", str(raw)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)  # attached
    return process, raw


def _finish_profile(profiler: tuple[subprocess.Popen[bytes], Path]) -> dict[str, Any] | None:
    process, raw = profiler
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    if not raw.exists():
        print(f"--profile: py-spy wrote nothing: {stderr.decode()[-1000:]}", file=sys.stderr)
        return None
    summary = bc.summarize_profile(raw)  # by package and function; its phases are the customer page's
    summary.pop("phases", None)
    summary["feed"] = _feed_categories(raw)
    return summary


def _feed_categories(raw: Path) -> list[tuple[str, float]]:
    """Share of samples by FEED_CATEGORIES (the first that matches), then the event loop and the rest."""
    shares: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        for label, needles in FEED_CATEGORIES:
            if any(n in stack for n in needles):
                shares[label] += count
                break
        else:
            leaf = stack.rsplit(";", 1)[-1]
            shares["the event loop itself (uvloop, in C)" if "Runner.run" in leaf else "other"] += count
    labels = [label for label, _ in FEED_CATEGORIES] + ["the event loop itself (uvloop, in C)", "other"]
    return [(label, round(100 * shares[label] / total, 1)) for label in labels] if total else []


# --- summary --------------------------------------------------------------------------------------


def _median_of(rounds: list[dict[str, Any]], *path: str) -> float | None:
    values = []
    for r in rounds:
        value: Any = r
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            values.append(value)
    return round(statistics.median(values), 2) if values else None


def _summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    def m(*path: str) -> float | None:
        return _median_of(rounds, *path)

    def mib(key: str) -> float | None:
        value = m(key)
        return None if value is None else round(value / 1024, 1)

    return {
        "rounds": len(rounds),
        "expected": [r["expected"] for r in rounds],
        "received": [r["received"] for r in rounds],
        "missing": sum(r["missing"] for r in rounds),
        "wrong": sum(r["wrong"] for r in rounds),
        "delay_ms": {q: m("delay_from_response_ms", q) for q in ("p50", "p99", "max", "min")},
        "delay_from_request_ms": {q: m("delay_from_request_ms", q) for q in ("p50", "p99", "max")},
        "last_delivery_per_complaint_ms": {q: m("last_delivery_per_complaint_ms", q) for q in ("p50", "max")},
        "file_complaint_ms": {
            "no_subscribers": {q: m("file_complaint_no_subscribers_ms", q) for q in ("p50", "p99", "max")},
            "500_subscribers": {q: m("file_complaint_with_subscribers_ms", q) for q in ("p50", "p99", "max")},
        },
        "rss_mib": {
            "no_sockets": mib("rss_kib_no_sockets"),
            "sockets": mib("rss_kib_connected"),
            "after_warmup_event": mib("rss_kib_after_warmup"),
            "after": mib("rss_kib_after"),
            "hwm": mib("hwm_kib"),
        },
        "kib_per_socket": round(
            statistics.median((r["rss_kib_connected"] - r["rss_kib_no_sockets"]) / r["subscribers"] for r in rounds),
            1,
        ),
        "server_cpu_ms_per_event": m("server_cpu_ms_per_event"),
        "server_cpu_share": m("server_cpu_share"),
        "client_cpu_share": m("client_cpu_share"),
        "interval_s": m("interval_s"),
        "connect_seconds": m("connect_seconds"),
        "negative_delays": [r["negative_delays"] for r in rounds],
    }


def _fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _three(stats: dict[str, Any]) -> str:
    return " / ".join(_fmt(stats.get(q)) for q in ("p50", "p99", "max"))


def _table(result: dict[str, Any]) -> str:
    p = result["params"]
    spacing = "after each response" if p["schedule"] == "after-response" else "apart"
    rows = [
        f"{p['subscribers']} subscribers ({p['subscribers'] // 2} ADMIN, {p['subscribers'] - p['subscribers'] // 2} "
        f"AGENT), {p['complaints']} complaints {p['spacing_s']} s {spacing}, half visible to the agent; "
        "medians over rounds (ms as p50 / p99 / max)",
    ]
    for variant, s in result["summary"].items():
        f, rss = s["file_complaint_ms"], s["rss_mib"]
        rows += [
            f"{variant}:",
            f"  deliveries: expected {statistics.median(s['expected']):,.0f}, received "
            f"{statistics.median(s['received']):,.0f}, missing {s['missing']}, wrong {s['wrong']} (all rounds)",
            f"  delay from the fileComplaint response: {_three(s['delay_ms'])} ms (min {_fmt(s['delay_ms']['min'])})",
            f"  delay from the fileComplaint request:  {_three(s['delay_from_request_ms'])} ms",
            f"  last delivery of a complaint, from its response: p50 {_fmt(s['last_delivery_per_complaint_ms']['p50'])}"
            f" ms, max {_fmt(s['last_delivery_per_complaint_ms']['max'])} ms",
            f"  fileComplaint: {_three(f['500_subscribers'])} ms with the subscribers, "
            f"{_three(f['no_subscribers'])} ms with none",
            f"  server RSS: {_fmt(rss['no_sockets'])} MiB, {_fmt(rss['sockets'])} MiB with the sockets open "
            f"({_fmt(s['kib_per_socket'])} KiB a socket), {_fmt(rss['after_warmup_event'])} MiB after the first "
            f"event, {_fmt(rss['after'])} MiB after the complaints (peak {_fmt(rss['hwm'])})",
            f"  server CPU: {_fmt(s['server_cpu_ms_per_event'])} ms per complaint, busy "
            f"{_fmt((s['server_cpu_share'] or 0) * 100)}% of the time; client CPU "
            f"{_fmt((s['client_cpu_share'] or 0) * 100)}%; one complaint every {_fmt(s['interval_s'], 2)} s",
        ]
    for variant, rounds in result["rounds"].items():
        for i, r in enumerate(rounds):
            rows.append(
                f"  {variant} round {i + 1}: received {r['received']:,}/{r['expected']:,}, wrong {r['wrong']}, "
                f"delay from response {_three(r['delay_from_response_ms'])} ms, from request "
                f"{_three(r['delay_from_request_ms'])} ms, fileComplaint p50 "
                f"{_fmt(r['file_complaint_with_subscribers_ms']['p50'], 1)} ms "
                f"(none: {_fmt(r['file_complaint_no_subscribers_ms']['p50'], 1)})"
            )
            if r["wrong"]:
                rows.append(f"    wrong: {r['wrong_kinds']}; complaints not filed here: {r['unexpected_complaints']}")
    sql = result.get("sql")
    if sql:
        rows.append(f"SQL (ORM statements) in process, {sql['per_role']} subscribers of each role:")
        rows.append(f"  one fileComplaint: {sql['fileComplaint']['orm']}")
        for key, value in sql.items():
            if isinstance(value, dict) and "orm_per_subscriber" in value:
                rows.append(
                    f"  one event, per {key}: {value['orm_per_subscriber']:g} statements "
                    f"({value['delivered']} of {sql['per_role']} delivered)"
                )
                rows.extend(f"      {n:g} x {s}" for s, n in value["statements_per_subscriber"].items())
    for variant, rounds in result["rounds"].items():
        for r in rounds:
            prof = r.get("profile")
            if prof:
                rows.append(f"profile of the {variant} server ({prof['samples']} samples, {prof['raw']}):")
                rows.extend(f"  {pct:5.1f}%  {name}" for name, pct in prof["feed"])
                rows.append("  self time by package:")
                rows.extend(f"  {pct:5.1f}%  {name}" for name, pct in prof["self_by_package"])
    return "\n".join(rows)


def cmd_run(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="guanxi-bench-feed-"))
    started = time.perf_counter()
    variants = [v for v in VARIANTS if v in args.variants]
    if "redis" in variants and not _redis_answers(args.redis_url):
        print(f"Redis does not answer at {args.redis_url}: the redis variant is skipped", flush=True)
        variants.remove("redis")
    rounds: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    try:
        bc._use_scratch(data_dir)
        os.environ["GUANXI_RATE_LIMIT_PER_MINUTE"] = "0"  # as the servers run (bench_customers._env)
        from guanxi.settings import reset_settings

        reset_settings()
        print(f"seeding {args.customers:,} customers and {args.subscribers} tokens into {data_dir} ...", flush=True)
        prepared = asyncio.run(bc._prepare(args.customers, lambda: _principals(args)))
        print(
            f"  {prepared['summary']} in {prepared['seconds']:.1f} s; tokens in {prepared['tokens_seconds']:.1f} s; "
            f"the agent owns {len(prepared['agent_customers'])} customers",
            flush=True,
        )
        sql = None
        if not args.skip_sql:
            print("counting SQL per event in process ...", flush=True)
            sql = asyncio.run(_sql_per_event(prepared, args.sql_subscribers))
        plan_file = data_dir / "plan.json"
        plan_file.write_text(json.dumps({"tokens": prepared["tokens"]}))

        for i in range(args.rounds):
            for variant in variants if i % 2 == 0 else variants[::-1]:
                print(f"  round {i + 1}, {variant} broker ...", flush=True)
                profile = args.profile and i == 0 and variant == "memory"
                r = _round(variant, data_dir, plan_file, prepared, args, profile)
                rounds[variant].append(r)
                print(
                    f"    received {r['received']:,} of {r['expected']:,} (wrong {r['wrong']}); delay from response "
                    f"{_three(r['delay_from_response_ms'])} ms, from request {_three(r['delay_from_request_ms'])} ms; "
                    f"fileComplaint p50 {_fmt(r['file_complaint_with_subscribers_ms']['p50'], 1)} ms (none: "
                    f"{_fmt(r['file_complaint_no_subscribers_ms']['p50'], 1)}); server CPU "
                    f"{r['server_cpu_ms_per_event']:.0f} ms per complaint",
                    flush=True,
                )
    finally:
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
            "subscribers": args.subscribers,
            "complaints": args.complaints,
            "spacing_s": args.spacing,
            "schedule": args.schedule,
            "baseline_complaints": args.baseline_complaints,
            "baseline_spacing_s": args.baseline_spacing,
            "rounds": args.rounds,
            "client_processes": args.client_processes,
            "compression": args.compression,
            "customers": args.customers,
            "agent_customers": len(prepared["agent_customers"]),
            "subscription": SUBSCRIPTION,
            "mutation": FILE_COMPLAINT,
            "redis_url": args.redis_url if "redis" in variants else None,
        },
        "summary": {v: _summary(rounds[v]) for v in variants if rounds[v]},
        "rounds": rounds,
        "sql": sql,
    }
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    bc.RESULTS_DIR.mkdir(exist_ok=True)
    RESULT_FILE.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(_table(result))
    print(f"\nwritten to {RESULT_FILE} ({result['total_seconds']:.0f} s in all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument("--customers", type=int, default=1_000, help="demo customers to seed (default 1000)")
    parser.add_argument("--subscribers", type=int, default=500, help="WebSocket subscribers, half ADMIN, half AGENT")
    parser.add_argument("--complaints", type=int, default=30, help="measured complaints per round")
    parser.add_argument("--spacing", type=float, default=1.0, help="seconds between complaints (see --schedule)")
    parser.add_argument(
        "--schedule",
        choices=("after-response", "fixed"),
        default="after-response",
        help="after-response: the next complaint `spacing` s after the last response (each event on a quiet "
        "server); fixed: one every `spacing` s from the first (late ones at once)",
    )
    parser.add_argument("--baseline-complaints", type=int, default=30, help="complaints filed with nobody subscribed")
    parser.add_argument("--baseline-spacing", type=float, default=0.25, help="pause between those")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (each runs every variant once)")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--client-processes", type=int, default=1, help="processes sharing the sockets")
    parser.add_argument("--connect-concurrency", type=int, default=50, help="sockets opening at once")
    parser.add_argument(
        "--compression", choices=("deflate", "none"), default="deflate", help="permessage-deflate offered or not"
    )
    parser.add_argument("--grace", type=float, default=20.0, help="seconds without a delivery before giving up")
    parser.add_argument("--sql-subscribers", type=int, default=5, help="subscribers per role for the SQL count")
    parser.add_argument("--skip-sql", action="store_true", help="do not count SQL per event in process")
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy (first memory round)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")

    clients = sub.add_parser("clients", help="(internal) open and hold the subscriber sockets")
    clients.add_argument("--url", required=True)
    clients.add_argument("--plan", required=True)
    clients.add_argument("--part", type=int, default=0)
    clients.add_argument("--parts", type=int, default=1)
    clients.add_argument("--connect-concurrency", type=int, default=50)
    clients.add_argument("--compression", choices=("deflate", "none"), default="deflate")

    args = parser.parse_args()
    {"clients": cmd_clients}.get(args.command, cmd_run)(args)


if __name__ == "__main__":
    main()
