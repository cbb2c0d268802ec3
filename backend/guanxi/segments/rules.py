"""Segment rules: validated into a stored JSON tree, compiled to SQL evaluated in the database.

A rule node is a group `{"all": [...]}` / `{"any": [...]}`, a negation `{"not": {...}}` or a
condition `{"field", "op", "value", "days", "key"}` over a field of the catalogue. Every
condition compiles to a two-valued SQL test (never NULL), so `not` means what a marketer
means: NOT (city = 广州) includes customers whose city is unknown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from guanxi.core.currency import minor_units
from guanxi.core.errors import Collector, CoreErrorCode
from guanxi.core.sql import Fragment, Sql, join
from guanxi.segments.catalogue import CATALOGUE, Condition, FieldSpec, FieldType, Operator
from guanxi.segments.errors import SegmentErrorCode

RULE_VERSION = 1
MAX_DEPTH = 8
MAX_CONDITIONS = 100
MAX_LIST = 1000
MAX_TEXT = 200
MAX_DAYS = 36500
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_GROUPS = ("all", "any")
_NODE_KEYS = ("all", "any", "not", "field")
_CONDITION_KEYS = {"field", "op", "value", "days", "key"}
_ORDERING = (Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.BETWEEN)

IdDecoder = Callable[[str, Any], "int | None"]  # (node type, raw id) -> primary key, or None when malformed


# --- validation -------------------------------------------------------------------------------------


def validate(rule: Any, *, path: str = "rule", decode_id: IdDecoder | None = None) -> dict[str, Any]:
    """The normalised rule tree (JSON), or `DomainError(s)` whose `field` is the path to each bad node."""
    errors = Collector()
    count = [0]
    node = _node(rule, path, 1, errors, count, decode_id)
    if count[0] > MAX_CONDITIONS:
        errors.add(SegmentErrorCode.RULE_TOO_LARGE, f"A rule has at most {MAX_CONDITIONS} conditions.", path)
    errors.raise_if_any()
    assert node is not None
    return node


def stored(rule: dict[str, Any]) -> dict[str, Any]:
    """What a segment keeps: the tree with its format version."""
    return {"version": RULE_VERSION, "rule": rule}


def tree(stored_rule: dict[str, Any] | None) -> dict[str, Any] | None:
    if not stored_rule:
        return None
    if stored_rule.get("version") != RULE_VERSION:  # pragma: no cover - only one version exists yet
        raise ValueError(f"unknown segment rule version {stored_rule.get('version')}")
    return stored_rule["rule"]


def _node(
    node: Any, path: str, depth: int, errors: Collector, count: list[int], decode_id: IdDecoder | None
) -> dict[str, Any] | None:
    if depth > MAX_DEPTH:
        errors.add(SegmentErrorCode.RULE_TOO_DEEP, f"Rules nest at most {MAX_DEPTH} levels deep.", path)
        return None
    if not isinstance(node, dict):
        errors.add(SegmentErrorCode.INVALID_RULE, "A rule node is an object.", path)
        return None
    present = [k for k in _NODE_KEYS if node.get(k) is not None]
    if len(present) != 1:
        errors.add(
            SegmentErrorCode.INVALID_RULE,
            "A rule node is exactly one of: a group (`all` or `any`), a negation (`not`) or a condition (`field`).",
            path,
        )
        return None
    kind = present[0]
    if kind != "field":
        stray = {k for k, v in node.items() if v is not None} - {kind}
        if stray:
            errors.add(
                SegmentErrorCode.INVALID_RULE,
                f"A {'group' if kind in _GROUPS else 'negation'} has no {', '.join(sorted(stray))}.",
                path,
            )
            return None
    if kind in _GROUPS:
        children = node[kind]
        if not isinstance(children, list) or not children:
            errors.add(SegmentErrorCode.EMPTY_GROUP, f"`{kind}` needs at least one rule.", f"{path}.{kind}")
            return None
        out = [_node(child, f"{path}.{kind}.{i}", depth + 1, errors, count, decode_id) for i, child in enumerate(children)]
        return {kind: out} if all(c is not None for c in out) else None
    if kind == "not":
        child = _node(node["not"], f"{path}.not", depth + 1, errors, count, decode_id)
        return {"not": child} if child is not None else None
    count[0] += 1
    stray = {k for k, v in node.items() if v is not None} - _CONDITION_KEYS
    if stray:
        errors.add(SegmentErrorCode.INVALID_RULE, f"A condition has no {', '.join(sorted(stray))}.", path)
        return None
    return _condition(node, path, errors, decode_id)


def _condition(
    node: dict[str, Any], path: str, errors: Collector, decode_id: IdDecoder | None
) -> dict[str, Any] | None:
    name = node.get("field")
    spec = CATALOGUE.get(name) if isinstance(name, str) else None
    if spec is None:
        errors.add(SegmentErrorCode.UNKNOWN_FIELD, f"No segment field {name!r}.", f"{path}.field")
        return None
    op_name = node.get("op")
    if op_name is None:
        errors.add(CoreErrorCode.REQUIRED, "Choose an operator.", f"{path}.op")
        return None
    try:
        op = Operator(op_name)
    except ValueError:
        errors.add(SegmentErrorCode.INVALID_OPERATOR, f"No operator {op_name!r}.", f"{path}.op")
        return None
    if op not in spec.operators:
        allowed = ", ".join(spec.operators)
        errors.add(
            SegmentErrorCode.INVALID_OPERATOR, f"{op} does not apply to {spec.name}; use one of {allowed}.", f"{path}.op"
        )
        return None
    before = len(errors.errors)
    out: dict[str, Any] = {"field": spec.name, "op": op.value}
    days, key = node.get("days"), node.get("key")
    if spec.needs_days:
        if days is None:
            errors.add(CoreErrorCode.REQUIRED, "Say over how many days.", f"{path}.days")
        elif not _is_int(days) or not 1 <= days <= MAX_DAYS:
            errors.add(CoreErrorCode.INVALID_VALUE, f"Days is a whole number from 1 to {MAX_DAYS}.", f"{path}.days")
        else:
            out["days"] = int(days)
    elif days is not None:
        errors.add(CoreErrorCode.INVALID_VALUE, f"{spec.name} takes no days.", f"{path}.days")
    if spec.needs_key:
        if key is None or key == "":  # REQUIRED, as a missing days or value is (and as the web app says)
            errors.add(CoreErrorCode.REQUIRED, "Say which attribute: its key.", f"{path}.key")
        elif not isinstance(key, str) or not _KEY.match(key):
            errors.add(
                CoreErrorCode.INVALID_VALUE,
                "The attribute key is 1-64 letters, digits, `_` or `-`.",
                f"{path}.key",
            )
        else:
            out["key"] = key
    elif key is not None:
        errors.add(CoreErrorCode.INVALID_VALUE, f"{spec.name} takes no key.", f"{path}.key")
    value = _value(spec, op, node.get("value"), f"{path}.value", errors, decode_id)
    if len(errors.errors) > before:
        return None
    if value is not None:
        out["value"] = value
    return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _value(
    spec: FieldSpec, op: Operator, raw: Any, path: str, errors: Collector, decode_id: IdDecoder | None
) -> Any:
    def bad(message: str, at: str = path) -> None:
        errors.add(CoreErrorCode.INVALID_VALUE, message, at)

    if op in (Operator.IS_NULL, Operator.IS_NOT_NULL):
        if raw is not None:
            bad(f"{op} takes no value.")
        return None
    if raw is None:
        errors.add(CoreErrorCode.REQUIRED, "Give a value.", path)
        return None
    if op in (Operator.WITHIN_LAST_DAYS, Operator.NOT_WITHIN_LAST_DAYS):
        if not _is_int(raw) or not 1 <= raw <= MAX_DAYS:
            bad(f"The value is a number of days from 1 to {MAX_DAYS}.")
            return None
        return raw
    if op == Operator.CONTAINS:
        if not isinstance(raw, str) or not raw.strip() or len(raw) > 50 or "\x00" in raw:
            bad("The value is a tag of 1-50 characters.")
            return None
        return raw.strip()
    if op in (Operator.IN, Operator.NOT_IN):
        if not isinstance(raw, list) or not raw:
            bad("The value is a non-empty list.")
            return None
        if len(raw) > MAX_LIST:
            bad(f"At most {MAX_LIST} values.")
            return None
        items = [_scalar(spec, op, v, f"{path}.{i}", errors, decode_id) for i, v in enumerate(raw)]
        return items if all(v is not None for v in items) else None
    if op == Operator.BETWEEN:
        if not isinstance(raw, list) or len(raw) != 2:
            bad("The value is a list of two: the lowest and the highest.")
            return None
        low, high = (_scalar(spec, op, v, f"{path}.{i}", errors, decode_id) for i, v in enumerate(raw))
        if low is None or high is None:
            return None
        if _comparable(spec, low) > _comparable(spec, high):
            bad("The lowest value comes first.")
            return None
        return [low, high]
    if op == Operator.STARTS_WITH and (not isinstance(raw, str) or not raw):
        bad("The value is text.")
        return None
    return _scalar(spec, op, raw, path, errors, decode_id)


def _comparable(spec: FieldSpec, value: Any) -> Any:
    if spec.type == FieldType.DATETIME:
        return datetime.fromisoformat(value)
    if spec.type in (FieldType.NUMBER, FieldType.MONEY) or isinstance(value, (int, float)):
        return Decimal(str(value))
    return value


def _number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            return None
        return Decimal(str(raw))
    if isinstance(raw, str):
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


def _json_number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)


def _scalar(
    spec: FieldSpec, op: Operator, raw: Any, path: str, errors: Collector, decode_id: IdDecoder | None
) -> Any:
    def bad(message: str) -> None:
        errors.add(CoreErrorCode.INVALID_VALUE, message, path)

    t = spec.type
    # a custom attribute is ordered as a number: GT "gold" means nothing (and "7.5" is 7.5)
    ordered = t == FieldType.ATTRIBUTE and op in _ORDERING
    text_attribute = t == FieldType.ATTRIBUTE and isinstance(raw, str) and not ordered
    if t in (FieldType.STRING, FieldType.ENUM) or text_attribute:
        if not isinstance(raw, str) or not raw.strip():
            bad("The value is text.")
            return None
        text = raw.strip()
        if len(text) > MAX_TEXT:
            bad(f"At most {MAX_TEXT} characters.")
            return None
        if "\x00" in text:  # PostgreSQL text cannot hold it: the query would fail
            bad("The value is text without NUL characters.")
            return None
        if t == FieldType.ENUM and text not in spec.enum_values:
            bad(f"One of {', '.join(spec.enum_values)}.")
            return None
        if spec.name == "COUNTRY":
            text = text.upper()
        return text
    if t in (FieldType.NUMBER, FieldType.MONEY, FieldType.ATTRIBUTE):
        number = _number(raw)
        if number is None:
            either = t == FieldType.ATTRIBUTE and not ordered
            bad("The value is text or a number." if either else "The value is a number.")
            return None
        if spec.integer and number != number.to_integral_value():
            bad("The value is a whole number.")
            return None
        if spec.minimum is not None and number < spec.minimum:
            bad(f"At least {spec.minimum}.")
            return None
        if spec.maximum is not None and number > spec.maximum:
            bad(f"At most {spec.maximum}.")
            return None
        if t == FieldType.MONEY and number.as_tuple().exponent < -4:  # type: ignore[operator]
            bad("At most 4 decimal places.")
            return None
        if abs(number) >= Decimal("1e15"):
            bad("The number is too large.")
            return None
        if t == FieldType.ATTRIBUTE and number != number.to_integral_value():
            # kept a JSON number (as the attribute itself is): a string would read back as text
            return float(number)
        return _json_number(number)
    if t == FieldType.DATETIME:
        moment = _datetime(raw)
        if moment is None:
            bad("The value is a date (2026-01-31) or a time with its offset (2026-01-31T08:00:00+08:00).")
            return None
        return moment.isoformat()
    if t == FieldType.ID:
        pk = decode_id(spec.node_type or "", raw) if decode_id else (raw if _is_int(raw) else None)
        if pk is None or not 0 < pk < 2**63:  # a BIGINT key: a larger one fails the query on PostgreSQL
            bad(f"The value is the id of a {spec.node_type}.")
            return None
        return pk
    bad("This value does not apply here.")  # pragma: no cover - every type is handled above
    return None


def _datetime(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00:00-05:00 is past the last datetime in UTC
        return None


def conditions(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every condition of a tree, in order."""
    if "field" in node:
        return [node]
    if "not" in node:
        return conditions(node["not"])
    kind = "all" if "all" in node else "any"
    return [c for child in node[kind] for c in conditions(child)]


