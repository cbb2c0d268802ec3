"""Segments: create, edit, evaluate and hand-pick members. Each function owns its transaction and
publishes its events after commit.

Membership is materialised in `segment_membership` with history. Evaluating a dynamic rule is two
set-based statements inside the database (who left, who entered), whether for every customer
(`refresh_segment`) or for a few whose data just changed (`reevaluate_customers`); both start their
transaction by writing the segment's row, which serialises evaluations of one segment on SQLite
(the write lock) and PostgreSQL (the row lock).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, Role, Team, User
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError, DomainErrors, forbidden
from guanxi.core.sql import Fragment, Sql
from guanxi.customers.scoping import customer_scope_sql, visible_customers
from guanxi.interactions.models import Channel
from guanxi.segments import rules
from guanxi.segments.errors import SegmentErrorCode
from guanxi.segments.models import Segment, SegmentKind, SegmentMembership
from guanxi.settings import get_settings

TOPIC = "segments"
PREVIEW_SIZE = 20
EVENT_SAMPLE = 100  # customer ids named in one membership event; the counts are exact
MAX_PICK = 1000  # customers added or removed in one call
MIN_REFRESH_MINUTES = 5
MAX_REFRESH_MINUTES = 7 * 24 * 60


@dataclass
class Change:
    """What one evaluation changed."""

    segment_id: int
    at: datetime
    entered: int = 0
    left: int = 0
    entered_ids: list[int] = field(default_factory=list)  # a sample, at most EVENT_SAMPLE
    left_ids: list[int] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------------


async def get_segment(segment_id: int, *, field: str = "id") -> Segment:
    segment = await Segment.get_or_none(id=segment_id)
    if segment is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such segment.", field)
    return segment


def _editable(principal: Principal, segment: Segment) -> None:
    """Admins and managers edit any segment; others the segments they own."""
    if principal.role in (Role.ADMIN, Role.MANAGER) or principal.user_id is None:
        return
    if segment.owner_id != principal.user_id:
        raise forbidden("Only the segment's owner, a manager or an admin may change it.")


def current_members(segment_id: int) -> Any:
    return SegmentMembership.filter(segment_id=segment_id, exited_at=None)


def visible_members(principal: Principal, segment_id: int) -> Any:
    """The segment's current members the principal may see (a queryset of customers)."""
    from tortoise.expressions import Subquery

    return visible_customers(principal).filter(
        id__in=Subquery(current_members(segment_id).values("customer_id"))
    )


async def member_counts(principal: Principal, segment_ids: list[int]) -> dict[int, int]:
    """Current members per segment, of those the principal may see: one query."""
    if not segment_ids:
        return {}
    sql = Sql()
    scope = customer_scope_sql(principal)
    query = Fragment(
        f"SELECT s.segment_id AS segment_id, COUNT(*) AS n FROM segment_membership s"
        f"{' JOIN customer c ON c.id = s.customer_id' if scope is not None else ''}"
        f" WHERE s.exited_at IS NULL AND s.segment_id IN ({sql.placeholders(len(segment_ids))})",
        tuple(segment_ids),
    )
    if scope is not None:
        query = query + " AND " + scope
    rows = await sql.rows(query.sql + " GROUP BY s.segment_id", query.params)
    counts = {int(r["segment_id"]): int(r["n"]) for r in rows}
    return {i: counts.get(i, 0) for i in segment_ids}


# --- validation of what staff enter -----------------------------------------------------------------


async def _check_ids(tree: dict[str, Any], path: str) -> None:
    """Staff users and teams a rule names exist (their ids are decoded, not yet looked up)."""
    wanted: dict[str, set[int]] = {"OWNER": set(), "TEAM": set()}
    for cond in rules.conditions(tree):
        if cond["field"] in wanted and "value" in cond:
            value = cond["value"]
            wanted[cond["field"]].update(value if isinstance(value, list) else [value])
    known = {
        "OWNER": set(await User.filter(id__in=wanted["OWNER"]).values_list("id", flat=True)) if wanted["OWNER"] else set(),
        "TEAM": set(await Team.filter(id__in=wanted["TEAM"]).values_list("id", flat=True)) if wanted["TEAM"] else set(),
    }
    missing = {name for name, ids in wanted.items() if ids - known[name]}
    if missing:
        errors = Collector()
        _paths_of_missing(tree, path, wanted, known, errors)
        errors.raise_if_any()


