"""`guanxi ...` commands. Every command reads the GUANXI_* settings (settings.py)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from guanxi.settings import get_settings

DEMO_ADMIN_EMAIL = "admin@guanxi.local"
DEMO_ADMIN_PASSWORD = "Guanxi-demo-2026"


class Progress:
    """A bar on a terminal, plain lines otherwise (logs, CI)."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, max(total, 1)
        self.tty = sys.stderr.isatty()
        self.last_line = -1.0
        self.started = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = int(width * done / self.total)
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
            if done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif done >= self.total or now - self.last_line >= 2:
            self.last_line = now
            print(f"{self.label}: {done}/{self.total}", file=sys.stderr, flush=True)


def _run(coro_factory: Callable[[], Awaitable[Any]], *, migrate: bool = True) -> Any:
    from guanxi import db

    async def main() -> Any:
        if migrate:
            await db.migrate()
        await db.init()
        try:
            return await coro_factory()
        finally:
            await db.close()

    return asyncio.run(main())


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from guanxi.app import create_app

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    if args.seed_if_empty:
        _run(lambda: _seed_if_empty(args.customers))
    print(f"Guanxi is serving on http://{host}:{port}  (API and GraphiQL: http://{host}:{port}/graphql)")
    if args.seed_if_empty:
        print(f"Sign in as {DEMO_ADMIN_EMAIL} with password {DEMO_ADMIN_PASSWORD}")
    if args.workers > 1:
        from guanxi import db

        asyncio.run(db.migrate(settings))  # once, before the workers start
        if settings.broker_url.startswith("memory"):
            print("note: without GUANXI_BROKER_URL each worker has its own live events (use Redis)")
        uvicorn.run(
            "guanxi.app:create_worker_app",
            factory=True,
            host=host,
            port=port,
            log_level=settings.log_level.lower(),
            workers=args.workers,
            proxy_headers=True,
        )
        return
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        workers=None,
        proxy_headers=True,
    )


def cmd_migrate(args: argparse.Namespace) -> None:
    from guanxi import db

    asyncio.run(db.migrate())
    print("migrations applied")


async def _ensure_demo_admin() -> None:
    from guanxi.accounts.models import Role, User
    from guanxi.accounts.services import create_user

    if not await User.filter(email=DEMO_ADMIN_EMAIL).exists():
        await create_user(
            email=DEMO_ADMIN_EMAIL, name="Demo Admin", role=Role.ADMIN, password=DEMO_ADMIN_PASSWORD
        )


async def _seed_if_empty(customers: int) -> None:
    from guanxi.customers.models import Customer

    await _ensure_demo_admin()
    if await Customer.all().exists():
        return
    print(f"The database is empty: seeding {customers} demo customers ...", flush=True)
    await _seed(customers, 1)


async def _seed(customers: int, seed: int) -> None:
    from guanxi.customers.seed import seed_demo_data
    from guanxi.feedback.seed import seed_demo_feedback
    from guanxi.interactions.seed import seed_demo_contacts
    from guanxi.loyalty.seed import seed_demo_loyalty
    from guanxi.segments.seed import seed_demo_segments

    started = time.monotonic()
    await _ensure_demo_admin()
    summary = await seed_demo_data(customers=customers, seed=seed, progress=Progress("customers", customers))
    contacts = await seed_demo_contacts(seed=seed)
    feedback = await seed_demo_feedback(seed=seed)
    segments = await seed_demo_segments()
    loyalty = await seed_demo_loyalty(seed=seed)
    elapsed = time.monotonic() - started
    print(f"seeded {summary}, {contacts}, {feedback}, {segments}, {loyalty} in {elapsed:.1f} s")


def cmd_seed(args: argparse.Namespace) -> None:
    _run(lambda: _seed(args.customers, args.seed))


def cmd_token_create(args: argparse.Namespace) -> None:
    from guanxi.accounts.models import Role
    from guanxi.accounts.services import create_bearer_token, team_named

    async def create() -> str:
        return await create_bearer_token(
            name=args.name, role=Role(args.role), team=await team_named(args.team)
        )

    secret = _run(create)
    print(f"Bearer token for {args.name} ({args.role}); send it as 'Authorization: Bearer <token>':")
    print(secret)


