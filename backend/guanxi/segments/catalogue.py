"""The one catalogue of fields a segment rule may test, each with its type and how it becomes SQL.

A field is a `FieldSpec`: its name (the GraphQL enum value), type, the operators its type
allows, and `build`, which turns one condition into a SQL fragment over the customer row `c`
(see `rules.py`). New fields (value and loyalty metrics) plug in by calling `register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from guanxi.core.sql import Fragment, join
from guanxi.customers.models import (
    CompanySize,
    CustomerKind,
    Gender,
    GeographyClass,
    IncomeBand,
    LifecycleStage,
)

if TYPE_CHECKING:
    from guanxi.segments.rules import Context


class FieldType(StrEnum):
    STRING = "STRING"
    NUMBER = "NUMBER"
    MONEY = "MONEY"  # an amount in the base currency (GUANXI_CURRENCY), in major units
    DATETIME = "DATETIME"
    ENUM = "ENUM"
    TAGS = "TAGS"
    ID = "ID"  # a staff user or team, by global id
    ATTRIBUTE = "ATTRIBUTE"  # a custom attribute by key: text or number


class FieldGroup(StrEnum):
    ATTRIBUTE = "ATTRIBUTE"  # what we know about the customer
    BEHAVIOUR = "BEHAVIOUR"  # what the customer did: purchases, contacts, feedback
    VALUE = "VALUE"  # computed value scores
    LOYALTY = "LOYALTY"  # loyalty program


class Operator(StrEnum):
    EQ = "EQ"
    NEQ = "NEQ"
    IN = "IN"
    NOT_IN = "NOT_IN"
    GT = "GT"
    GTE = "GTE"
    LT = "LT"
    LTE = "LTE"
    BETWEEN = "BETWEEN"
    CONTAINS = "CONTAINS"
    STARTS_WITH = "STARTS_WITH"
    IS_NULL = "IS_NULL"
    IS_NOT_NULL = "IS_NOT_NULL"
    WITHIN_LAST_DAYS = "WITHIN_LAST_DAYS"
    NOT_WITHIN_LAST_DAYS = "NOT_WITHIN_LAST_DAYS"


Op = Operator
_NULLS = (Op.IS_NULL, Op.IS_NOT_NULL)
OPERATORS_BY_TYPE: dict[FieldType, tuple[Operator, ...]] = {
    FieldType.STRING: (Op.EQ, Op.NEQ, Op.IN, Op.NOT_IN, Op.STARTS_WITH, *_NULLS),
    FieldType.ENUM: (Op.EQ, Op.NEQ, Op.IN, Op.NOT_IN, *_NULLS),
    FieldType.NUMBER: (Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, *_NULLS),
    FieldType.MONEY: (Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, *_NULLS),
    FieldType.DATETIME: (Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, Op.WITHIN_LAST_DAYS, Op.NOT_WITHIN_LAST_DAYS, *_NULLS),
    FieldType.TAGS: (Op.CONTAINS, *_NULLS),
    FieldType.ID: (Op.EQ, Op.NEQ, Op.IN, Op.NOT_IN, *_NULLS),
    FieldType.ATTRIBUTE: (Op.EQ, Op.NEQ, Op.IN, Op.NOT_IN, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, Op.STARTS_WITH, *_NULLS),
}

# Operators whose answer for a missing value (NULL, or no related rows) is "yes": what a marketer means
# by "not in Guangzhou" includes customers whose city is unknown.
HOLDS_FOR_MISSING = frozenset({Op.NEQ, Op.NOT_IN, Op.IS_NULL, Op.NOT_WITHIN_LAST_DAYS})


@dataclass(frozen=True)
class Condition:
    """One validated condition, values already converted (Decimal, datetime, int ids, ...)."""

    field: str
    op: Operator
    value: Any = None
    days: int | None = None
    key: str | None = None


Builder = Callable[[Condition, "Context"], Fragment]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    group: FieldGroup
    description: str
    build: Builder
    nullable: bool = True
    enum_values: tuple[str, ...] = ()
    needs_days: bool = False  # "in the last N days": the condition's `days`
    needs_key: bool = False  # custom attribute: the condition's `key`
    node_type: str | None = None  # for ID fields: the GraphQL type of the ids ("User", "Team")
    minimum: Decimal | None = None  # for NUMBER/MONEY values
    maximum: Decimal | None = None
    integer: bool = False  # NUMBER values must be whole
    extra_operators: tuple[Operator, ...] = field(default=())

    @property
    def operators(self) -> tuple[Operator, ...]:
        ops = OPERATORS_BY_TYPE[self.type] + self.extra_operators
        return ops if self.nullable else tuple(o for o in ops if o not in _NULLS)


CATALOGUE: dict[str, FieldSpec] = {}


def register(spec: FieldSpec) -> FieldSpec:
    if spec.name in CATALOGUE:
        raise ValueError(f"segment field {spec.name} is registered twice")
    CATALOGUE[spec.name] = spec
    return spec


# --- how conditions become SQL ---------------------------------------------------------------------


def compare(expr: Fragment, cond: Condition, ctx: Context, *, null_check: Fragment | None = None) -> Fragment:
    """`expr <op> value` as a two-valued test (never NULL). `null_check` is what is NULL when the
    value is missing (defaults to `expr`); None for fields that are never missing."""
    op, value = cond.op, cond.value
    p = ctx.param
    missing = (null_check + " IS NULL") if null_check is not None else None
    present = (null_check + " IS NOT NULL AND ") if null_check is not None else Fragment("")

    def holds(test: Fragment) -> Fragment:
        return "(" + present + test + ")"

    def or_missing(test: Fragment) -> Fragment:
        return "(" + missing + " OR " + test + ")" if missing is not None else "(" + test + ")"

    if op == Op.IS_NULL:
        return "(" + (missing or Fragment("1 = 0")) + ")"
    if op == Op.IS_NOT_NULL:
        return "(" + ((null_check + " IS NOT NULL") if null_check is not None else Fragment("1 = 1")) + ")"
    if op == Op.EQ:
        return holds(expr + " = " + p(value))
    if op == Op.NEQ:
        return or_missing(expr + " <> " + p(value))
    if op in (Op.IN, Op.NOT_IN):
        values = join([p(v) for v in value], ", ")
        return holds(expr + " IN (" + values + ")") if op == Op.IN else or_missing(expr + " NOT IN (" + values + ")")
    if op in (Op.GT, Op.GTE, Op.LT, Op.LTE):
        symbol = {Op.GT: ">", Op.GTE: ">=", Op.LT: "<", Op.LTE: "<="}[op]
        return holds(expr + f" {symbol} " + p(value))
    if op == Op.BETWEEN:
        return holds(expr + " BETWEEN " + p(value[0]) + " AND " + p(value[1]))
    if op == Op.STARTS_WITH:
        return holds("SUBSTR(" + expr + ", 1, " + p(len(value)) + ") = " + p(value))
    if op in (Op.WITHIN_LAST_DAYS, Op.NOT_WITHIN_LAST_DAYS):
        since = p(ctx.now - timedelta(days=value))
        return holds(expr + " >= " + since) if op == Op.WITHIN_LAST_DAYS else or_missing(expr + " < " + since)
    raise ValueError(f"{op} is not a comparison")  # pragma: no cover - validation refuses it first


def holds_for(op: Operator, value: Any, actual: Any) -> bool:
    """Whether a condition holds for `actual` (0 for a count without rows, None for a missing value)."""
    if actual is None:
        return op in HOLDS_FOR_MISSING
    if op == Op.EQ:
        return bool(actual == value)
    if op == Op.NEQ:
        return bool(actual != value)
    if op == Op.GT:
        return bool(actual > value)
    if op == Op.GTE:
        return bool(actual >= value)
    if op == Op.LT:
        return bool(actual < value)
    if op == Op.LTE:
        return bool(actual <= value)
    if op == Op.BETWEEN:
        return bool(value[0] <= actual <= value[1])
    if op == Op.IN:
        return actual in value
    if op == Op.NOT_IN:
        return actual not in value
    return op == Op.IS_NOT_NULL


def column(sql: str, *, nullable: bool = True, selective: bool = False) -> Builder:
    """A column of the customer row. `selective`: its index may drive the query (an owner or a team holds
    a small share of the customers), unlike other columns' (`Context.column`)."""

    def build(cond: Condition, ctx: Context) -> Fragment:
        expr = Fragment(sql if selective else ctx.column(sql))
        return compare(expr, cond, ctx, null_check=expr if nullable else None)

    return build