def _paths_of_missing(
    node: dict[str, Any], path: str, wanted: dict[str, set[int]], known: dict[str, set[int]], errors: Collector
) -> None:
    if "field" in node:
        if node["field"] in wanted and "value" in node:
            value = node["value"]
            if isinstance(value, list):
                for i, v in enumerate(value):
                    if v not in known[node["field"]]:
                        errors.add(CoreErrorCode.NOT_FOUND, "No such staff user or team.", f"{path}.value.{i}")
            elif value not in known[node["field"]]:
                errors.add(CoreErrorCode.NOT_FOUND, "No such staff user or team.", f"{path}.value")
        return
    if "not" in node:
        _paths_of_missing(node["not"], f"{path}.not", wanted, known, errors)
        return
    kind = "all" if "all" in node else "any"
    for i, child in enumerate(node[kind]):
        _paths_of_missing(child, f"{path}.{kind}.{i}", wanted, known, errors)


async def validated_rule(raw: Any, *, path: str = "rule", decode_id: rules.IdDecoder | None = None) -> dict[str, Any]:
    tree = rules.validate(raw, path=path, decode_id=decode_id)
    await _check_ids(tree, path)
    return tree


async def _rule_into(errors: Collector, raw: Any, decode_id: rules.IdDecoder | None) -> dict[str, Any] | None:
    """The validated rule, or None with its problems added to `errors`."""
    try:
        return await validated_rule(raw, decode_id=decode_id)
    except DomainError as exc:
        errors.errors.append(exc)
    except DomainErrors as exc:
        errors.errors.extend(exc.errors)
    return None


def _text(errors: Collector, data: dict[str, Any], name: str, path: str, limit: int, *, required: bool) -> Any:
    value = data.get(name)
    if value is None:
        if required:
            errors.add(CoreErrorCode.REQUIRED, "Required.", path)
        return None
    value = value.strip()
    if required and not value:
        errors.add(CoreErrorCode.REQUIRED, "Required.", path)
    elif len(value) > limit:
        errors.add(CoreErrorCode.TOO_LONG, f"At most {limit} characters.", path)
    return value or None


def _refresh_interval(errors: Collector, value: Any) -> int | None:
    if value is None:
        return None
    if not MIN_REFRESH_MINUTES <= value <= MAX_REFRESH_MINUTES:
        errors.add(
            CoreErrorCode.INVALID_VALUE,
            f"Refresh every {MIN_REFRESH_MINUTES} to {MAX_REFRESH_MINUTES} minutes, or not on a schedule.",
            "refresh_interval_minutes",
        )
    return int(value)


# --- writing ----------------------------------------------------------------------------------------


async def create_segment(
    *,
    principal: Principal,
    data: dict[str, Any],
    decode_id: rules.IdDecoder | None = None,
    request: RequestInfo | None = None,
) -> Segment:
    """`data`: name, description, kind, rule (DYNAMIC), refresh_interval_minutes. A dynamic segment is
    evaluated at once, so it has its members when this returns."""
    errors = Collector()
    name = _text(errors, data, "name", "name", 200, required=True)
    description = _text(errors, data, "description", "description", 2000, required=False)
    kind = SegmentKind(data["kind"])
    interval = _refresh_interval(errors, data.get("refresh_interval_minutes"))
    tree = None
    if kind == SegmentKind.DYNAMIC:
        if data.get("rule") is None:
            errors.add(CoreErrorCode.REQUIRED, "A dynamic segment needs a rule.", "rule")
        else:
            tree = await _rule_into(errors, data["rule"], decode_id)
    elif data.get("rule") is not None:
        errors.add(SegmentErrorCode.NOT_DYNAMIC, "Only a dynamic segment has a rule.", "rule")
    errors.raise_if_any()
    async with in_transaction():
        segment = await Segment.create(
            name=name,
            description=description,
            kind=kind,
            rule=rules.stored(tree) if tree is not None else None,
            refresh_interval_minutes=interval,
            owner_id=principal.user_id,
        )
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Segment",
            record_id=segment.pk,
            details={"name": name, "kind": kind.value},
            request=request,
        )
    await events.publish(TOPIC, {"type": "segment.created", "segment_id": segment.pk})
    if kind == SegmentKind.DYNAMIC:
        await refresh_segment(segment.pk)
        await segment.refresh_from_db()
    return segment


