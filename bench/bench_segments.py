"""Segments at scale: previewSegment and refreshSegment over 1,000,000 seeded customers (SQLite).

    .venv/bin/python bench/bench_segments.py                    # seed 1,000,000 customers, then measure
    .venv/bin/python bench/bench_segments.py --reuse            # reuse the cached seeded database
    .venv/bin/python bench/bench_segments.py --reuse --compare 3aea8be  # and an earlier commit's code
    .venv/bin/python bench/bench_segments.py --customers 20000  # a quick run
    .venv/bin/python bench/bench_segments.py --help

One run:
1. seeds the data: `guanxi migrate` then `guanxi seed --customers N` into a fresh data directory
   under bench/results/segments-cache/<N>-<key>/ (git-ignored; the key hashes the seed, migration
   and metrics code, so a change there seeds anew), timing both. `--reuse` takes the cached entry
   when its key matches; `--data-dir DIR` takes any seeded data directory. Only the newest entry per
   N is kept. The seed is deterministic for a day: purchases are drawn back from the seeding day,
   so a database reused days later holds slightly fewer purchases "in the last N days";
2. copies the database to a scratch directory (the cache is never written to) and prepares it: a
   team for the agent 李娜 (so her scope is the AGENT reach, `owner = me OR (no owner AND my
   team)`), and empty DYNAMIC segments for the rules below (created without evaluating them);
3. measures each operation in a fresh Python process (`child` sub-command): it opens the database
   as the app does (`db.init()`), then runs the operation once and reports its wall time, every SQL
   statement's time, and its peak RSS (VmHWM; `peak_rss_kib` says why not `ru_maxrss`). Baselines,
   in the same run: a process that only opens the database (its RSS is what every operation adds
   to) and `SELECT COUNT(*) FROM customer` (its time is what the ratios divide by). Operations:
   - previewSegment (`services.validated_rule` + `services.preview`: count and first 20 ids) as the
     demo ADMIN and as the AGENT, for rule A and rule B;
   - refreshSegment (`services.refresh_segment`), first on an empty segment (every match enters:
     a new segment per run), then again on the same segment (nothing changes);
   - dynamic adjustment (`services.reevaluate_customers`) of 1 customer and of a batch of 500 (the
     size `segments/dynamic.py` drains at once) with exactly 5 DYNAMIC segments (A-E) in place, all
     refreshed first; the customers' data did not change, so it measures the evaluation;
   Runs are interleaved (round 1 of every measurement, then round 2, ...) so machine noise hits all.
   The first run of each preview, of each first refresh and of the 500-customer re-evaluation also
   records SQLite's EXPLAIN QUERY PLAN of their statements;
4. prints the plans, a table (median and range over the runs, ratio to COUNT(*), peak RSS and what
   it adds to the baseline's, the goal: preview < 2 s, refresh < 10 s) and the time of each
   statement, and writes everything to bench/results/segments.json (`--output`).

`--compare REV` also measures every operation with the app code of git revision REV (its `backend/`,
extracted to a temporary directory and put first on the children's PYTHONPATH), interleaved with the
current code's runs on the same copy, so that before and after meet the same machine noise; their
results (counts, members entered) must agree. `--sqlite-pragmas "mmap_size=..."` adds PRAGMAs to the
database URL, and `--extra-sql "CREATE INDEX ..."` runs SQL on the scratch copy first.
`--only preview,refresh,adjust` runs some phases; `--runs N` (default 3); `--keep` keeps the copy.

Measured warm: the copy has just been written, so the file is in the OS page cache (24 GB RAM).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
CACHE_DIR = RESULTS_DIR / "segments-cache"
SEED = 1
PREVIEW_GOAL_S = 2.0
REFRESH_GOAL_S = 10.0
BATCH = 500  # segments/dynamic.py's batch

# What the seeded database depends on: a change to any of these makes a new cache entry. (Not cli.py,
# edited often for other commands, nor the segment code the demo segments' history is evaluated with.)
SEED_SOURCES = (
    "backend/guanxi/customers/seed",
    "backend/guanxi/interactions/seed.py",
    "backend/guanxi/feedback/seed.py",
    "backend/guanxi/segments/seed.py",
    "backend/guanxi/migrations",
    "backend/guanxi/value/metrics.py",
)

# --- the rules ------------------------------------------------------------------------------------

# A: five conditions, attributes and behaviour: Guangdong people who spent over 5,000 in the last
# year (a windowed sum over purchases), bought at least twice (customer_metrics), and are not
# prospects. About 1% of customers.
RULE_A = {
    "all": [
        {"field": "PROVINCE", "op": "EQ", "value": "广东"},
        {"field": "KIND", "op": "EQ", "value": "PERSON"},
        {"field": "SPEND_IN_LAST_DAYS", "op": "GT", "value": 5000, "days": 365},
        {"field": "PURCHASE_COUNT", "op": "GTE", "value": 2},
        {"not": {"field": "LIFECYCLE_STAGE", "op": "EQ", "value": "PROSPECT"}},
    ]
}
# B: an `any` group with a tag and a windowed count, recency from customer_metrics, a NEQ that
# holds for the unknown (income not given), a negation. About 7% of customers.
RULE_B = {
    "all": [
        {"field": "COUNTRY", "op": "EQ", "value": "CN"},
        {
            "any": [
                {"field": "TAGS", "op": "CONTAINS", "value": "VIP"},
                {"field": "PURCHASES_IN_LAST_DAYS", "op": "GTE", "value": 3, "days": 90},
            ]
        },
        {"field": "DAYS_SINCE_LAST_PURCHASE", "op": "LTE", "value": 60},
        {"field": "INCOME_BAND", "op": "NEQ", "value": "LOW"},
        {"not": {"field": "LIFECYCLE_STAGE", "op": "EQ", "value": "ADVOCATE"}},
    ]
}
# C-E: three more dynamic segments, so that dynamic adjustment evaluates five.
RULE_C = {"field": "TOTAL_SPEND", "op": "GTE", "value": 20000}
RULE_D = {
    "all": [
        {"field": "GEOGRAPHY_CLASS", "op": "EQ", "value": "LOCAL"},
        {"field": "LAST_PURCHASE_AT", "op": "WITHIN_LAST_DAYS", "value": 30},
    ]
}
RULE_E = {
    "all": [
        {"field": "AGE", "op": "BETWEEN", "value": [25, 40]},
        {
            "any": [
                {"field": "TAGS", "op": "CONTAINS", "value": "newsletter"},
                {"field": "INTERACTIONS_IN_LAST_DAYS", "op": "GTE", "value": 1, "days": 90},
            ]
        },
    ]
}
RULES = {"A": RULE_A, "B": RULE_B, "C": RULE_C, "D": RULE_D, "E": RULE_E}
ADMIN_EMAIL = "admin@guanxi.local"  # cli.DEMO_ADMIN_EMAIL, created by `guanxi seed`
AGENT_EMAIL = "li.na@guanxi.local"  # an AGENT of the demo staff
AGENT_TEAM = "Bench South"


# --- seeding and the cache ------------------------------------------------------------------------


def _settings_env(data_dir: Path, pragmas: str = "") -> dict[str, str]:
    """The GUANXI_* variables of a run: the data directory's SQLite database, default settings, and
    `pragmas` ("mmap_size=1073741824&cache_size=-65536") added to the database URL (Tortoise runs each
    URL parameter as a PRAGMA on connecting)."""
    env = {"GUANXI_DATA_DIR": str(data_dir), "GUANXI_LOG_LEVEL": "WARNING"}
    if pragmas:
        from guanxi.settings import default_sqlite_url

        env["GUANXI_DATABASE_URL"] = f"{default_sqlite_url(data_dir)}&{pragmas.lstrip('&?')}"
    return env


def _env(data_dir: Path, pragmas: str = "", code: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    env.update(_settings_env(data_dir, pragmas))
    if code is not None:  # an earlier revision's `guanxi` before the installed one
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    return env


def seed_key(customers: int) -> str:
    """The cache key of a seeded database: customer count, seed and the code that writes it."""
    digest = hashlib.sha256(f"{customers}:{SEED}".encode())
    for source in SEED_SOURCES:
        path = ROOT / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return f"{customers}-{digest.hexdigest()[:12]}"


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the database file, so that copying the file copies everything."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def seed_database(customers: int, cache_dir: Path) -> dict[str, Any]:
    """`guanxi migrate` then `guanxi seed --customers N` into a new cache entry; their wall times."""
    key = seed_key(customers)
    target = cache_dir / key
    building = cache_dir / f"{key}.partial"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    env = _env(building)
    timings: dict[str, Any] = {}
    for name, command in (
        ("migrate", [sys.executable, "-m", "guanxi", "migrate"]),
        (
            "seed",
            [sys.executable, "-m", "guanxi", "seed", "--customers", str(customers), "--seed", str(SEED)],
        ),
    ):
        print(f"  guanxi {' '.join(command[3:])} ...", flush=True)
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        timings[f"{name}_seconds"] = round(time.perf_counter() - started, 1)
        if done.returncode != 0:
            raise SystemExit(f"guanxi {name} failed:\n{done.stderr[-3000:]}")
        if name == "seed":
            timings["output"] = next((ln for ln in done.stdout.splitlines() if ln.startswith("seeded ")), "")
        print(f"    {timings[f'{name}_seconds']:.1f} s {timings.get('output', '')}", flush=True)
    _checkpoint(building / "guanxi.sqlite3")
    meta = {
        "key": key,
        "customers": customers,
        "seed": SEED,
        "seeded_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        **timings,
        "database_bytes": (building / "guanxi.sqlite3").stat().st_size,
    }
    (building / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    for old in cache_dir.glob(f"{customers}-*"):  # one entry per customer count: they are big
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return meta


def seeded_source(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The seeded data directory to copy from, and what is known about its seeding."""
    if args.data_dir is not None:
        meta_file = args.data_dir / "meta.json"
        meta = json.loads(meta_file.read_text()) if meta_file.exists() else {"key": "(given with --data-dir)"}
        return args.data_dir, {**meta, "reused": True}
    key = seed_key(args.customers)
    entry = args.cache_dir / key
    if args.reuse and (entry / "meta.json").exists():
        meta = json.loads((entry / "meta.json").read_text())
        print(f"reusing {entry} (seeded {meta['seeded_at']} in {meta['seed_seconds']:.0f} s)", flush=True)
        return entry, {**meta, "reused": True}
    if args.reuse:
        stale = sorted(p.name for p in args.cache_dir.glob(f"{args.customers}-*") if p.name != key)
        why = f" (cached: {', '.join(stale)}; the seed or migration code changed)" if stale else ""
        print(f"no cached database {key}{why}: seeding", flush=True)
    print(f"seeding {args.customers:,} customers into {entry} ...", flush=True)
    return entry, {**seed_database(args.customers, args.cache_dir), "reused": False}