def metric(sql: str, *, default: Any = None, money: bool = False) -> Builder:
    """A column of the customer's `customer_metrics` row (joined when a rule uses one)."""

    def build(cond: Condition, ctx: Context) -> Fragment:
        ctx.joins.add(METRICS_JOIN)
        value = cond.value
        col = ctx.column(sql)
        expr = col
        if money:
            # A bound may have more decimals than the currency (300.001): compare with the exact
            # amount in minor units, not a rounded one (30000 would make GT 300.001 hold for 300.00).
            if isinstance(value, list):
                value = [ctx.to_minor(v, exact=False) for v in value]
            elif value is not None:
                value = ctx.to_minor(value, exact=False)
            if ctx.sql.postgres:  # a BIGINT column would take its parameter as BIGINT too
                expr = f"CAST({col} AS NUMERIC)"
        cond = Condition(cond.field, cond.op, value, cond.days, cond.key)
        if default is not None:
            return compare(Fragment(f"COALESCE({expr}, {default})"), cond, ctx)
        return compare(Fragment(expr), cond, ctx, null_check=Fragment(col))

    return build


METRICS_JOIN = "LEFT JOIN customer_metrics m ON m.customer_id = c.id"


def related(subquery: Callable[[Condition, Context], Fragment], *, missing: Any) -> Builder:
    """A value computed from other tables per customer: `subquery` yields (customer_id, v) rows for
    the customers that have one; the others have `missing` (0 for counts and sums, None for "no value").

    Compiled as a set test (`c.id IN (...)`), which the database evaluates once, not per customer;
    when the condition holds for customers without rows, as its complement (`c.id NOT IN (...)`).
    (Windowed figures on SQLite are per customer instead: see `windowed`.)
    """

    def build(cond: Condition, ctx: Context) -> Fragment:
        rows = subquery(cond, ctx)
        test = compare(Fragment("r.v"), cond, ctx, null_check=Fragment("r.v"))
        if holds_for(cond.op, cond.value, missing):
            return "c.id NOT IN (SELECT r.customer_id FROM (" + rows + ") r WHERE NOT " + test + ")"
        return "c.id IN (SELECT r.customer_id FROM (" + rows + ") r WHERE " + test + ")"

    return build