async def update_segment(
    *,
    principal: Principal,
    segment_id: int,
    data: dict[str, Any],
    decode_id: rules.IdDecoder | None = None,
    request: RequestInfo | None = None,
) -> Segment:
    """Change name, description, rule or refresh interval (keys present in `data`); a changed rule
    is evaluated at once."""
    segment = await get_segment(segment_id)
    _editable(principal, segment)
    errors = Collector()
    changes: dict[str, Any] = {}
    if "name" in data:
        changes["name"] = _text(errors, data, "name", "name", 200, required=True)
    if "description" in data:
        changes["description"] = _text(errors, data, "description", "description", 2000, required=False)
    if "refresh_interval_minutes" in data:
        changes["refresh_interval_minutes"] = _refresh_interval(errors, data["refresh_interval_minutes"])
    if "rule" in data:
        if segment.kind != SegmentKind.DYNAMIC:
            errors.add(SegmentErrorCode.NOT_DYNAMIC, "Only a dynamic segment has a rule.", "rule")
        elif data["rule"] is None:
            errors.add(CoreErrorCode.REQUIRED, "A dynamic segment needs a rule.", "rule")
        else:
            tree = await _rule_into(errors, data["rule"], decode_id)
            if tree is not None:
                changes["rule"] = rules.stored(tree)
    errors.raise_if_any()
    rule_changed = "rule" in changes and changes["rule"] != segment.rule
    if changes:
        async with in_transaction():
            await Segment.filter(id=segment.pk).update(**changes, updated_at=clock.now())
            await audit.record(
                principal=principal,
                action=AuditAction.UPDATE,
                record_type="Segment",
                record_id=segment.pk,
                details={"fields": sorted(changes)},
                request=request,
            )
        await events.publish(TOPIC, {"type": "segment.updated", "segment_id": segment.pk})
    if rule_changed:
        await refresh_segment(segment.pk)
    await segment.refresh_from_db()
    return segment


STRATEGY_FIELDS = (
    "service_priority",
    "service_level",
    "discount_percent",
    "preferred_channel",
    "contact_cap_max",
    "contact_cap_window_days",
)


async def update_strategy(
    *, principal: Principal, segment_id: int, data: dict[str, Any], request: RequestInfo | None = None
) -> Segment:
    """Set the segment's service strategy (every field; None clears it)."""
    if not principal.can(Permission.SEGMENT_STRATEGY_MANAGE):
        raise forbidden("Only managers and admins set service strategies.")
    segment = await get_segment(segment_id, field="segment_id")
    errors = Collector()
    priority = data.get("service_priority")
    if priority is not None and not 1 <= priority <= 5:
        errors.add(CoreErrorCode.INVALID_VALUE, "Priority is 1 (highest) to 5.", "service_priority")
    level = _text(errors, data, "service_level", "service_level", 200, required=False)
    discount = data.get("discount_percent")
    if discount is not None:
        discount = Decimal(str(discount))
        if not Decimal(0) <= discount <= Decimal(100) or discount.as_tuple().exponent < -2:  # type: ignore[operator]
            errors.add(
                CoreErrorCode.INVALID_VALUE, "A discount is 0 to 100 %, with at most 2 decimals.", "discount_percent"
            )
    cap, window = data.get("contact_cap_max"), data.get("contact_cap_window_days")
    if (cap is None) != (window is None):
        errors.add(
            CoreErrorCode.REQUIRED,
            "A contact cap is a number of contacts and a window in days: give both or neither.",
            "contact_cap_max" if cap is None else "contact_cap_window_days",
        )
    else:
        from guanxi.interactions.policy import MAX_CONTACTS_LIMIT, MAX_WINDOW_DAYS

        if cap is not None and not 1 <= cap <= MAX_CONTACTS_LIMIT:
            errors.add(CoreErrorCode.INVALID_VALUE, f"1 to {MAX_CONTACTS_LIMIT} contacts.", "contact_cap_max")
        if window is not None and not 1 <= window <= MAX_WINDOW_DAYS:
            errors.add(CoreErrorCode.INVALID_VALUE, f"1 to {MAX_WINDOW_DAYS} days.", "contact_cap_window_days")
    any_set = any(v is not None for v in (level, discount, data.get("preferred_channel"), cap))
    if any_set and priority is None:
        errors.add(
            CoreErrorCode.REQUIRED,
            "A strategy needs a service priority, to choose between the segments a customer is in.",
            "service_priority",
        )
    errors.raise_if_any()
    channel = data.get("preferred_channel")
    values = {
        "service_priority": priority,
        "service_level": level,
        "discount_percent": discount,
        "preferred_channel": Channel(channel) if channel is not None else None,
        "contact_cap_max": cap,
        "contact_cap_window_days": window,
    }
    before = {name: getattr(segment, name) for name in STRATEGY_FIELDS}
    async with in_transaction():
        await Segment.filter(id=segment.pk).update(**values, updated_at=clock.now())
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Segment",
            record_id=segment.pk,
            details={
                "strategy": {
                    "before": {k: _plain(v) for k, v in before.items()},
                    "after": {k: _plain(v) for k, v in values.items()},
                }
            },
            request=request,
        )
    await events.publish(TOPIC, {"type": "segment.updated", "segment_id": segment.pk})
    await segment.refresh_from_db()
    return segment


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value.value if hasattr(value, "value") else value


