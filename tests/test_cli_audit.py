"""`guanxi audit`: the audit log in the shell, and the key changes made from the shell."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime, timedelta

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, AuditActorKind, AuditEvent
from guanxi.core import clock
from tests.test_cli import run

START = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def lines(*args: str) -> list[list[str]]:
    return [line.split("\t") for line in run("audit", *args).stdout.splitlines()]


async def _history(admin, agent) -> None:
    for minutes, who, action, record, request in (
        (0, admin, AuditAction.LOGIN, None, RequestInfo(ip="203.0.113.7", request_id="req-a")),
        (1, agent, AuditAction.UPDATE, 5, None),
        (2, agent, AuditAction.PII_READ, 5, None),
        (3, None, AuditAction.LOGIN_FAILED, None, RequestInfo(ip="198.51.100.9", request_id="req-b")),
    ):
        clock.freeze(START + timedelta(minutes=minutes))
        try:
            await audit.record(
                principal=who.principal if who else None,
                actor=audit.ANONYMOUS if who is None else None,
                action=action,
                record_type="Customer" if record else None,
                record_id=record,
                details={"email": "x@example.com", "reason": "UNKNOWN_EMAIL"} if who is None else None,
                request=request,
            )
        finally:
            clock.freeze(None)


async def test_audit_prints_one_tab_separated_line_per_event_newest_first(admin, agent):
    await _history(admin, agent)
    a, g = admin.user.pk, agent.user.pk
    assert lines() == [
        ["2026-05-01T08:03:00+00:00", "anonymous", "LOGIN_FAILED", "-", "198.51.100.9", "req-b"],
        ["2026-05-01T08:02:00+00:00", f"Alan Agent (user:{g})", "PII_READ", "Customer:5", "-", "-"],
        ["2026-05-01T08:01:00+00:00", f"Alan Agent (user:{g})", "UPDATE", "Customer:5", "-", "-"],
        ["2026-05-01T08:00:00+00:00", f"Ada Admin (user:{a})", "LOGIN", "-", "203.0.113.7", "req-a"],
    ]


async def test_audit_filters_like_the_api(admin, agent):
    await _history(admin, agent)

    def actions(*args: str) -> list[str]:
        return [fields[2] for fields in lines(*args)]

    assert actions("--action", "login_failed", "--action", "LOGIN") == ["LOGIN_FAILED", "LOGIN"]
    assert actions("--actor", "ada") == ["LOGIN"]
    assert actions("--actor", f"user:{agent.user.pk}") == ["PII_READ", "UPDATE"]
    assert actions("--record-type", "Customer", "--record-id", "5", "--action", "UPDATE") == ["UPDATE"]
    assert actions("--since", "2026-05-01T08:02", "--limit", "1") == ["LOGIN_FAILED"]
    assert actions("--since", "2026-05-01T10:02+02:00") == ["LOGIN_FAILED", "PII_READ"]


def test_audit_refuses_bad_arguments(db):
    result = run("audit", "--record-id", "5", check=False)
    assert result.returncode != 0 and "--record-id needs --record-type" in result.stderr
    result = run("audit", "--since", "yesterday", check=False)
    assert result.returncode != 0 and "not an ISO date" in result.stderr
    result = run("audit", "--limit", "0", check=False)
    assert result.returncode != 0 and "positive" in result.stderr
    result = run("audit", "--action", "DROP_TABLES", check=False)
    assert result.returncode != 0 and "invalid choice" in result.stderr


async def test_key_changes_made_in_the_shell_are_recorded_as_the_system(db):
    run("apikey", "create", "--name", "Survey tool", "--scopes", "customers:read")
    key_id = run("apikey", "list").stdout.split("\t")[0]
    run("apikey", "revoke", "--id", key_id)

    events = await AuditEvent.all().order_by("id")
    cli = f"guanxi CLI ({getpass.getuser()})"
    assert [(e.action, e.actor_kind, e.actor_name, e.record_type, e.record_id) for e in events] == [
        (AuditAction.API_KEY_CREATED, AuditActorKind.SYSTEM, cli, "ApiKey", int(key_id)),
        (AuditAction.API_KEY_REVOKED, AuditActorKind.SYSTEM, cli, "ApiKey", int(key_id)),
    ]
    assert [fields[1:4] for fields in lines("--record-type", "ApiKey")] == [
        [cli, "API_KEY_REVOKED", f"ApiKey:{key_id}"],
        [cli, "API_KEY_CREATED", f"ApiKey:{key_id}"],
    ]