def windowed(table: str, time_column: str, where: str = "", *, spend: bool = False) -> Builder:
    """How many rows of `table` the customer has in the last `days` days (or, with `spend`, the sum of
    their amounts in the base currency); 0 without rows. Only rows up to now count: what lies in the
    future (a post-dated row) is not "in the last N days".

    PostgreSQL: one set test over the window (`related`), which it hashes once. SQLite: the value per
    customer, `COALESCE((SELECT ... WHERE customer_id = c.id AND <time in window>), 0)`, a range read
    of the (customer_id, time) index for each customer the rule's cheaper tests let through (they come
    first, `rules.compile_rule`). SQLite's set test groups every row of the window into a temporary
    table first, the largest cost of a rule over a million customers (bench/README.md, "Segments").
    """

    def value(ctx: Context) -> str:
        if not spend:
            return "COUNT(*)"
        amount = ctx.sql.number("amount")
        # SQLite sums REALs: 0.10 + 0.20 is 0.30000000000000004. Values have at most 4 decimals
        # (rules.py), so rounding the sum to 4 makes EQ and the bounds exact, as PostgreSQL's NUMERIC is.
        return f"SUM({amount})" if ctx.sql.postgres else f"ROUND(SUM({amount}), 4)"

    def in_window(cond: Condition, ctx: Context) -> Fragment:
        since = ctx.param(ctx.now - timedelta(days=cond.days or 0))
        test = f"{time_column} >= " + since + f" AND {time_column} <= " + ctx.param(ctx.now) + where
        return test + (" AND currency = " + ctx.param(ctx.currency) if spend else Fragment(""))

    def rows(cond: Condition, ctx: Context) -> Fragment:
        return (
            f"SELECT customer_id, {value(ctx)} AS v FROM {table} WHERE "
            + in_window(cond, ctx)
            + ctx.restrict("customer_id")
            + " GROUP BY customer_id"
        )

    as_set = related(rows, missing=0)

    def build(cond: Condition, ctx: Context) -> Fragment:
        if ctx.sql.postgres:
            return as_set(cond, ctx)
        per_customer = (
            f"COALESCE((SELECT {value(ctx)} FROM {table} WHERE customer_id = c.id AND "
            + in_window(cond, ctx)
            + "), 0)"
        )
        return compare(per_customer, cond, ctx)

    return build