async def delete_segment(*, principal: Principal, segment_id: int, request: RequestInfo | None = None) -> int:
    segment = await get_segment(segment_id)
    _editable(principal, segment)
    async with in_transaction():
        await SegmentMembership.filter(segment_id=segment.pk).delete()
        await Segment.filter(id=segment.pk).delete()
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Segment",
            record_id=segment.pk,
            details={"deleted": True, "name": segment.name},
            request=request,
        )
    await events.publish(TOPIC, {"type": "segment.deleted", "segment_id": segment.pk})
    return segment.pk


async def _lock(sql: Sql, segment_id: int, *, refreshed: datetime | None = None) -> None:
    """The transaction's first statement writes the segment row (see the module docstring)."""
    if refreshed is not None:
        await sql.execute("UPDATE segment SET refreshed_at = ? WHERE id = ?", [sql.time(refreshed), segment_id])
    else:
        await sql.execute("UPDATE segment SET id = id WHERE id = ?", [segment_id])


async def _sample(sql: Sql, segment_id: int, column: str, at: datetime) -> list[int]:
    rows = await sql.rows(
        f"SELECT customer_id FROM segment_membership WHERE segment_id = ? AND {column} = ? "
        f"ORDER BY customer_id LIMIT {EVENT_SAMPLE}",
        [segment_id, sql.time(at)],
    )
    return [int(r["customer_id"]) for r in rows]


async def pick_members(
    *,
    principal: Principal,
    segment_id: int,
    customer_ids: list[int],
    add: bool,
    request: RequestInfo | None = None,
) -> tuple[Segment, Change]:
    """Add (or remove) hand-picked members of a STATIC segment; customers already in (or out) are skipped."""
    segment = await get_segment(segment_id, field="segment_id")
    _editable(principal, segment)
    if segment.kind != SegmentKind.STATIC:
        raise DomainError(
            SegmentErrorCode.NOT_STATIC,
            "Members of a dynamic segment follow its rule; edit the rule instead.",
            "segment_id",
        )
    if len(customer_ids) > MAX_PICK:
        raise DomainError(CoreErrorCode.INVALID_VALUE, f"At most {MAX_PICK} customers at once.", "customer_ids")
    wanted = list(dict.fromkeys(customer_ids))
    found = set(await visible_customers(principal).filter(id__in=wanted).values_list("id", flat=True))
    errors = Collector()
    for i, customer_id in enumerate(customer_ids):
        if customer_id not in found:
            errors.add(CoreErrorCode.NOT_FOUND, "No such customer in your reach.", f"customer_ids.{i}")
    errors.raise_if_any()
    now = clock.now()
    change = Change(segment_id=segment.pk, at=now)
    async with in_transaction() as conn:
        sql = Sql(conn)
        await _lock(sql, segment.pk)
        marks = sql.placeholders(len(wanted))
        if add:
            change.entered = await sql.execute(
                f"INSERT INTO segment_membership (segment_id, customer_id, entered_at) "
                f"SELECT ?, c.id, ? FROM customer c WHERE c.id IN ({marks}) AND c.id NOT IN "
                f"(SELECT customer_id FROM segment_membership WHERE segment_id = ? AND exited_at IS NULL)",
                [segment.pk, sql.time(now), *wanted, segment.pk],
            )
            change.entered_ids = await _sample(sql, segment.pk, "entered_at", now)
        else:
            change.left = await sql.execute(
                f"UPDATE segment_membership SET exited_at = ? WHERE segment_id = ? AND exited_at IS NULL "
                f"AND customer_id IN ({marks})",
                [sql.time(now), segment.pk, *wanted],
            )
            change.left_ids = await _sample(sql, segment.pk, "exited_at", now)
        if change.entered or change.left:
            await audit.record(
                principal=principal,
                action=AuditAction.UPDATE,
                record_type="Segment",
                record_id=segment.pk,
                details={"added" if add else "removed": wanted[:EVENT_SAMPLE], "count": change.entered or change.left},
                request=request,
            )
    await _announce(change)
    return segment, change