# --- compilation ------------------------------------------------------------------------------------


@dataclass
class Context:
    """What compiling one statement needs: the dialect, the time, and the customers to restrict to."""

    sql: Sql
    now: datetime
    currency: str
    only: list[int] | None = None  # evaluate for these customers only (incremental re-evaluation)
    joins: set[str] = field(default_factory=set)

    def param(self, value: Any) -> Fragment:
        if isinstance(value, datetime):
            value = self.sql.time(value)
        elif isinstance(value, Decimal) and not self.sql.postgres:
            value = float(value)
        elif isinstance(value, bool):
            value = self.sql.flag(value)
        return Fragment("?", (value,))

    def column(self, name: str) -> str:
        """A customer (`c.`) or metrics (`m.`) column in a condition's test. On SQLite as `+name`, which
        no index serves: SQLite keeps no statistics of how values spread, so it takes any indexed test
        as selective (`country = 'CN'` holds for most customers) and walks that index with a random row
        read per entry, many times slower than reading the table in order. The scope (an agent's own
        customers) and `only` (re-evaluating a few) keep their indexes. PostgreSQL plans from statistics."""
        return name if self.sql.postgres else "+" + name

    def restrict(self, column: str, *, first: bool = False) -> Fragment:
        if self.only is None:
            return Fragment("")
        keyword = " WHERE " if first else " AND "
        return Fragment(f"{keyword}{column} IN ({self.sql.placeholders(len(self.only))})", tuple(self.only))

    def to_minor(self, value: Any, *, exact: bool = True) -> Any:
        """A base-currency amount in minor units (what `customer_metrics` stores)."""
        minor = Decimal(str(value)).scaleb(minor_units(self.currency) or 0)
        return int(minor.to_integral_value()) if exact else minor