def _latest_nps(cond: Condition, ctx: Context) -> Fragment:
    return (
        "SELECT f.customer_id, f.score AS v FROM feedback f WHERE f.scale = 'NPS' AND f.score IS NOT NULL"
        + ctx.restrict("f.customer_id")
        + " AND f.id = (SELECT f2.id FROM feedback f2 WHERE f2.customer_id = f.customer_id"
        " AND f2.scale = 'NPS' AND f2.score IS NOT NULL ORDER BY f2.occurred_at DESC, f2.id DESC LIMIT 1)"
    )


def _loyalty_points(cond: Condition, ctx: Context) -> Fragment:
    return "SELECT customer_id, balance AS v FROM loyalty_account WHERE 1 = 1" + ctx.restrict("customer_id")


def _loyalty_tier(cond: Condition, ctx: Context) -> Fragment:
    return (
        "SELECT a.customer_id, t.name AS v FROM loyalty_account a JOIN loyalty_tier t ON t.id = a.tier_id"
        " WHERE 1 = 1" + ctx.restrict("a.customer_id")
    )


def _tags(cond: Condition, ctx: Context) -> Fragment:
    if cond.op == Op.CONTAINS:
        return (
            "c.id IN (SELECT customer_id FROM customer_tag WHERE tag = "
            + ctx.param(cond.value)
            + ctx.restrict("customer_id")  # re-evaluating a few: their tags, not every tagged customer
            + ")"
        )
    test = "c.id IN (SELECT customer_id FROM customer_tag" + ctx.restrict("customer_id", first=True) + ")"
    return test if cond.op == Op.IS_NOT_NULL else "NOT " + test


def _age(cond: Condition, ctx: Context) -> Fragment:
    """Whole years from the birth year and month (the birthday itself stays encrypted): within the
    birth month the birthday counts as passed."""
    today = ctx.now.date()
    expr = (
        "(" + ctx.param(today.year) + " - c.birth_year - CASE WHEN c.birth_month > "
        + ctx.param(today.month) + " THEN 1 ELSE 0 END)"
    )
    return compare(expr, cond, ctx, null_check=Fragment(ctx.column("c.birth_year")))


def _days_since_last_purchase(cond: Condition, ctx: Context) -> Fragment:
    """Whole days since the last kept purchase, as a range test on the time. Without a purchase only
    IS_NULL and NEQ hold: every test checks the time is there, so it is never NULL."""
    ctx.joins.add(METRICS_JOIN)
    t = ctx.column("m.last_purchase_at")
    op, v = cond.op, cond.value

    def ago(days: int) -> Fragment:
        return ctx.param(ctx.now - timedelta(days=days))

    def within(low: int, high: int) -> Fragment:  # low <= days <= high
        return "(" + t + " > " + ago(high + 1) + " AND " + t + " <= " + ago(low) + ")"

    def present(test: Fragment) -> Fragment:
        return "(" + t + " IS NOT NULL AND " + test + ")"

    if op == Op.IS_NULL:
        return Fragment(f"({t} IS NULL)")
    if op == Op.IS_NOT_NULL:
        return Fragment(f"({t} IS NOT NULL)")
    if op == Op.GT:
        return present(t + " <= " + ago(v + 1))
    if op == Op.GTE:
        return present(t + " <= " + ago(v))
    if op == Op.LT:
        return present(t + " > " + ago(v))
    if op == Op.LTE:
        return present(t + " > " + ago(v + 1))
    if op == Op.EQ:
        return present(within(v, v))
    if op == Op.NEQ:
        return "(" + t + " IS NULL OR NOT " + within(v, v) + ")"
    if op == Op.BETWEEN:
        return present(within(v[0], v[1]))
    raise ValueError(op)  # pragma: no cover


def _average_spend(cond: Condition, ctx: Context) -> Fragment:
    ctx.joins.add(METRICS_JOIN)
    kind = "NUMERIC" if ctx.sql.postgres else "REAL"
    expr = Fragment(f"(CAST(m.total_spend_minor AS {kind}) / NULLIF(m.spend_count, 0))")
    value = cond.value
    if cond.op == Op.BETWEEN:
        value = [ctx.to_minor(value[0], exact=False), ctx.to_minor(value[1], exact=False)]
    elif value is not None:
        value = ctx.to_minor(value, exact=False)
    check = Fragment("CASE WHEN m.spend_count > 0 THEN 1 END")
    return compare(expr, Condition(cond.field, cond.op, value), ctx, null_check=check)