def cmd_user_create(args: argparse.Namespace) -> None:
    from guanxi.accounts.models import Role
    from guanxi.accounts.services import create_user, team_named
    from guanxi.core.errors import DomainError

    password = args.password
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("Password: ")

    async def create() -> Any:
        return await create_user(
            email=args.email,
            name=args.name or args.email,
            role=Role(args.role),
            password=password,
            team=await team_named(args.team),
        )

    try:
        user = _run(create)
    except DomainError as exc:
        sys.exit(f"error: {exc.message}")
    print(f"created {user.role} {user.email}")


def cmd_user_revoke_sessions(args: argparse.Namespace) -> None:
    from guanxi.accounts.models import TokenKind
    from guanxi.accounts.services import revoke_user_tokens
    from guanxi.core.errors import DomainError

    kinds = (TokenKind.SESSION,) if args.sessions_only else (TokenKind.SESSION, TokenKind.BEARER)
    try:
        count = _run(lambda: revoke_user_tokens(email=args.email, kinds=kinds))
    except DomainError as exc:
        sys.exit(f"error: {exc.message}")
    print(f"revoked {count} sessions and tokens of {args.email}")


def cmd_apikey_create(args: argparse.Namespace) -> None:
    from datetime import timedelta

    from guanxi.accounts.apikeys import create_api_key
    from guanxi.core import clock
    from guanxi.core.errors import DomainError, DomainErrors

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    expires_at = clock.now() + timedelta(days=args.expires_days) if args.expires_days else None
    try:
        key, secret = _run(
            lambda: create_api_key(
                principal=None,
                name=args.name,
                scopes=scopes,
                expires_at=expires_at,
                rate_limit_per_minute=args.rate_limit,
                actor=_cli_actor(),
            )
        )
    except (DomainError, DomainErrors) as exc:
        sys.exit(f"error: {exc}")
    print(f"API key {key.name!r} ({', '.join(key.scopes)}); the secret is shown only now.")
    print("Send it as 'Authorization: Bearer <secret>':")
    print(secret)


def cmd_apikey_list(args: argparse.Namespace) -> None:
    from guanxi.accounts.models import ApiKey

    for key in _run(lambda: ApiKey.all().order_by("id")):
        state = "revoked" if key.revoked_at else "active"
        print(f"{key.pk}\t{key.prefix}…\t{state}\t{key.name}\t{','.join(key.scopes)}")


def cmd_apikey_revoke(args: argparse.Namespace) -> None:
    from guanxi.accounts.apikeys import revoke_api_key
    from guanxi.core.errors import DomainError

    try:
        key = _run(lambda: revoke_api_key(key_id=args.id, actor=_cli_actor()))
    except DomainError as exc:
        sys.exit(f"error: {exc.message}")
    print(f"revoked API key {key.pk} ({key.name})")


def cmd_keys_rotate(args: argparse.Namespace) -> None:
    from guanxi.core import crypto
    from guanxi.customers.pii import reencrypt_all

    if not args.reencrypt_only:
        try:
            ring = crypto.rotate()
        except RuntimeError as exc:
            sys.exit(f"error: {exc}")
        print(f"new data key {ring.current}; the older keys stay readable")

    async def reencrypt() -> int:
        from guanxi.accounts import audit
        from guanxi.accounts.models import AuditAction

        changed = await reencrypt_all(progress=Progress("rows", 0))
        await audit.record(
            principal=None,
            actor=_cli_actor(),
            action=AuditAction.KEYS_ROTATED,
            details={"key": crypto.keyring().current, "rows": changed},
        )
        return changed

    changed = _run(reencrypt)
    print(f"re-encrypted {changed} rows under key {crypto.keyring().current}")


def _cli_actor() -> Any:
    """Who the audit log names for changes made from the shell: the operating-system user."""
    from guanxi.accounts.audit import actor_of

    try:
        who = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        who = "unknown"
    return actor_of(None, name=f"guanxi CLI ({who})")


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "-"


def cmd_export_segment(args: argparse.Namespace) -> None:
    """Write a segment's members as CSV, as the staff user `--as` would see them (rows and masking)."""

    async def export() -> int:
        from guanxi.accounts.models import User
        from guanxi.accounts.principal import Principal
        from guanxi.core.errors import DomainError
        from guanxi.graphql.core.ids import parse_global_id
        from guanxi.segments.export import members_csv

        parsed = parse_global_id(args.segment_id)
        segment_id = parsed[1] if parsed and parsed[0] == "Segment" else None
        if segment_id is None and args.segment_id.isdigit():
            segment_id = int(args.segment_id)
        if segment_id is None:
            sys.exit(f"error: {args.segment_id!r} is not a segment id")
        user = await User.get_or_none(email=args.as_user.strip().lower(), is_active=True)
        if user is None:
            sys.exit(f"error: no active staff user {args.as_user}")
        principal = Principal.for_user(user)
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115, ASYNC230 - a local file, written as rows arrive
        lines = -1
        try:
            async for chunk in members_csv(principal, segment_id):
                out.write(chunk)
                lines += chunk.count("\n")
        except DomainError as exc:
            sys.exit(f"error: {exc.message}")
        finally:
            if args.output:
                out.close()
        return lines

    rows = _run(export)
    print(f"{rows} members exported", file=sys.stderr)


