"""NPS, CSAT and CES arithmetic, the trend by week and month, and promoters and detractors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from guanxi.customers import services as customer_services
from guanxi.feedback import services, stats
from guanxi.feedback.stats import Period, Summary, period_start
from tests.worlds import World, world  # noqa: F401 - fixture

JAN = datetime(2026, 1, 5, 10, tzinfo=UTC)  # a Monday


def test_nps_is_percent_promoters_minus_percent_detractors():
    s = Summary()
    for score in [10, 9, 9, 8, 7, 6, 0, 3, 10, 10]:  # 5 promoters, 2 passives, 3 detractors
        s.add("NPS", score, 1)
    assert (s.promoters, s.passives, s.detractors, s.nps) == (5, 2, 3, 20.0)
    only_detractors = Summary()
    only_detractors.add("NPS", 0, 4)
    assert only_detractors.nps == -100.0
    assert Summary().nps is None and Summary().csat is None and Summary().ces is None


def test_csat_counts_4_and_5_and_ces_is_an_average():
    s = Summary()
    for score in [5, 4, 3, 1]:
        s.add("CSAT", score, 1)
    for score in [1, 2, 6]:
        s.add("CES", score, 1)
    assert (s.csat, s.ces) == (50.0, 3.0)


def test_periods_start_on_mondays_and_first_days():
    assert period_start(date(2026, 1, 8), Period.WEEK) == date(2026, 1, 5)
    assert period_start(date(2026, 2, 28), Period.MONTH) == date(2026, 2, 1)


async def test_stats_over_a_range_with_a_trend_and_lists(admin):
    a, _ = await customer_services.create_customer(principal=admin.principal, data={"name": "A"})
    b, _ = await customer_services.create_customer(principal=admin.principal, data={"name": "B"})

    async def answer(customer, scale, score, at):
        await services.submit_feedback(
            principal=admin.principal,
            customer_id=customer.pk,
            data={"kind": "SURVEY", "scale": scale, "score": score, "occurred_at": at},
        )

    await answer(a, "NPS", 10, JAN)
    await answer(b, "NPS", 2, JAN + timedelta(days=1))
    await answer(a, "NPS", 5, JAN + timedelta(days=35))  # a's latest answer detracts
    await answer(b, "NPS", 9, JAN + timedelta(days=36))  # b's latest promotes
    await answer(a, "CSAT", 5, JAN + timedelta(days=2))
    await answer(b, "CES", 3, JAN + timedelta(days=3))
    await answer(a, "NPS", 10, JAN - timedelta(days=300))  # outside the range
    result = await stats.feedback_stats(
        principal=admin.principal,
        since=JAN - timedelta(days=4),
        until=JAN + timedelta(days=60),
        period=Period.MONTH,
    )
    assert (result.total.nps_answers, result.total.nps, result.total.csat, result.total.ces) == (
        4,
        0.0,
        100.0,
        3.0,
    )
    assert [(start, s.nps) for start, s in result.trend] == [
        (date(2026, 1, 1), 0.0),
        (date(2026, 2, 1), 0.0),
        (date(2026, 3, 1), None),
    ]
    assert result.by_kind == {"SURVEY": 6}
    weekly = await stats.feedback_stats(
        principal=admin.principal, since=JAN, until=JAN + timedelta(days=14), period=Period.WEEK
    )
    assert [start for start, _ in weekly.trend] == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    since, until = JAN - timedelta(days=4), JAN + timedelta(days=60)
    assert await stats.nps_customers(
        principal=admin.principal, since=since, until=until, promoters=True, limit=20
    ) == [b.pk]
    assert await stats.nps_customers(
        principal=admin.principal, since=since, until=until, promoters=False, limit=20
    ) == [a.pk]


async def test_stats_over_graphql_count_only_visible_customers(gql, world: World):
    for customer, score in ((world.own, 10), (world.north, 0)):
        await services.submit_feedback(
            principal=world.by_role["ADMIN"].principal,
            customer_id=customer.pk,
            data={"kind": "SURVEY", "scale": "NPS", "score": score},
        )
    query = """{ feedbackStats(groupBy: WEEK) { scores { nps npsAnswers promoters detractors }
      trend { start scores { npsAnswers } } promoters { name } detractors { name } byKind { kind count } } }"""
    admin = (await gql.data(query, as_=world.by_role["ADMIN"]))["feedbackStats"]
    assert admin["scores"] == {"nps": 0.0, "npsAnswers": 2, "promoters": 1, "detractors": 1}
    assert (admin["promoters"], admin["detractors"]) == ([{"name": "Own"}], [{"name": "North"}])
    assert sum(p["scores"]["npsAnswers"] for p in admin["trend"]) == 2
    agent = (await gql.data(query, as_=world.by_role["AGENT"]))["feedbackStats"]
    assert agent["scores"] == {"nps": 100.0, "npsAnswers": 1, "promoters": 1, "detractors": 0}
    assert agent["detractors"] == []
    body = await gql(
        '{ feedbackStats(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { scores { nps } } }',
        as_=world.by_role["ADMIN"],
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