def _custom_attribute(cond: Condition, ctx: Context) -> Fragment:
    """The attribute as a number (ordering operators, or only numbers given) or as text. Text is a
    string, a number or a boolean (`true`/`false`) written the same on both databases; null, objects
    and arrays are missing."""
    key = cond.key or ""
    numeric = cond.op in (Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN) or (
        cond.op in (Op.EQ, Op.NEQ, Op.IN, Op.NOT_IN)
        and all(isinstance(v, Decimal) for v in (cond.value if isinstance(cond.value, list) else [cond.value]))
    )
    if ctx.sql.postgres:
        if numeric:
            expr = (
                "(CASE WHEN jsonb_typeof(c.custom_attributes -> " + ctx.param(key)
                + ") = 'number' THEN (c.custom_attributes ->> " + ctx.param(key) + ")::numeric END)"
            )
        else:
            expr = (
                "(CASE WHEN jsonb_typeof(c.custom_attributes -> " + ctx.param(key)
                + ") IN ('string', 'number', 'boolean')"
                " THEN c.custom_attributes ->> " + ctx.param(key) + " END)"
            )
    else:
        path = '$."' + key + '"'
        if numeric:
            expr = (
                "(CASE WHEN json_type(c.custom_attributes, " + ctx.param(path)
                + ") IN ('integer', 'real') THEN json_extract(c.custom_attributes, " + ctx.param(path) + ") END)"
            )
        else:  # json_extract gives 1/0 for true/false: use the type's name, as PostgreSQL's ->> does
            expr = (
                "(CASE WHEN json_type(c.custom_attributes, " + ctx.param(path)
                + ") IN ('integer', 'real', 'text')"
                " THEN CAST(json_extract(c.custom_attributes, " + ctx.param(path) + ") AS TEXT)"
                " WHEN json_type(c.custom_attributes, " + ctx.param(path) + ") IN ('true', 'false')"
                " THEN json_type(c.custom_attributes, " + ctx.param(path) + ") END)"
            )
    value = cond.value
    if not (numeric and ctx.sql.postgres):  # SQLite binds REALs; text compares with a number's text
        convert: Callable[[Any], Any] = float if numeric else str
        value = [convert(v) for v in value] if isinstance(value, list) else None if value is None else convert(value)
    cond = Condition(cond.field, cond.op, value, cond.days, cond.key)
    return compare(expr, cond, ctx, null_check=expr)


# --- the catalogue ----------------------------------------------------------------------------------

A, B = FieldGroup.ATTRIBUTE, FieldGroup.BEHAVIOUR
T = FieldType


def _enum(e: type[StrEnum]) -> tuple[str, ...]:
    return tuple(m.value for m in e)


