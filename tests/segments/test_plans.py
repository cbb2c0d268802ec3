"""How SQLite runs a compiled rule: the plan shapes that keep a rule over a million customers fast.

SQLite keeps no statistics of how values spread (its build here has no STAT4), so its plan follows
the query's shape alone; these tests pin that shape. `bench/bench_segments.py` measures what it is
worth (bench/README.md, "Segments"). PostgreSQL plans from statistics, so its plan is not pinned.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections

from guanxi.core import clock
from guanxi.core.sql import Fragment, Sql
from guanxi.segments import rules
from tests.conftest import Database

# The benchmark's rule A: attributes, a windowed sum over purchases, an all-time metric, a negation.
RULE = {
    "all": [
        {"field": "PROVINCE", "op": "EQ", "value": "广东"},
        {"field": "SPEND_IN_LAST_DAYS", "op": "GT", "value": 5000, "days": 365},
        {"field": "KIND", "op": "EQ", "value": "PERSON"},
        {"field": "PURCHASE_COUNT", "op": "GTE", "value": 2},
        {"not": {"field": "LIFECYCLE_STAGE", "op": "EQ", "value": "PROSPECT"}},
        {"any": [{"field": "INTERACTIONS_IN_LAST_DAYS", "op": "GTE", "value": 1, "days": 90},
                 {"field": "CITY", "op": "EQ", "value": "广州"}]},  # fmt: skip
    ]
}


def _compiled(only: list[int] | None = None, scope: Fragment | None = None) -> Fragment:
    ctx = rules.Context(sql=Sql(), now=clock.now(), currency="CNY", only=only)
    return rules.matching(rules.validate(RULE), ctx, scope=scope)


async def _plan(only: list[int] | None = None, scope: Fragment | None = None) -> tuple[str, str]:
    """SQLite's plan of the compiled rule, its lines joined."""
    match = _compiled(only, scope)
    plan = await connections.get("default").execute_query_dict(f"EXPLAIN QUERY PLAN {match.sql}", list(match.params))
    return match.sql, "\n".join(row["detail"] for row in plan)


def _sqlite(db: Database) -> bool:
    return db.backend == "sqlite"


async def test_customers_are_read_in_order_not_through_a_secondary_index(db: Database) -> None:
    if not _sqlite(db):
        return
    _, plan = await _plan()
    # every indexed column test (province, kind, stage, archived_at, metrics) is `+col`: no index drives it
    assert "SCAN c" in plan, plan
    assert "SEARCH c USING" not in plan, plan
    assert "SEARCH m USING INDEX" in plan or "SEARCH m USING COVERING INDEX" in plan, plan  # metrics by key


async def test_a_windowed_figure_is_a_range_of_the_customers_own_rows(db: Database) -> None:
    if not _sqlite(db):
        return
    _, plan = await _plan()
    assert "CORRELATED SCALAR SUBQUERY" in plan, plan
    assert "SEARCH purchase USING INDEX" in plan and "(customer_id=? AND occurred_at>? AND occurred_at<?)" in plan, plan
    assert "(customer_id=? AND occurred_at>? AND occurred_at<?)" in plan.split("SEARCH interaction", 1)[1], plan
    # not every row of the window grouped into a temporary table first
    assert "GROUP BY" not in plan, plan
    assert "LIST SUBQUERY" not in plan, plan


async def test_column_tests_come_before_the_tests_that_read_other_tables(db: Database) -> None:
    where = _compiled().sql.split(" WHERE ", 1)[1]
    province, spend = where.index("province"), where.index("FROM purchase")
    kind, count = where.index("kind"), where.index("purchase_count")
    stage = where.index("lifecycle_stage")
    assert max(province, kind, count, stage) < spend, where
    # within the `any` group too: the city first, the contacts after
    assert where.index("city") < where.index("interaction"), where
    # the rule's order otherwise
    assert province < kind < count < stage, where


async def test_re_evaluating_a_few_customers_reads_only_them(db: Database) -> None:
    if not _sqlite(db):
        return
    _, plan = await _plan(only=[3, 5, 8])
    assert "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
    assert "SCAN c" not in plan, plan


async def test_an_agents_scope_keeps_its_index(db: Database, agent: Any) -> None:
    if not _sqlite(db):
        return
    from guanxi.customers.scoping import customer_scope_sql

    _, plan = await _plan(scope=customer_scope_sql(agent.principal))
    assert "owner" in plan and "SEARCH c USING INDEX" in plan, plan


async def test_re_evaluating_a_few_customers_looks_up_only_their_stays(
    db: Database, admin: Any, sql_statements: list[str]
) -> None:
    """Which of them are members already: their own stays, not a set of every member's (the whole
    segment's current members were gathered to re-evaluate one customer)."""
    from guanxi.customers import services as customers
    from guanxi.segments import services
    from guanxi.segments.models import SegmentKind

    customer, _ = await customers.create_customer(principal=admin.principal, data={"name": "Wang", "country": "CN"})
    await services.create_segment(
        principal=admin.principal,
        data={"name": "China", "kind": SegmentKind.DYNAMIC, "rule": {"field": "COUNTRY", "op": "EQ", "value": "CN"}},
    )
    sql_statements.clear()
    await services.reevaluate_customers([customer.pk])
    inserts = [s for s in sql_statements if "INSERT INTO segment_membership" in s]
    assert len(inserts) == 1, sql_statements
    stays = inserts[0].split("NOT IN (SELECT customer_id FROM segment_membership", 1)[1]
    assert stays.split(")", 1)[0].endswith("exited_at IS NULL AND customer_id IN (?"), inserts[0]


async def test_re_evaluating_a_few_customers_reads_only_their_tags(db: Database) -> None:
    ctx = rules.Context(sql=Sql(), now=clock.now(), currency="CNY", only=[3, 5])
    match = rules.matching(rules.validate({"field": "TAGS", "op": "CONTAINS", "value": "VIP"}), ctx)
    assert "FROM customer_tag WHERE tag = ? AND customer_id IN (?, ?))" in match.sql, match.sql


async def test_an_owner_in_the_rule_reads_that_owners_customers_through_the_index(db: Database, agent: Any) -> None:
    """An owner or a team holds a small share of the customers: their index may drive the query."""
    if not _sqlite(db):
        return
    rule = {"all": [{"field": "OWNER", "op": "EQ", "value": agent.user.pk}, RULE["all"][0]]}
    ctx = rules.Context(sql=Sql(), now=clock.now(), currency="CNY")
    match = rules.matching(rules.validate(rule), ctx)
    plan = await connections.get("default").execute_query_dict(f"EXPLAIN QUERY PLAN {match.sql}", list(match.params))
    details = "\n".join(row["detail"] for row in plan)
    assert "SEARCH c USING INDEX" in details and "(owner_id=?)" in details, details