def copy_database(source: Path, scratch: Path) -> float:
    started = time.perf_counter()
    for item in source.iterdir():
        if item.name == "meta.json" or item.name.endswith(("-wal", "-shm")):
            continue
        shutil.copyfile(item, scratch / item.name)
    wal = source / "guanxi.sqlite3-wal"
    if wal.exists() and wal.stat().st_size:
        raise SystemExit(f"{wal} is not empty: checkpoint it first (another process has the database open?)")
    return time.perf_counter() - started


# --- an earlier revision's code (--compare) ---------------------------------------------------------


def extract_code(rev: str, parent: Path) -> Path:
    """`backend/` of git revision `rev`, extracted under `parent`; the directory to put on PYTHONPATH."""
    target = parent / f"code-{rev}"
    target.mkdir()
    archive = subprocess.run(["git", "archive", rev, "backend"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "backend"


# --- the measured process -------------------------------------------------------------------------


def _use_data_dir(data_dir: Path, pragmas: str = "") -> None:
    for key in [k for k in os.environ if k.startswith("GUANXI_")]:
        del os.environ[key]
    os.environ.update(_settings_env(data_dir, pragmas))
    from guanxi.settings import reset_settings

    reset_settings()


def peak_rss_kib() -> int:
    """This process's peak resident set so far, in KiB: VmHWM, the high-water mark of its own memory.

    Not `ru_maxrss`: on Linux a process keeps the largest RSS of the program it replaced (execve
    records the old memory's peak), so a child started by subprocess (vfork + exec) reports at least
    its parent's peak RSS; wait4's figure is kept in the JSON as `ru_maxrss_kib` for reference."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _record_statements() -> list[dict[str, Any]]:
    """Time every statement that goes through `core.sql.Sql` (all of the segment code's SQL)."""
    from guanxi.core.sql import Sql

    statements: list[dict[str, Any]] = []
    rows, execute = Sql.rows, Sql.execute

    async def timed_rows(self: Sql, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        started = time.perf_counter()
        out = await rows(self, sql, params)
        statements.append({"sql": sql, "params": list(params), "seconds": time.perf_counter() - started,
                           "rows": len(out), "rss_kib": peak_rss_kib()})  # fmt: skip
        return out

    async def timed_execute(self: Sql, sql: str, params: Any = ()) -> int:
        started = time.perf_counter()
        out = await execute(self, sql, params)
        statements.append({"sql": sql, "params": list(params), "seconds": time.perf_counter() - started,
                           "changed": out, "rss_kib": peak_rss_kib()})  # fmt: skip
        return out

    Sql.rows, Sql.execute = timed_rows, timed_execute  # type: ignore[method-assign]
    return statements


def _short_sql(sql: str, limit: int = 160) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


async def _principal(kind: str) -> Any:
    from guanxi.accounts.models import User
    from guanxi.accounts.principal import Principal

    user = await User.get(email=ADMIN_EMAIL if kind == "admin" else AGENT_EMAIL)
    return Principal.for_user(user)


async def _child_op(args: argparse.Namespace, result: dict[str, Any]) -> None:
    from guanxi.core.sql import Sql
    from guanxi.segments import services

    op = args.op
    if op == "noop":
        return
    if op == "count":
        started = time.perf_counter()
        rows = await Sql().rows("SELECT COUNT(*) AS n FROM customer")
        result["seconds"] = time.perf_counter() - started
        result["result"] = {"count": int(rows[0]["n"])}
        return
    if op == "preview":
        principal = await _principal(args.principal)
        started = time.perf_counter()
        tree = await services.validated_rule(RULES[args.rule])
        count, ids = await services.preview(principal, tree)
        result["seconds"] = time.perf_counter() - started
        result["result"] = {"count": count, "first_ids": ids}
        return
    if op == "refresh":
        principal = await _principal("admin")
        started = time.perf_counter()
        change = await services.refresh_segment(args.segment, principal=principal)
        result["seconds"] = time.perf_counter() - started
        result["result"] = {"entered": change.entered, "left": change.left}
        return
    if op == "reevaluate":
        ids = [int(x) for x in args.ids.split(",")]
        started = time.perf_counter()
        changes = await services.reevaluate_customers(ids)
        result["seconds"] = time.perf_counter() - started
        result["result"] = {"customers": len(ids), "segments_changed": len(changes)}
        return
    raise SystemExit(f"unknown op {op}")


def cmd_child(args: argparse.Namespace) -> None:
    """One measured operation in this process; JSON on stdout."""
    _use_data_dir(args.data_dir, args.sqlite_pragmas)
    started = time.perf_counter()
    import guanxi
    from guanxi import db

    code = str(Path(guanxi.__file__).resolve().parent.parent)
    async def main() -> dict[str, Any]:
        await db.init()
        result: dict[str, Any] = {
            "op": args.op,
            "code": code,
            "init_seconds": time.perf_counter() - started,
            "rss_after_init_kib": peak_rss_kib(),
        }
        statements = _record_statements()
        try:
            await _child_op(args, result)
            result["rss_peak_self_kib"] = peak_rss_kib()
            result["statements"] = [
                {k: (_short_sql(v) if k == "sql" else round(v, 4) if k == "seconds" else v)
                 for k, v in s.items() if k != "params"}
                for s in statements
            ]  # fmt: skip
            if args.explain:
                from guanxi.core.sql import Sql

                sql = Sql()
                result["plans"] = []
                for s in list(statements):
                    if s["sql"].lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE")):
                        plan = await sql.rows("EXPLAIN QUERY PLAN " + s["sql"], s["params"])
                        result["plans"].append({"sql": s["sql"], "plan": _plan_text(plan)})
        finally:
            await db.close()
        return result

    print(json.dumps(asyncio.run(main()), ensure_ascii=False))


def _plan_text(rows: list[dict[str, Any]]) -> list[str]:
    """EXPLAIN QUERY PLAN rows as an indented tree, as the sqlite3 shell prints it."""
    depth: dict[int, int] = {0: -1}
    lines = []
    for row in rows:
        level = depth.get(int(row["parent"]), -1) + 1
        depth[int(row["id"])] = level
        lines.append("  " * level + str(row["detail"]))
    return lines


def run_child(
    data_dir: Path, op: str, *extra: str, explain: bool = False, code: Path | None = None, pragmas: str = ""
) -> dict[str, Any]:
    """Run `child` in a fresh process; its report plus the peak RSS seen by wait4 and its wall time."""
    command = [sys.executable, __file__, "child", "--data-dir", str(data_dir), "--op", op, *extra]
    if explain:
        command.append("--explain")
    if pragmas:
        command += ["--sqlite-pragmas", pragmas]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, env=_env(data_dir, code=code), cwd=ROOT, stdout=subprocess.PIPE, stderr=errors
        )
        out = process.stdout.read()  # type: ignore[union-attr]  # to the end, then reap it with wait4
        process.stdout.close()  # type: ignore[union-attr]
        _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: its peak RSS
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"child {op} {' '.join(extra)} failed ({process.returncode}):\n"
                             f"{errors.read().decode()[-3000:]}")  # fmt: skip
    report = json.loads(out.decode().strip().splitlines()[-1])
    if code is not None and not report["code"].startswith(str(code)):
        raise SystemExit(f"child {op} ran the code in {report['code']}, not {code}")
    report["rss_peak_kib"] = report["rss_peak_self_kib"]
    report["ru_maxrss_kib"] = (
        usage.ru_maxrss
    )  # Linux: KiB; at least this (parent) process's RSS, see peak_rss_kib
    report["process_wall_seconds"] = wall
    return report


# --- setting up the scratch database --------------------------------------------------------------


async def _setup() -> dict[str, Any]:
    """The agent's team, the segments to refresh (empty), and what the data holds."""
    from guanxi import db
    from guanxi.accounts.models import Team, User
    from guanxi.core.sql import Sql

    await db.init()
    try:
        team, _ = await Team.get_or_create(name=AGENT_TEAM)
        await User.filter(email=AGENT_EMAIL).update(team_id=team.pk)
        sql = Sql()
        facts = {}
        for name, query in (
            ("customers", "SELECT COUNT(*) AS n FROM customer"),
            ("live_customers", "SELECT COUNT(*) AS n FROM customer WHERE archived_at IS NULL AND erased_at IS NULL"),
            ("purchases", "SELECT COUNT(*) AS n FROM purchase"),
            ("customer_metrics_rows", "SELECT COUNT(*) AS n FROM customer_metrics"),
            ("customer_tags", "SELECT COUNT(*) AS n FROM customer_tag"),
            ("interactions", "SELECT COUNT(*) AS n FROM interaction"),
            ("agent_owns", f"SELECT COUNT(*) AS n FROM customer WHERE owner_id = "
                           f"(SELECT id FROM staff_user WHERE email = '{AGENT_EMAIL}')"),
        ):  # fmt: skip
            facts[name] = int((await sql.rows(query))[0]["n"])
        rows = await sql.rows("SELECT MIN(occurred_at) AS a, MAX(occurred_at) AS b FROM purchase")
        facts["purchases_from"], facts["purchases_to"] = rows[0]["a"], rows[0]["b"]
        facts["purchases_last_365_days"] = int(
            (
                await sql.rows(
                    "SELECT COUNT(*) AS n FROM purchase WHERE occurred_at >= datetime('now', '-365 days')"
                )
            )[0]["n"]
        )
        return facts
    finally:
        await db.close()


async def _create_segments(names: list[tuple[str, str]]) -> list[int]:
    """Empty DYNAMIC segments (label, rule name), not evaluated: as create_segment stores them."""
    from guanxi import db
    from guanxi.accounts.models import User
    from guanxi.segments import rules, services
    from guanxi.segments.models import Segment, SegmentKind

    await db.init()
    try:
        admin = await User.get(email=ADMIN_EMAIL)
        ids = []
        for label, rule in names:
            tree = await services.validated_rule(RULES[rule])
            segment = await Segment.create(
                name=f"bench {label}", kind=SegmentKind.DYNAMIC, rule=rules.stored(tree), owner_id=admin.pk
            )
            ids.append(segment.pk)
        return ids
    finally:
        await db.close()


async def _only_segments(keep: list[int]) -> None:
    """Delete every other segment (and its memberships)."""
    from guanxi import db
    from guanxi.core.sql import Sql

    await db.init()
    try:
        sql = Sql()
        marks = sql.placeholders(len(keep))
        await sql.execute(f"DELETE FROM segment_membership WHERE segment_id NOT IN ({marks})", keep)
        await sql.execute(f"DELETE FROM segment WHERE id NOT IN ({marks})", keep)
    finally:
        await db.close()


async def _reevaluation_ids(segment_a: int, n: int, seed: int) -> list[int]:
    """`n` customers to re-evaluate: half current members of segment A, half any live customers."""
    from guanxi import db
    from guanxi.core.sql import Sql

    rng = random.Random(seed)
    await db.init()
    try:
        sql = Sql()
        members = [int(r["customer_id"]) for r in await sql.rows(
            "SELECT customer_id FROM segment_membership WHERE segment_id = ? AND exited_at IS NULL", [segment_a]
        )]  # fmt: skip
        picked = set(rng.sample(members, min(len(members), n // 2)))
        top = int((await sql.rows("SELECT MAX(id) AS n FROM customer"))[0]["n"])
        while len(picked) < n:
            draw = sorted({rng.randint(1, top) for _ in range(n)})
            live = await sql.rows(
                f"SELECT id FROM customer WHERE archived_at IS NULL AND erased_at IS NULL "
                f"AND id IN ({sql.placeholders(len(draw))})",
                draw,
            )
            picked.update(int(r["id"]) for r in live[: n - len(picked)])
    finally:
        await db.close()
    return sorted(picked)


# --- the orchestrator -----------------------------------------------------------------------------


def _summary(runs: list[dict[str, Any]], baseline_s: float | None, goal: float | None) -> dict[str, Any]:
    seconds = [r["seconds"] for r in runs]
    rss = [r["rss_peak_kib"] / 1024 for r in runs]
    median = statistics.median(seconds)
    out = {
        "median_s": round(median, 4),
        "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "runs_s": [round(s, 4) for s in seconds],
        "peak_rss_mib": round(statistics.median(rss), 1),
        "peak_rss_max_mib": round(max(rss), 1),
        "result": runs[0].get("result"),
    }
    if baseline_s:
        out["ratio_to_count"] = round(median / baseline_s, 1)
    if goal is not None:
        out["goal_s"] = goal
        out["meets_goal"] = median < goal
    # the median time of each statement over the runs (same statements in the same order)
    if runs[0].get("statements") and all(len(r["statements"]) == len(runs[0]["statements"]) for r in runs):
        out["statements"] = [
            {
                "sql": s["sql"],
                "median_s": round(statistics.median(r["statements"][i]["seconds"] for r in runs), 4),
                "rss_after_mib": round(max(r["statements"][i]["rss_kib"] for r in runs) / 1024, 1),
                **{k: s[k] for k in ("rows", "changed") if k in s},
            }
            for i, s in enumerate(runs[0]["statements"])
        ]
    return out


def cmd_run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    source, seeding = seeded_source(args)
    scratch = Path(tempfile.mkdtemp(prefix="guanxi-bench-segments-", dir=args.scratch_parent))
    measurements: dict[str, list[dict[str, Any]]] = {}
    plans: dict[str, list[dict[str, Any]]] = {}
    labels: dict[str, str] = {}

    # The app code measured: the installed one, and with --compare an earlier revision's (tag "@REV").
    codes: list[tuple[Path | None, str]] = [(None, "")]

    def measure(
        key: str, label: str, op: str, *extra: str, explain: bool = False, code: tuple[Path | None, str] = (None, "")
    ) -> dict[str, Any]:
        key, label = key + code[1], label + (f" [{code[1][1:]}]" if code[1] else "")
        labels[key] = label
        report = run_child(scratch, op, *extra, explain=explain, code=code[0], pragmas=args.sqlite_pragmas)
        measurements.setdefault(key, []).append(report)
        if "plans" in report:
            plans[key] = report.pop("plans")
        seconds = report.get("seconds")
        shown = f"{seconds:8.3f} s" if seconds is not None else "       - s"
        result = report.get("result")
        print(f"  {label:<56} {shown}  peak RSS {report['rss_peak_kib'] / 1024:7.1f} MiB"
              f"{'  ' + json.dumps(result, ensure_ascii=False)[:90] if result else ''}", flush=True)  # fmt: skip
        return report

    try:
        copy_seconds = copy_database(source, scratch)
        print(f"copied {source.name} to {scratch} in {copy_seconds:.1f} s", flush=True)
        if args.extra_sql:
            import sqlite3

            extra_started = time.perf_counter()
            with sqlite3.connect(scratch / "guanxi.sqlite3") as conn:
                conn.executescript(args.extra_sql)
            print(
                f"ran --extra-sql in {time.perf_counter() - extra_started:.1f} s: {args.extra_sql}",
                flush=True,
            )
        if args.compare:
            codes.append((extract_code(args.compare, scratch), f"@{args.compare}"))
            print(f"comparing with the code of {args.compare} ({codes[1][0]})", flush=True)
        _use_data_dir(scratch, args.sqlite_pragmas)
        runs = args.runs
        # a new segment for each first refresh: per rule, per code, per run
        refresh_ids = {(rule, tag): asyncio.run(_create_segments([(f"{rule} first refresh {i + 1}{tag}", rule)
                                                                   for i in range(runs)]))
                       for rule in ("A", "B") for _, tag in codes}  # fmt: skip
        facts = asyncio.run(_setup())
        print(f"data: {json.dumps(facts, ensure_ascii=False)}", flush=True)

        phases = set(args.only.split(","))
        print("baselines" + (" and previews:" if "preview" in phases else ":"), flush=True)
        for i in range(runs):
            measure("noop", "baseline: process after db.init(), nothing", "noop")
            measure("count", "baseline: SELECT COUNT(*) FROM customer", "count")
            if "preview" not in phases:
                continue
            for rule in ("A", "B"):
                for who in ("admin", "agent"):
                    for code in codes:
                        measure(f"preview_{rule}_{who}", f"previewSegment rule {rule} as {who.upper()}", "preview",
                                "--rule", rule, "--principal", who, explain=i == 0, code=code)  # fmt: skip

        refreshed: set[int] = set()
        if "refresh" in phases:
            print("refreshSegment:", flush=True)
            for i in range(runs):
                for rule in ("A", "B"):
                    for code in codes:
                        segment = refresh_ids[(rule, code[1])][i]
                        measure(f"refresh_first_{rule}", f"refreshSegment rule {rule}, first (all enter)",
                                "refresh", "--segment", str(segment), explain=i == 0, code=code)  # fmt: skip
                        refreshed.add(segment)
                for rule in ("A", "B"):
                    for code in codes:
                        segment = refresh_ids[(rule, code[1])][i]
                        measure(f"refresh_again_{rule}", f"refreshSegment rule {rule}, again (no change)",
                                "refresh", "--segment", str(segment), code=code)  # fmt: skip

        batch: list[int] = []
        if "adjust" in phases:
            print("dynamic adjustment (reevaluate_customers) with 5 dynamic segments:", flush=True)
            five = [refresh_ids[("A", "")][0], refresh_ids[("B", "")][0],
                    *asyncio.run(_create_segments([("C", "C"), ("D", "D"), ("E", "E")]))]  # fmt: skip
            asyncio.run(_only_segments(five))  # the demo seed's segments and the other bench ones go
            for segment in five:
                if segment not in refreshed:
                    measure("refresh_setup", "refreshSegment, first, of the 5 (setup)", "refresh",
                            "--segment", str(segment))  # fmt: skip
            batch = asyncio.run(_reevaluation_ids(five[0], BATCH, seed=1))
            for i in range(runs):
                for code in codes:
                    measure("reevaluate_1", "reevaluate_customers: 1 customer", "reevaluate", "--ids", str(batch[0]),
                            code=code)  # fmt: skip
                for code in codes:
                    measure("reevaluate_500", f"reevaluate_customers: {len(batch)} customers", "reevaluate",
                            "--ids", ",".join(map(str, batch)), explain=i == 0, code=code)  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"kept {scratch}")

    import sqlite3

    count_s = statistics.median(r["seconds"] for r in measurements["count"])
    goals = {"preview": PREVIEW_GOAL_S, "refresh": REFRESH_GOAL_S}
    summaries = {}
    for key, runs_ in measurements.items():
        if key == "noop":
            rss = [r["rss_peak_kib"] / 1024 for r in runs_]
            summaries[key] = {
                "peak_rss_mib": round(statistics.median(rss), 1),
                "peak_rss_max_mib": round(max(rss), 1),
                "init_s": round(statistics.median(r["init_seconds"] for r in runs_), 3),
                "process_wall_s": round(statistics.median(r["process_wall_seconds"] for r in runs_), 3),
            }
            continue
        goal = next(
            (g for prefix, g in goals.items() if key.startswith(prefix) and key != "refresh_setup"), None
        )
        summaries[key] = _summary(runs_, count_s, goal)
    result: dict[str, Any] = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "seeding": seeding,
        "data": facts,
        "copy_seconds": round(copy_seconds, 1),
        "runs": args.runs,
        "tried": {
            "compare": args.compare,
            "sqlite_pragmas": args.sqlite_pragmas,
            "extra_sql": args.extra_sql,
        },
        "rules": RULES,
        "reevaluated_ids": {"one": batch[0], "batch": batch} if batch else None,
        "labels": labels,
        "measurements": summaries,
        "plans": plans,
        "every_run": {
            k: [{x: y for x, y in r.items() if x != "statements"} for r in v] for k, v in measurements.items()
        },
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    out = args.output
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(_report(result))
    print(f"\nwritten to {out} ({result['total_seconds']:.0f} s in all)")


def _report(result: dict[str, Any]) -> str:
    m = result["measurements"]
    base_rss = m["noop"]["peak_rss_mib"]
    lines = []
    for key, plan in result["plans"].items():
        lines.append(f"EXPLAIN QUERY PLAN, {result['labels'][key]}:")
        for p in plan:
            lines.append(f"  {_short_sql(p['sql'], 150)}")
            lines.extend(f"    {line}" for line in p["plan"])
    lines.append("")
    seeding = result["seeding"]
    data = result["data"]
    lines.append(
        f"data: {data['customers']:,} customers ({data['live_customers']:,} live), {data['purchases']:,} purchases "
        f"({data['purchases_last_365_days']:,} in the last 365 days), seeded {seeding.get('seeded_at', '?')}"
        + (f" by `guanxi seed` in {seeding['seed_seconds']:.0f} s" if "seed_seconds" in seeding else "")
        + (" (reused)" if seeding.get("reused") else "")
    )
    lines.append(
        f"{result['runs']} runs each, one fresh process per run; baseline process: peak RSS {base_rss:.1f} MiB, "
        f"db.init() {m['noop']['init_s']:.2f} s"
    )
    header = f"{'measurement':<56} {'median s':>9} {'range s':>17} {'× COUNT':>8} {'peak RSS MiB':>13} {'+ base':>7}  goal"
    lines.append(header)
    lines.append("-" * len(header))
    for key, label in result["labels"].items():
        if key == "noop":
            continue
        s = m[key]
        goal = ""
        if "goal_s" in s:
            goal = f"< {s['goal_s']:.0f} s {'ok' if s['meets_goal'] else 'MISSED'}"
        res = s.get("result") or {}
        extra = f"  [{res['count']:,} match]" if "count" in res and key != "count" else ""
        extra += f"  [{res['entered']:,} entered, {res['left']:,} left]" if "entered" in res else ""
        lines.append(
            f"{label:<56} {s['median_s']:>9.3f} {s['min_s']:>8.3f}-{s['max_s']:<8.3f} {s.get('ratio_to_count', 0):>8.1f}"
            f" {s['peak_rss_mib']:>13.1f} {s['peak_rss_mib'] - base_rss:>+7.1f}  {goal}{extra}"
        )
    compare = result["tried"].get("compare")
    if compare:
        lines.append("")
        lines.append(f"against the code of {compare} (same data, interleaved runs):")
        for key, label in result["labels"].items():
            old = m.get(f"{key}@{compare}")
            if old is None or "@" in key:
                continue
            new = m[key]
            same = "same result" if old.get("result") == new.get("result") else "RESULTS DIFFER"
            lines.append(
                f"  {label:<44} {old['median_s']:>8.3f} s -> {new['median_s']:>7.3f} s"
                f"  ({old['median_s'] / max(new['median_s'], 1e-9):5.1f}x)  {same}"
            )
    lines.append("")
    lines.append("statements (median s over the runs):")
    for key in ("preview_A_admin", "preview_B_admin", "refresh_first_A", "refresh_again_A", "reevaluate_500"):
        for st in m.get(key, {}).get("statements", []):
            lines.append(f"  {key:<16} {st['median_s']:>8.3f}  {st['sql'][:110]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument(
        "--customers", type=int, default=1_000_000, help="customers to seed (default 1000000)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the cached seeded database when its key matches"
    )
    parser.add_argument("--data-dir", type=Path, help="measure a copy of this seeded data directory instead")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where seeded databases are kept")
    parser.add_argument("--scratch-parent", help="where the scratch copy goes (default: the system temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument(
        "--only", default="preview,refresh,adjust", help="phases to run (default preview,refresh,adjust)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "segments.json")
    parser.add_argument("--seed-only", action="store_true", help="seed (into the cache) and stop")
    parser.add_argument(
        "--compare", metavar="REV", help="also measure git revision REV's app code, interleaved (e.g. main~1)"
    )
    parser.add_argument(
        "--sqlite-pragmas", default="", help='PRAGMAs on the URL, e.g. "mmap_size=2147483648"'
    )
    parser.add_argument("--extra-sql", help="SQL to run on the scratch copy first (to try an index, ANALYZE)")
    child = sub.add_parser("child", help="(internal) one measured operation")
    child.add_argument("--data-dir", type=Path, required=True)
    child.add_argument("--op", required=True, choices=("noop", "count", "preview", "refresh", "reevaluate"))
    child.add_argument("--rule", choices=sorted(RULES))
    child.add_argument("--principal", choices=("admin", "agent"), default="admin")
    child.add_argument("--segment", type=int)
    child.add_argument("--ids")
    child.add_argument("--explain", action="store_true")
    child.add_argument("--sqlite-pragmas", default="")
    args = parser.parse_args()
    if args.command == "child":
        cmd_child(args)
    elif args.seed_only:
        print(json.dumps(seed_database(args.customers, args.cache_dir), indent=2, ensure_ascii=False))
    else:
        cmd_run(args)


if __name__ == "__main__":
    main()