def _loaded(spec: FieldSpec, value: Any) -> Any:
    """A stored JSON value as the builders want it."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_loaded(spec, v) for v in value]
    if spec.type == FieldType.DATETIME and isinstance(value, str):
        return datetime.fromisoformat(value)
    if spec.type in (FieldType.NUMBER, FieldType.MONEY) or (
        spec.type == FieldType.ATTRIBUTE and not isinstance(value, str)
    ):
        number = Decimal(str(value))
        return int(number) if spec.integer or spec.type == FieldType.ID else number
    return value


def compile_rule(node: dict[str, Any], ctx: Context) -> Fragment:
    """The SQL test of a validated tree over the customer row `c` (joins it needs go to `ctx.joins`).

    In a group, the tests that read other tables (a subquery) come after the column tests, in the
    rule's order otherwise: AND and OR stop at the first answer, so the cheap tests decide most
    customers before a subquery runs. Every test is two-valued, so the order changes no answer."""
    if "all" in node or "any" in node:
        kind = "all" if "all" in node else "any"
        parts = [compile_rule(child, ctx) for child in node[kind]]
        parts.sort(key=lambda part: "SELECT " in part.sql)  # stable: the rule's order within each kind
        return "(" + join(parts, " AND " if kind == "all" else " OR ") + ")"
    if "not" in node:
        return "(NOT " + compile_rule(node["not"], ctx) + ")"
    spec = CATALOGUE[node["field"]]
    op = Operator(node["op"])
    value = node.get("value")
    if op not in (Operator.WITHIN_LAST_DAYS, Operator.NOT_WITHIN_LAST_DAYS):
        value = _loaded(spec, value)
    condition = Condition(spec.name, op, value, node.get("days"), node.get("key"))
    return spec.build(condition, ctx)


def matching(node: dict[str, Any], ctx: Context, *, scope: Fragment | None = None, columns: str = "c.id") -> Fragment:
    """`SELECT <columns> FROM customer c ... WHERE <live> AND <scope> AND <only> AND <rule>`."""
    test = compile_rule(node, ctx)
    # Not through the (archived_at, ...) index on SQLite: nearly every customer is live (Context.column).
    where = Fragment(f"{ctx.column('c.archived_at')} IS NULL AND {ctx.column('c.erased_at')} IS NULL")
    if scope is not None:
        where = where + " AND " + scope
    where = where + ctx.restrict("c.id")
    joins = "".join(f" {j}" for j in sorted(ctx.joins))
    return f"SELECT {columns} FROM customer c{joins} WHERE " + where + " AND " + test