# fmt: off
for _spec in (
    FieldSpec("KIND", T.ENUM, A, "Person or company.", column("c.kind", nullable=False), nullable=False,
              enum_values=_enum(CustomerKind)),
    FieldSpec("GENDER", T.ENUM, A, "Gender of a person.", column("c.gender"), enum_values=_enum(Gender)),
    FieldSpec("AGE", T.NUMBER, A, "Age in whole years, from the birth year and month (within the birth month the "
              "birthday counts as passed).", _age, integer=True, minimum=Decimal(0), maximum=Decimal(150)),
    FieldSpec("BIRTHDAY_MONTH", T.NUMBER, A, "Month of the birthday, 1-12.", column("c.birth_month"), integer=True,
              minimum=Decimal(1), maximum=Decimal(12)),
    FieldSpec("OCCUPATION", T.STRING, A, "Occupation of a person.", column("c.occupation")),
    FieldSpec("INCOME_BAND", T.ENUM, A, "Income band of a person.", column("c.income_band"),
              enum_values=_enum(IncomeBand)),
    FieldSpec("INDUSTRY", T.STRING, A, "Industry of a company.", column("c.industry")),
    FieldSpec("COMPANY_SIZE", T.ENUM, A, "Employee band of a company.", column("c.company_size"),
              enum_values=_enum(CompanySize)),
    FieldSpec("COUNTRY", T.STRING, A, "ISO 3166-1 alpha-2 country code, e.g. CN.", column("c.country")),
    FieldSpec("PROVINCE", T.STRING, A, "Province or state, as stored (e.g. 广东).", column("c.province")),
    FieldSpec("CITY", T.STRING, A, "City, as stored (e.g. 广州).", column("c.city")),
    FieldSpec("GEOGRAPHY_CLASS", T.ENUM, A, "LOCAL, DOMESTIC or INTERNATIONAL.", column("c.geography_class"),
              enum_values=_enum(GeographyClass)),
    FieldSpec("LIFECYCLE_STAGE", T.ENUM, A, "Lifecycle stage.", column("c.lifecycle_stage", nullable=False),
              nullable=False, enum_values=_enum(LifecycleStage)),
    FieldSpec("OWNER", T.ID, A, "The staff user who owns the customer (User ids).", column("c.owner_id", selective=True),
              node_type="User"),
    FieldSpec("TEAM", T.ID, A, "The team the customer is assigned to (Team ids).", column("c.team_id", selective=True),
              node_type="Team"),
    FieldSpec("TAGS", T.TAGS, A, "Tags: CONTAINS a tag; IS_NULL: no tags at all.", _tags),
    FieldSpec("ACQUISITION_SOURCE", T.STRING, A, "The channel that brought the customer.",
              column("c.acquisition_channel")),
    FieldSpec("ACQUISITION_CAMPAIGN", T.STRING, A, "The campaign that brought the customer.",
              column("c.acquisition_campaign")),
    FieldSpec("CREATED_AT", T.DATETIME, A, "When the customer was created.", column("c.created_at", nullable=False),
              nullable=False),
    FieldSpec("CUSTOM_ATTRIBUTE", T.ATTRIBUTE, A, "A custom attribute, by `key`: compared as text, or as a number "
              "when the value is a number.", _custom_attribute, needs_key=True),
    FieldSpec("PURCHASE_COUNT", T.NUMBER, B, "Kept (not refunded) purchases, all time.",
              metric("m.purchase_count", default=0), nullable=False, integer=True, minimum=Decimal(0)),
    FieldSpec("TOTAL_SPEND", T.MONEY, B, "Total of kept purchases in the base currency, all time.",
              metric("m.total_spend_minor", default=0, money=True), nullable=False, minimum=Decimal(0)),
    FieldSpec("AVERAGE_SPEND", T.MONEY, B, "Average kept purchase in the base currency; missing without one.",
              _average_spend, minimum=Decimal(0)),
    FieldSpec("FIRST_PURCHASE_AT", T.DATETIME, B, "Time of the first kept purchase.", metric("m.first_purchase_at")),
    FieldSpec("LAST_PURCHASE_AT", T.DATETIME, B, "Time of the last kept purchase.", metric("m.last_purchase_at")),
    FieldSpec("DAYS_SINCE_LAST_PURCHASE", T.NUMBER, B, "Whole days since the last kept purchase; missing without one.",
              _days_since_last_purchase, integer=True, minimum=Decimal(0),
              maximum=Decimal(36500)),  # rules.MAX_DAYS: a larger one is no date (OverflowError)
    FieldSpec("PURCHASES_IN_LAST_DAYS", T.NUMBER, B, "Kept purchases in the last `days` days.",
              windowed("purchase", "occurred_at", " AND refunded_at IS NULL"), nullable=False,
              needs_days=True, integer=True, minimum=Decimal(0)),
    FieldSpec("SPEND_IN_LAST_DAYS", T.MONEY, B, "Spend (base currency) on kept purchases in the last `days` days.",
              windowed("purchase", "occurred_at", " AND refunded_at IS NULL", spend=True), nullable=False,
              needs_days=True, minimum=Decimal(0)),
    FieldSpec("INTERACTIONS_IN_LAST_DAYS", T.NUMBER, B, "Contacts (either direction) in the last `days` days.",
              windowed("interaction", "occurred_at"), nullable=False, needs_days=True, integer=True,
              minimum=Decimal(0)),
    FieldSpec("COMPLAINTS_IN_LAST_DAYS", T.NUMBER, B, "Complaints filed in the last `days` days.",
              windowed("complaint", "created_at"), nullable=False, needs_days=True, integer=True,
              minimum=Decimal(0)),
    FieldSpec("LAST_NPS_SCORE", T.NUMBER, B, "The customer's latest NPS answer, 0-10; missing without one.",
              related(_latest_nps, missing=None), integer=True, minimum=Decimal(0), maximum=Decimal(10)),
    FieldSpec("LOYALTY_TIER", T.STRING, FieldGroup.LOYALTY, "The loyalty tier's name (e.g. Gold); missing when not "
              "enrolled.", related(_loyalty_tier, missing=None)),
    FieldSpec("LOYALTY_POINTS", T.NUMBER, FieldGroup.LOYALTY, "Loyalty points balance; missing when not enrolled.",
              related(_loyalty_points, missing=None), integer=True, minimum=Decimal(0)),
):
    register(_spec)
# fmt: on