def cmd_loyalty_verify(args: argparse.Namespace) -> None:
    """Exit 1 when any account's balance differs from its ledger's sum (or its lots' rest)."""
    from guanxi.loyalty.verify import verify

    checked, bad = _run(verify)
    for m in bad:
        print(f"account {m.account_id}: balance {m.balance}, ledger sum {m.ledger}, lots {m.lots}")
    print(f"{checked} accounts checked, {len(bad)} mismatched")
    if bad:
        sys.exit(1)


def cmd_loyalty_expire(args: argparse.Namespace) -> None:
    from guanxi.loyalty.jobs import expire_due

    expired = _run(expire_due)
    print(f"expired {expired.points} points in {expired.lots} lots")


def cmd_jobs_run(args: argparse.Namespace) -> None:
    from guanxi.jobs import scheduler

    for name, result in _run(scheduler.run_once).items():
        print(f"{name}: {result}")


def cmd_audit(args: argparse.Namespace) -> None:
    """Print audit events, newest first: time, actor, action, record, ip, request id (tab-separated)."""
    import re
    from datetime import UTC, datetime

    from guanxi.accounts import audit
    from guanxi.accounts.models import AuditAction, AuditActorKind

    if args.record_id is not None and not args.record_type:
        sys.exit("error: --record-id needs --record-type")
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            sys.exit(f"error: --since {args.since!r} is not an ISO date or time (e.g. 2026-01-31T08:00)")
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
    actor_kind = actor_id = actor_name = None
    if args.actor:
        exact = re.fullmatch(r"(user|apikey):(\d+)", args.actor.strip())
        if exact:
            actor_kind = AuditActorKind.USER if exact.group(1) == "user" else AuditActorKind.API_KEY
            actor_id = int(exact.group(2))
        else:
            actor_name = args.actor.strip()

    async def fetch() -> list[Any]:
        queryset = audit.events(
            actor_kind=actor_kind,
            actor_id=actor_id,
            actor_name=actor_name,
            actions=[AuditAction(a) for a in args.action or []],
            record_type=args.record_type,
            record_id=args.record_id,
            since=since,
        )
        return list(await queryset.limit(args.limit))

    prefixes = {AuditActorKind.USER: "user", AuditActorKind.API_KEY: "apikey"}
    for event in _run(fetch):
        actor = _one_line(event.actor_name)
        if event.actor_kind in prefixes and event.actor_id is not None:
            actor = f"{actor} ({prefixes[AuditActorKind(event.actor_kind)]}:{event.actor_id})"
        record = event.record_type or "-"
        if event.record_id is not None:
            record = f"{record}:{event.record_id}"
        fields = [
            event.occurred_at.astimezone(UTC).isoformat(timespec="seconds"),
            actor,
            str(event.action),
            record,
            event.ip_address or "-",
            _one_line(event.request_id or ""),
        ]
        print("\t".join(fields))


