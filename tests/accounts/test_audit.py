"""The audit log's services: who is recorded, what is never recorded, and that rows never change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from guanxi.accounts import apikeys, audit, services
from guanxi.accounts.audit import PiiReads, RequestInfo
from guanxi.accounts.models import ApiKey, AppendOnlyError, AuditAction, AuditActorKind, AuditEvent, User
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import DomainError, DomainErrors
from tests.conftest import PASSWORD

HERE = RequestInfo(ip="203.0.113.7", request_id="req-1")


def _inserts(statements: list[str]) -> list[str]:
    return [s for s in statements if "audit_event" in s]


# --- record ----------------------------------------------------------------------------------


async def test_record_names_a_user_with_where_and_when(admin):
    clock.freeze(datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    try:
        await audit.record(
            principal=admin.principal,
            action=AuditAction.UPDATE,
            record_type="Customer",
            record_id=42,
            details={"fields": ["name"]},
            request=HERE,
        )
    finally:
        clock.freeze(None)
    event = await AuditEvent.get()
    assert (
        event.occurred_at,
        event.actor_kind,
        event.actor_id,
        event.actor_name,
        event.action,
        event.record_type,
        event.record_id,
        event.details,
        event.ip_address,
        event.request_id,
    ) == (
        datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        AuditActorKind.USER,
        admin.user.pk,
        "Ada Admin",
        AuditAction.UPDATE,
        "Customer",
        42,
        {"fields": ["name"]},
        "203.0.113.7",
        "req-1",
    )


async def test_record_names_api_keys_the_system_and_anonymous_callers(db):
    key, _ = await apikeys.create_api_key(principal=None, name="E-shop", scopes=["customers:read"])
    await audit.record(principal=Principal.for_api_key(key), action=AuditAction.EXPORT)
    await audit.record(principal=None, action=AuditAction.KEYS_ROTATED)
    await audit.record(principal=None, actor=audit.ANONYMOUS, action=AuditAction.LOGIN_FAILED)
    rows = await AuditEvent.filter(action__not=AuditAction.API_KEY_CREATED).order_by("id")
    assert [(e.actor_kind, e.actor_id, e.actor_name, e.ip_address, e.request_id) for e in rows] == [
        (AuditActorKind.API_KEY, key.pk, "E-shop", None, None),
        (AuditActorKind.SYSTEM, None, "system", None, None),
        (AuditActorKind.ANONYMOUS, None, "anonymous", None, None),
    ]


async def test_the_actor_name_is_a_copy_that_survives_a_rename(admin):
    await audit.record(principal=admin.principal, action=AuditAction.LOGIN)
    await User.filter(id=admin.user.pk).update(name="Ada Renamed")
    assert (await AuditEvent.get()).actor_name == "Ada Admin"


async def test_an_event_rolls_back_with_the_change_it_records(admin):
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await audit.record(principal=admin.principal, action=AuditAction.CREATE)
            raise RuntimeError("the change failed")
    assert await AuditEvent.all().count() == 0


async def test_record_many_writes_every_row_in_one_statement(admin, sql_statements):
    written = await audit.record_many(
        principal=admin.principal,
        action=AuditAction.PII_READ,
        record_type="Customer",
        records=[(1, None), (2, {"fields": ["phones"]}), (3, None)],
        request=HERE,
    )
    assert written == 3
    assert len(_inserts(sql_statements)) == 1 and len(sql_statements) == 1
    rows = await AuditEvent.all().order_by("record_id")
    assert [(e.record_id, e.details, e.request_id) for e in rows] == [
        (1, None, "req-1"),
        (2, {"fields": ["phones"]}, "req-1"),
        (3, None, "req-1"),
    ]


# --- PII reads ---------------------------------------------------------------------------------


async def test_pii_reads_flush_one_row_per_distinct_customer_in_one_statement(agent, sql_statements):
    reads = PiiReads()
    for customer_id, field in ((7, "phones"), (3, "emails"), (7, "emails"), (7, "phones"), (3, None)):
        reads.note(customer_id, field)
    reads.note(9)
    assert len(reads) == 3
    sql_statements.clear()

    assert await reads.flush(agent.principal, HERE) == 3

    assert len(sql_statements) == 1 and sql_statements[0].lstrip().upper().startswith("INSERT")
    rows = await AuditEvent.all().order_by("record_id")
    assert [(e.action, e.record_type, e.record_id, e.details, e.actor_name) for e in rows] == [
        (AuditAction.PII_READ, "Customer", 3, {"fields": ["emails"]}, "Alan Agent"),
        (AuditAction.PII_READ, "Customer", 7, {"fields": ["emails", "phones"]}, "Alan Agent"),
        (AuditAction.PII_READ, "Customer", 9, None, "Alan Agent"),
    ]
    # flushing empties the collector: nothing is written twice
    sql_statements.clear()
    assert await reads.flush(agent.principal, HERE) == 0
    assert sql_statements == [] and len(reads) == 0


async def test_flushing_nothing_costs_no_statement(agent, sql_statements):
    assert await PiiReads().flush(agent.principal, HERE) == 0
    assert sql_statements == []


# --- append-only -------------------------------------------------------------------------------


async def test_events_cannot_be_changed_or_deleted(admin):
    await audit.record(principal=admin.principal, action=AuditAction.LOGIN, request=HERE)
    event = await AuditEvent.get()

    event.actor_name = "Someone else"
    with pytest.raises(AppendOnlyError):
        await event.save()
    with pytest.raises(AppendOnlyError):
        await event.save(update_fields=["actor_name"])
    with pytest.raises(AppendOnlyError):
        await event.delete()
    with pytest.raises(AppendOnlyError):
        await AuditEvent.filter(id=event.pk).update(actor_name="Someone else")
    with pytest.raises(AppendOnlyError):
        await AuditEvent.all().delete()
    with pytest.raises(AppendOnlyError):
        await AuditEvent.bulk_update([event], fields=["actor_name"])
    with pytest.raises(AppendOnlyError):
        await AuditEvent.filter(id=event.pk).select_for_update().first()

    stored = await AuditEvent.get()
    assert (stored.pk, stored.actor_name, stored.action) == (event.pk, "Ada Admin", AuditAction.LOGIN)


# --- request info ------------------------------------------------------------------------------


def test_request_info_keeps_a_sane_request_id_and_replaces_any_other():
    assert RequestInfo.from_http({"x-request-id": "abc-123"}, "10.0.0.1") == RequestInfo(
        ip="10.0.0.1", request_id="abc-123"
    )
    for bad in ("", "two words", "tab\there", "line\nbreak", "x" * 129, "中文"):
        info = RequestInfo.from_http({"x-request-id": bad}, None)
        assert info.ip is None and info.request_id != bad
        assert len(info.request_id) == 32 and int(info.request_id, 16) >= 0  # a fresh uuid4 hex
    assert RequestInfo.from_http({}, "::1").request_id != RequestInfo.from_http({}, "::1").request_id


# --- sign-in events ----------------------------------------------------------------------------


async def test_login_and_logout_are_recorded(password_user):
    user, secret = await services.login(email="Mei@Example.com", password=PASSWORD, request=HERE)
    principal = await services.principal_for_token(secret)
    assert principal is not None
    await services.logout(principal=principal, session_token=secret, request=HERE)
    rows = await AuditEvent.all().order_by("id")
    assert [(e.action, e.actor_kind, e.actor_id, e.record_type, e.record_id, e.details) for e in rows] == [
        (AuditAction.LOGIN, AuditActorKind.USER, user.pk, "User", user.pk, None),
        (AuditAction.LOGOUT, AuditActorKind.USER, user.pk, "User", user.pk, {"session_revoked": True}),
    ]
    assert await services.principal_for_token(secret) is None


@pytest.mark.parametrize(
    ("email", "password", "reason", "targets_user"),
    [
        ("mei@example.com", "Wrong-password-9", "WRONG_PASSWORD", True),
        ("NOBODY@example.com ", PASSWORD, "UNKNOWN_EMAIL", False),
        ("mei@example.com", PASSWORD, "INACTIVE_USER", True),  # the account is disabled first
    ],
)
async def test_a_failed_login_records_the_email_tried_never_the_password(
    password_user, email, password, reason, targets_user
):
    if reason == "INACTIVE_USER":
        await User.filter(id=password_user.pk).update(is_active=False)
    with pytest.raises(DomainError):
        await services.login(email=email, password=password, request=HERE)
    event = await AuditEvent.get()
    assert (event.action, event.actor_kind, event.actor_id, event.actor_name) == (
        AuditAction.LOGIN_FAILED,
        AuditActorKind.ANONYMOUS,
        None,
        "anonymous",
    )
    assert event.details == {"email": email.strip().lower(), "reason": reason}
    assert (event.record_type, event.record_id) == (
        ("User", password_user.pk) if targets_user else (None, None)
    )
    assert (event.ip_address, event.request_id) == ("203.0.113.7", "req-1")
    assert password not in str(event.details)


# --- API keys ----------------------------------------------------------------------------------


async def test_creating_and_revoking_a_key_is_recorded_once(admin):
    key, secret = await apikeys.create_api_key(
        principal=admin.principal, name="E-shop", scopes=["purchases:write", "customers:read"], request=HERE
    )
    await apikeys.revoke_api_key(key_id=key.pk, principal=admin.principal, request=HERE)
    await apikeys.revoke_api_key(key_id=key.pk, principal=admin.principal, request=HERE)  # no-op
    rows = await AuditEvent.all().order_by("id")
    assert [(e.action, e.actor_name, e.record_type, e.record_id, e.details) for e in rows] == [
        (
            AuditAction.API_KEY_CREATED,
            "Ada Admin",
            "ApiKey",
            key.pk,
            {"name": "E-shop", "scopes": ["customers:read", "purchases:write"]},
        ),
        (AuditAction.API_KEY_REVOKED, "Ada Admin", "ApiKey", key.pk, {"name": "E-shop"}),
    ]
    assert all(secret not in str(e.details) and e.request_id == "req-1" for e in rows)


async def test_a_refused_key_records_nothing(admin):
    with pytest.raises(DomainErrors):
        await apikeys.create_api_key(principal=admin.principal, name=" ", scopes=[])
    assert await AuditEvent.all().count() == 0


async def test_no_key_exists_without_its_audit_event(admin, monkeypatch):
    async def failing_record(**kwargs):
        raise RuntimeError("audit storage is down")

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        await apikeys.create_api_key(principal=admin.principal, name="E-shop", scopes=["customers:read"])
    assert await ApiKey.all().count() == 0


# --- the query both the API and the shell use -------------------------------------------------------


async def test_events_filter_and_come_newest_first(admin, agent):
    start = datetime(2026, 5, 1, tzinfo=UTC)
    for minutes, who, action, record in (
        (0, admin, AuditAction.LOGIN, None),
        (1, agent, AuditAction.UPDATE, 5),
        (2, agent, AuditAction.PII_READ, 5),
        (3, admin, AuditAction.ARCHIVE, 6),
    ):
        clock.freeze(start + timedelta(minutes=minutes))
        try:
            await audit.record(
                principal=who.principal,
                action=action,
                record_type="Customer" if record else None,
                record_id=record,
            )
        finally:
            clock.freeze(None)

    async def actions(**filters) -> list[str]:
        return [e.action.value for e in await audit.events(**filters)]

    assert await actions() == ["ARCHIVE", "PII_READ", "UPDATE", "LOGIN"]
    assert await actions(actor_kind=AuditActorKind.USER, actor_id=agent.user.pk) == ["PII_READ", "UPDATE"]
    assert await actions(actor_name="ada") == ["ARCHIVE", "LOGIN"]
    assert await actions(actions=[AuditAction.LOGIN, AuditAction.UPDATE]) == ["UPDATE", "LOGIN"]
    assert await actions(actions=[]) == ["ARCHIVE", "PII_READ", "UPDATE", "LOGIN"]
    assert await actions(record_type="Customer", record_id=5) == ["PII_READ", "UPDATE"]
    assert await actions(since=start + timedelta(minutes=1), until=start + timedelta(minutes=3)) == [
        "PII_READ",
        "UPDATE",
    ]