async def _announce(change: Change) -> None:
    if not (change.entered or change.left):
        return
    await events.publish(
        TOPIC,
        {
            "type": "segment.membership",
            "segment_id": change.segment_id,
            "at": change.at.isoformat(),
            "entered": change.entered,
            "left": change.left,
            "entered_ids": change.entered_ids,
            "left_ids": change.left_ids,
        },
    )


# --- evaluation -------------------------------------------------------------------------------------


async def _evaluate(segment: Segment, *, only: list[int] | None, now: datetime) -> Change:
    tree = rules.tree(segment.rule)
    change = Change(segment_id=segment.pk, at=now)
    if tree is None:
        return change
    async with in_transaction() as conn:
        sql = Sql(conn)
        await _lock(sql, segment.pk, refreshed=now if only is None else None)
        ctx = rules.Context(sql=sql, now=now, currency=get_settings().currency, only=only)
        match = rules.matching(tree, ctx)
        restrict = ctx.restrict("customer_id")
        left = (
            Fragment(
                "UPDATE segment_membership SET exited_at = ? WHERE segment_id = ? AND exited_at IS NULL",
                (sql.time(now), segment.pk),
            )
            + restrict
            + " AND customer_id NOT IN ("
            + match
            + ")"
        )
        change.left = await sql.execute(left.sql, left.params)
        entered = (
            Fragment(
                "INSERT INTO segment_membership (segment_id, customer_id, entered_at) SELECT ?, r.id, ? FROM (",
                (segment.pk, sql.time(now)),
            )
            + match
            + Fragment(
                ") r WHERE r.id NOT IN (SELECT customer_id FROM segment_membership WHERE segment_id = ? "
                "AND exited_at IS NULL",
                (segment.pk,),
            )
            + restrict  # re-evaluating a few customers: look up their stays, not every member's
            + ")"
        )
        change.entered = await sql.execute(entered.sql, entered.params)
        if change.entered:
            change.entered_ids = await _sample(sql, segment.pk, "entered_at", now)
        if change.left:
            change.left_ids = await _sample(sql, segment.pk, "exited_at", now)
    return change


async def evaluate_as_of(segment: Segment, moment: datetime) -> Change:
    """Evaluate a rule as of a past moment (the demo seed builds history this way)."""
    return await _evaluate(segment, only=None, now=moment)


async def refresh_segment(segment_id: int, *, principal: Principal | None = None) -> Change:
    """Evaluate a dynamic segment's rule for every customer; members who no longer match leave."""
    segment = await get_segment(segment_id)
    if principal is not None:
        _editable(principal, segment)
    if segment.kind != SegmentKind.DYNAMIC:
        raise DomainError(SegmentErrorCode.NOT_DYNAMIC, "Only a dynamic segment has a rule to evaluate.", "id")
    change = await _evaluate(segment, only=None, now=clock.now())
    await _announce(change)
    return change


async def reevaluate_customers(customer_ids: Iterable[int]) -> list[Change]:
    """Re-evaluate these customers in every dynamic segment (their data changed): dynamic adjustment."""
    ids = sorted(set(customer_ids))
    if not ids:
        return []
    now = clock.now()
    changes = []
    for segment in await Segment.filter(kind=SegmentKind.DYNAMIC).order_by("id"):
        change = await _evaluate(segment, only=ids, now=now)
        await _announce(change)
        if change.entered or change.left:
            changes.append(change)
    return changes


async def refresh_due(now: datetime | None = None) -> int:
    """The scheduled refresh: every dynamic segment whose interval has passed. Returns how many ran."""
    from datetime import timedelta

    now = now or clock.now()
    done = 0
    for segment in await Segment.filter(kind=SegmentKind.DYNAMIC, refresh_interval_minutes__not_isnull=True):
        due = segment.refreshed_at is None or segment.refreshed_at + timedelta(
            minutes=segment.refresh_interval_minutes or 0
        ) <= now
        if due:
            await refresh_segment(segment.pk)
            done += 1
    return done


async def preview(principal: Principal, tree: dict[str, Any]) -> tuple[int, list[int]]:
    """How many customers the principal may see match a validated rule, and the first few ids."""
    sql = Sql()
    ctx = rules.Context(sql=sql, now=clock.now(), currency=get_settings().currency)
    match = rules.matching(tree, ctx, scope=customer_scope_sql(principal))
    # One evaluation of the rule gives both: the count over every match, the first ids by id.
    query = "SELECT r.id AS id, COUNT(*) OVER () AS n FROM (" + match + f") r ORDER BY r.id LIMIT {PREVIEW_SIZE}"
    rows = await sql.rows(query.sql, query.params)
    return (int(rows[0]["n"]) if rows else 0), [int(r["id"]) for r in rows]