def cmd_export_schema(args: argparse.Namespace) -> None:
    from guanxi.graphql.schema import sdl

    sys.stdout.write(sdl())


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guanxi", description="Guanxi CRM")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the API and the web app")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--seed-if-empty", action="store_true", help="create the demo admin and data on first start"
    )
    serve.add_argument(
        "--customers", type=int, default=500, help="demo customers to seed (with --seed-if-empty)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (share live events through GUANXI_BROKER_URL)",
    )
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed", help="add realistic demo data (deterministic for a --seed)")
    seed.add_argument("--customers", type=int, default=500)
    seed.add_argument("--seed", type=int, default=1)
    seed.set_defaults(func=cmd_seed)

    token = sub.add_parser("token", help="bearer tokens").add_subparsers(dest="action", required=True)
    create = token.add_parser("create", help="create a token (and the staff user NAME if needed)")
    create.add_argument("--role", required=True, choices=["ADMIN", "MANAGER", "AGENT", "ANALYST"])
    create.add_argument("--name", required=True)
    create.add_argument("--team", help="the user's team (created if new)")
    create.set_defaults(func=cmd_token_create)

    user = sub.add_parser("user", help="staff users").add_subparsers(dest="action", required=True)
    ucreate = user.add_parser("create", help="create a staff user")
    ucreate.add_argument("--email", required=True)
    ucreate.add_argument("--role", required=True, choices=["ADMIN", "MANAGER", "AGENT", "ANALYST"])
    ucreate.add_argument("--name")
    ucreate.add_argument("--password")
    ucreate.add_argument("--team", help="the user's team (created if new)")
    ucreate.set_defaults(func=cmd_user_create)
    urevoke = user.add_parser(
        "revoke-sessions", help="sign a user out everywhere (sessions and bearer tokens)"
    )
    urevoke.add_argument("--email", required=True)
    urevoke.add_argument("--sessions-only", action="store_true", help="keep bearer tokens")
    urevoke.set_defaults(func=cmd_user_revoke_sessions)

    apikey = sub.add_parser("apikey", help="partners' API keys").add_subparsers(dest="action", required=True)
    acreate = apikey.add_parser("create", help="create a key; prints the secret on the last line")
    acreate.add_argument("--name", required=True)
    acreate.add_argument(
        "--scopes", required=True, help="comma-separated, e.g. customers:read,purchases:write"
    )
    acreate.add_argument("--expires-days", type=int, help="valid for this many days (default: no expiry)")
    acreate.add_argument("--rate-limit", type=int, help="cost points per minute (default: the server's)")
    acreate.set_defaults(func=cmd_apikey_create)
    apikey.add_parser("list", help="list keys").set_defaults(func=cmd_apikey_list)
    arevoke = apikey.add_parser("revoke", help="revoke a key")
    arevoke.add_argument("--id", type=int, required=True)
    arevoke.set_defaults(func=cmd_apikey_revoke)

    keys = sub.add_parser("keys", help="encryption keys of personal data").add_subparsers(
        dest="action", required=True
    )
    rotate = keys.add_parser(
        "rotate", help="new data key, then re-encrypt every personal value (reads keep working)"
    )
    rotate.add_argument("--reencrypt-only", action="store_true", help="only re-encrypt under the current key")
    rotate.set_defaults(func=cmd_keys_rotate)

    from guanxi.accounts.models import AuditAction

    audit_cmd = sub.add_parser(
        "audit",
        help="print the audit log, newest first (tab-separated: time, actor, action, record, ip, request id)",
    )
    audit_cmd.add_argument(
        "--action",
        action="append",
        type=str.upper,
        choices=[a.value for a in AuditAction],
        help="only this kind of event (repeat for several)",
    )
    audit_cmd.add_argument("--actor", help="part of the actor's name, or user:ID / apikey:ID")
    audit_cmd.add_argument("--record-type", help="e.g. Customer, ApiKey, User")
    audit_cmd.add_argument("--record-id", type=int, help="with --record-type: one record")
    audit_cmd.add_argument("--since", help="ISO date or time; UTC unless it names a zone")
    audit_cmd.add_argument("--limit", type=_positive, default=100, help="at most this many (default 100)")
    audit_cmd.set_defaults(func=cmd_audit)

    sub.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(func=cmd_export_schema)
    export = sub.add_parser("export", help="export data as CSV").add_subparsers(dest="what", required=True)
    eseg = export.add_parser("segment", help="a segment's current members, masked as the --as user sees them")
    eseg.add_argument("segment_id", help="the segment's id: its number, or the id in its web address")
    eseg.add_argument("--as", dest="as_user", required=True, help="email of the staff user whose rights apply")
    eseg.add_argument("--output", "-o", help="file to write (default: standard output)")
    eseg.set_defaults(func=cmd_export_segment)
    loyalty = sub.add_parser("loyalty", help="the loyalty program").add_subparsers(dest="action", required=True)
    loyalty.add_parser(
        "verify", help="check every balance equals its ledger's sum; exits 1 on a mismatch"
    ).set_defaults(func=cmd_loyalty_verify)
    loyalty.add_parser("expire", help="expire points past the program's lifetime (the scheduler does it too)").set_defaults(
        func=cmd_loyalty_expire
    )
    jobs = sub.add_parser("jobs", help="periodic work (the server runs it every GUANXI_SCHEDULER_INTERVAL s)")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True)
    jobs_sub.add_parser("run", help="run every periodic job once (e.g. from cron)").set_defaults(
        func=cmd_jobs_run
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    args.func(args)
