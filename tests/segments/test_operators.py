"""Every field of the segment catalogue with every operator it allows, on a small hand-checked world.

The customers below are built through the services (purchases, refunds, contacts, NPS answers,
complaints) at times relative to a frozen clock, and each condition's expected members are
written out by hand. Every condition is also checked negated: `not` must select exactly the live
customers the condition does not (conditions are two-valued, so a missing value never drops out).

The world (NOW = 2026-06-15 12:00 UTC; "Zhou" is archived and "Wu" erased, so neither ever matches):

| name  | kind    | sex | born       | age | occupation | income       | place           | source/campaign | owner (team)        | tags        |
|-------|---------|-----|------------|-----|------------|--------------|-----------------|-----------------|---------------------|-------------|
| Wang  | PERSON  | M   | 1990-06-20 | 36  | 软件工程师 | HIGH         | CN 广东 广州    | 微信 / 双十一   | South Agent (South) | vip 高尔夫  |
| Li    | PERSON  | F   | 1990-07-01 | 35  | 教师       | MIDDLE       | CN 广东 深圳    | 网站 / -        | South Agent (South) | vip         |
| Zhang | PERSON  | M   | 1990-05-31 | 36  | -          | -            | CN 浙江 杭州    | 微信 / 春节     | - (South)           | 新客        |
| Zhao  | PERSON  | F   | 1985-12-01 | 40  | 律师       | UPPER_MIDDLE | CN 北京 北京    | -               | North Agent (North) | -           |
| Chen  | COMPANY | -   | -          | -   | -          | -            | US - New York   | 展会 / 广交会   | - (-)               | b2b         |
| Liu   | PERSON  | -   | -          | -   | -          | -            | -               | -               | - (-)               | -           |
| Sun   | PERSON  | F   | 2000-06-15 | 26  | 软件测试   | LOW          | CN 广东 佛山    | -               | South Manager (South) | vip      |

Purchases (kept unless said), contacts, NPS answers (oldest first) and complaints, in days before NOW:

- Wang: CNY 1000 @2, 2000 @10, 500.50 @100, 9999 @1 refunded; contacts @1 @3 @60; NPS 3 @90, 9 @5 (and CSAT 2 @1); created @400
- Li: CNY 300 @3 exactly, USD 5000 @20; NPS 6 @10; complaint @5; created @200
- Zhang: CNY 0.10 @(4 days - 1 minute), 0.20 @5, 8000 @400; contact @10; complaints @10 @40; created @30
- Zhao: no purchase; contact @2; NPS 10 @20, 4 @1; created @10
- Chen: USD 100 @1 (no spend in the base currency); created @2
- Liu: nothing; created @1
- Sun: CNY 700 @6 refunded; contacts @40 @50 @200; NPS 8 @3; complaint @1; created @100
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from tortoise import connections

from guanxi.accounts.models import Role
from guanxi.accounts.services import team_named
from guanxi.core import clock
from guanxi.customers import services as customers
from guanxi.customers.models import Customer, LifecycleStage, Purchase
from guanxi.feedback import services as feedback
from guanxi.feedback.models import Complaint
from guanxi.interactions import services as interactions
from guanxi.segments import rules, services
from guanxi.segments.catalogue import CATALOGUE
from guanxi.segments.models import SegmentKind
from tests.conftest import Database, Staff, _tables, make_staff

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))
LIVE = frozenset({"Wang", "Li", "Zhang", "Zhao", "Chen", "Liu", "Sun"})


def ago(days: float = 0, *, minutes: int = 0) -> datetime:
    return NOW - timedelta(days=days, minutes=minutes)


def iso(moment: datetime) -> str:
    return moment.isoformat()


# --- the world ---------------------------------------------------------------------------------------


@dataclass
class World:
    ids: dict[str, int]  # customer name -> id
    users: dict[str, Staff]
    teams: dict[str, int]
    purchases: int  # how many purchase rows: the world is intact while this and the customers are
    names: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = {pk: name for name, pk in self.ids.items()}

    async def intact(self) -> bool:
        rows = await Customer.all().values_list("id", flat=True)
        return sorted(rows) == sorted(self.ids.values()) and await Purchase.all().count() == self.purchases


async def _truncate(database: Database) -> None:
    conn = connections.get("default")
    tables = _tables()
    if database.backend == "postgres":
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script(
            "PRAGMA foreign_keys=OFF;"
            + "".join(f"DELETE FROM {t};" for t in tables)
            + "PRAGMA foreign_keys=ON;"
        )


async def _build() -> World:
    south, north = await team_named("South"), await team_named("North")
    assert south is not None and north is not None
    admin = await make_staff(Role.ADMIN, "Ada Admin")
    manager = await make_staff(Role.MANAGER, "South Manager")
    agent = await make_staff(Role.AGENT, "South Agent")
    north_agent = await make_staff(Role.AGENT, "North Agent")
    for staff, team in ((manager, south), (agent, south), (north_agent, north)):
        staff.user.team = team
        await staff.user.save()
    p = admin.principal
    ids: dict[str, int] = {}

    async def customer(name: str, **data: Any) -> int:
        row, _ = await customers.create_customer(principal=p, data={"name": name, **data})
        ids[name] = row.pk
        return row.pk

    async def buy(
        customer_id: int, amount: str, at: datetime, currency: str = "CNY", *, refund: bool = False
    ) -> None:
        purchase, _ = await customers.record_purchase(
            principal=p,
            customer_id=customer_id,
            data={"amount": Decimal(amount), "currency": currency, "occurred_at": at},
        )
        if refund:
            await customers.refund_purchase(principal=p, purchase_id=purchase.pk, reason="returned")

    async def contact(customer_id: int, at: datetime) -> None:
        await interactions.log_contact(
            principal=p,
            customer_id=customer_id,
            data={"channel": "PHONE", "direction": "INBOUND", "occurred_at": at},
        )

    async def score(customer_id: int, value: int, at: datetime, scale: str = "NPS") -> None:
        await feedback.submit_feedback(
            principal=p,
            customer_id=customer_id,
            data={"kind": "SURVEY", "score": value, "scale": scale, "occurred_at": at},
        )

    async def complaint(customer_id: int, at: datetime) -> None:
        row, _ = await feedback.submit_feedback(
            principal=p,
            customer_id=customer_id,
            data={"kind": "COMPLAINT", "text": "送货太慢了", "occurred_at": at},
        )
        await Complaint.filter(feedback_id=row.pk).update(created_at=at)

    wang = await customer(
        "Wang",
        gender="MALE",
        birthday=date(1990, 6, 20),
        occupation="软件工程师",
        income_band="HIGH",
        country="CN",
        province="广东",
        city="广州",
        acquisition_channel="微信",
        acquisition_campaign="双十一",
        owner_id=agent.user.pk,
        tags=["vip", "高尔夫"],
        custom_attributes={"tier": "gold", "score": 42, "level": "金卡会员", "vip": True},
    )
    await buy(wang, "500.50", ago(100))
    await buy(wang, "2000.00", ago(10))
    await buy(wang, "1000.00", ago(2))
    await buy(wang, "9999.00", ago(1), refund=True)
    for days in (60, 3, 1):
        await contact(wang, ago(days))
    await score(wang, 3, ago(90))
    await score(wang, 9, ago(5))
    await score(wang, 2, ago(1), scale="CSAT")

    li = await customer(
        "Li",
        gender="FEMALE",
        birthday=date(1990, 7, 1),
        occupation="教师",
        income_band="MIDDLE",
        country="CN",
        province="广东",
        city="深圳",
        acquisition_channel="网站",
        owner_id=agent.user.pk,
        tags=["vip"],
        custom_attributes={"tier": "silver", "score": "42", "vip": False, "prefs": {"channel": "WECHAT"}},
    )
    await buy(li, "5000.00", ago(20), "USD")
    await buy(li, "300.00", ago(3))
    await score(li, 6, ago(10))
    await complaint(li, ago(5))

    zhang = await customer(
        "Zhang",
        gender="MALE",
        birthday=date(1990, 5, 31),
        country="CN",
        province="浙江",
        city="杭州",
        acquisition_channel="微信",
        acquisition_campaign="春节",
        tags=["新客"],
        custom_attributes={"score": 7.5, "tier": None},
    )
    await buy(zhang, "8000.00", ago(400))
    await buy(zhang, "0.20", ago(5))
    await buy(zhang, "0.10", ago(4, minutes=-1))
    await contact(zhang, ago(10))
    await complaint(zhang, ago(40))
    await complaint(zhang, ago(10))

    zhao = await customer(
        "Zhao",
        gender="FEMALE",
        birthday=date(1985, 12, 1),
        occupation="律师",
        income_band="UPPER_MIDDLE",
        country="CN",
        province="北京",
        city="北京",
        owner_id=north_agent.user.pk,
        custom_attributes={"tier": "gold", "tags": ["a", "b"]},
    )
    await contact(zhao, ago(2))
    await score(zhao, 10, ago(20))
    await score(zhao, 4, ago(1))

    chen = await customer(
        "Chen",
        kind="COMPANY",
        industry="制造业",
        company_size="LARGE",
        country="US",
        city="New York",
        acquisition_channel="展会",
        acquisition_campaign="广交会",
        tags=["b2b"],
        custom_attributes={"score": 100},
    )
    await buy(chen, "100.00", ago(1), "USD")

    liu = await customer("Liu")

    sun = await customer(
        "Sun",
        gender="FEMALE",
        birthday=date(2000, 6, 15),
        occupation="软件测试",
        income_band="LOW",
        country="CN",
        province="广东",
        city="佛山",
        owner_id=manager.user.pk,
        tags=["vip"],
        custom_attributes={"tier": "Gold"},
    )
    await buy(sun, "700.00", ago(6), refund=True)
    for days in (200, 50, 40):
        await contact(sun, ago(days))
    await score(sun, 8, ago(3))
    await complaint(sun, ago(1))

    # Zhou would match almost everything, but is archived; Wu knows nothing, but is erased.
    zhou = await customer(
        "Zhou",
        gender="MALE",
        birthday=date(1990, 6, 1),
        occupation="软件工程师",
        income_band="HIGH",
        country="CN",
        province="广东",
        city="广州",
        acquisition_channel="微信",
        acquisition_campaign="双十一",
        owner_id=agent.user.pk,
        tags=["vip", "高尔夫"],
        custom_attributes={"tier": "gold", "score": 42},
    )
    await buy(zhou, "5000.00", ago(1))
    await contact(zhou, ago(1))
    await score(zhou, 9, ago(1))
    await complaint(zhou, ago(1))
    wu = await customer("Wu")

    await Customer.filter(id=zhang).update(team_id=south.pk)
    stages = {
        wang: (400, LifecycleStage.LOYAL),
        li: (200, LifecycleStage.PURCHASER),
        zhang: (30, LifecycleStage.PURCHASER),
        zhao: (10, LifecycleStage.PROSPECT),
        chen: (2, LifecycleStage.POTENTIAL_BUYER),
        liu: (1, LifecycleStage.PROSPECT),
        sun: (100, LifecycleStage.ADVOCATE),
        zhou: (400, LifecycleStage.LOYAL),
        wu: (5, LifecycleStage.PROSPECT),
    }
    for pk, (days, stage) in stages.items():
        await Customer.filter(id=pk).update(
            created_at=ago(days), lifecycle_stage=stage, lifecycle_stage_pinned=True
        )
    await customers.set_archived(principal=p, customer_id=zhou, archived=True)
    await Customer.filter(id=wu).update(erased_at=ago(1))
    return World(
        ids=ids,
        users={"admin": admin, "South Manager": manager, "South Agent": agent, "North Agent": north_agent},
        teams={"South": south.pk, "North": north.pk},
        purchases=await Purchase.all().count(),
    )


_BUILT: dict[str, World] = {}


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    """The world above, built once per database and kept while no other test cleared it."""
    clock.freeze(NOW)
    try:
        built = _BUILT.get(database.backend)
        if built is None or not await built.intact():
            await _truncate(database)
            built = _BUILT[database.backend] = await _build()
        yield built
    finally:
        clock.freeze(None)


# --- the table ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    name: str  # a staff user of the world, by name


@dataclass(frozen=True)
class Team:
    name: str


def c(
    name: str, op: str, value: Any = None, *, days: int | None = None, key: str | None = None
) -> dict[str, Any]:
    node: dict[str, Any] = {"field": name, "op": op}
    if value is not None:
        node["value"] = value
    if days is not None:
        node["days"] = days
    if key is not None:
        node["key"] = key
    return node


def attr(key: str, op: str, value: Any = None) -> dict[str, Any]:
    return c("CUSTOM_ATTRIBUTE", op, value, key=key)


NOBODY = ""
EVERYONE = "Wang Li Zhang Zhao Chen Liu Sun"

CASES: list[tuple[dict[str, Any], str]] = [
    # KIND (never missing)
    (c("KIND", "EQ", "COMPANY"), "Chen"),
    (c("KIND", "NEQ", "COMPANY"), "Wang Li Zhang Zhao Liu Sun"),
    (c("KIND", "IN", ["PERSON"]), "Wang Li Zhang Zhao Liu Sun"),
    (c("KIND", "NOT_IN", ["PERSON"]), "Chen"),
    # GENDER: NEQ and NOT_IN include the unknown
    (c("GENDER", "EQ", "FEMALE"), "Li Zhao Sun"),
    (c("GENDER", "NEQ", "FEMALE"), "Wang Zhang Chen Liu"),
    (c("GENDER", "IN", ["MALE", "OTHER"]), "Wang Zhang"),
    (c("GENDER", "NOT_IN", ["MALE"]), "Li Zhao Chen Liu Sun"),
    (c("GENDER", "IS_NULL"), "Chen Liu"),
    (c("GENDER", "IS_NOT_NULL"), "Wang Li Zhang Zhao Sun"),
    # AGE: within the birth month the birthday counts as passed (Wang born 1990-06-20 is 36 on 06-15)
    (c("AGE", "EQ", 36), "Wang Zhang"),
    (c("AGE", "EQ", 35), "Li"),
    (c("AGE", "EQ", 26), "Sun"),
    (c("AGE", "NEQ", 36), "Li Zhao Chen Liu Sun"),
    (c("AGE", "GT", 35), "Wang Zhang Zhao"),
    (c("AGE", "GTE", 36), "Wang Zhang Zhao"),
    (c("AGE", "LT", 36), "Li Sun"),
    (c("AGE", "LTE", 35), "Li Sun"),
    (c("AGE", "BETWEEN", [26, 35]), "Li Sun"),
    (c("AGE", "BETWEEN", [36, 40]), "Wang Zhang Zhao"),
    (c("AGE", "IS_NULL"), "Chen Liu"),
    (c("AGE", "IS_NOT_NULL"), "Wang Li Zhang Zhao Sun"),
    # BIRTHDAY_MONTH
    (c("BIRTHDAY_MONTH", "EQ", 6), "Wang Sun"),
    (c("BIRTHDAY_MONTH", "NEQ", 6), "Li Zhang Zhao Chen Liu"),
    (c("BIRTHDAY_MONTH", "GT", 6), "Li Zhao"),
    (c("BIRTHDAY_MONTH", "GTE", 7), "Li Zhao"),
    (c("BIRTHDAY_MONTH", "LT", 6), "Zhang"),
    (c("BIRTHDAY_MONTH", "LTE", 6), "Wang Zhang Sun"),
    (c("BIRTHDAY_MONTH", "BETWEEN", [5, 7]), "Wang Li Zhang Sun"),
    (c("BIRTHDAY_MONTH", "IS_NULL"), "Chen Liu"),
    (c("BIRTHDAY_MONTH", "IS_NOT_NULL"), "Wang Li Zhang Zhao Sun"),
    # OCCUPATION: STARTS_WITH on Chinese text counts characters
    (c("OCCUPATION", "EQ", "教师"), "Li"),
    (c("OCCUPATION", "EQ", " 教师 "), "Li"),
    (c("OCCUPATION", "NEQ", "教师"), "Wang Zhang Zhao Chen Liu Sun"),
    (c("OCCUPATION", "IN", ["律师", "教师"]), "Li Zhao"),
    (c("OCCUPATION", "NOT_IN", ["律师", "教师"]), "Wang Zhang Chen Liu Sun"),
    (c("OCCUPATION", "STARTS_WITH", "软件"), "Wang Sun"),
    (c("OCCUPATION", "STARTS_WITH", "软件工"), "Wang"),
    (c("OCCUPATION", "STARTS_WITH", "工程师"), NOBODY),
    (c("OCCUPATION", "IS_NULL"), "Zhang Chen Liu"),
    (c("OCCUPATION", "IS_NOT_NULL"), "Wang Li Zhao Sun"),
    # INCOME_BAND
    (c("INCOME_BAND", "EQ", "HIGH"), "Wang"),
    (c("INCOME_BAND", "NEQ", "HIGH"), "Li Zhang Zhao Chen Liu Sun"),
    (c("INCOME_BAND", "IN", ["MIDDLE", "UPPER_MIDDLE"]), "Li Zhao"),
    (c("INCOME_BAND", "NOT_IN", ["HIGH", "LOW"]), "Li Zhang Zhao Chen Liu"),
    (c("INCOME_BAND", "IS_NULL"), "Zhang Chen Liu"),
    (c("INCOME_BAND", "IS_NOT_NULL"), "Wang Li Zhao Sun"),
    # INDUSTRY
    (c("INDUSTRY", "EQ", "制造业"), "Chen"),
    (c("INDUSTRY", "NEQ", "制造业"), "Wang Li Zhang Zhao Liu Sun"),
    (c("INDUSTRY", "IN", ["制造业", "零售"]), "Chen"),
    (c("INDUSTRY", "NOT_IN", ["零售"]), EVERYONE),
    (c("INDUSTRY", "STARTS_WITH", "制造"), "Chen"),
    (c("INDUSTRY", "IS_NULL"), "Wang Li Zhang Zhao Liu Sun"),
    (c("INDUSTRY", "IS_NOT_NULL"), "Chen"),
    # COMPANY_SIZE
    (c("COMPANY_SIZE", "EQ", "LARGE"), "Chen"),
    (c("COMPANY_SIZE", "NEQ", "LARGE"), "Wang Li Zhang Zhao Liu Sun"),
    (c("COMPANY_SIZE", "IN", ["SMALL", "MEDIUM"]), NOBODY),
    (c("COMPANY_SIZE", "NOT_IN", ["SMALL"]), EVERYONE),
    (c("COMPANY_SIZE", "IS_NULL"), "Wang Li Zhang Zhao Liu Sun"),
    (c("COMPANY_SIZE", "IS_NOT_NULL"), "Chen"),
    # COUNTRY: codes are compared in upper case
    (c("COUNTRY", "EQ", "cn"), "Wang Li Zhang Zhao Sun"),
    (c("COUNTRY", "NEQ", "CN"), "Chen Liu"),
    (c("COUNTRY", "IN", ["US", "JP"]), "Chen"),
    (c("COUNTRY", "NOT_IN", ["CN"]), "Chen Liu"),
    (c("COUNTRY", "STARTS_WITH", "u"), "Chen"),
    (c("COUNTRY", "IS_NULL"), "Liu"),
    (c("COUNTRY", "IS_NOT_NULL"), "Wang Li Zhang Zhao Chen Sun"),
    # PROVINCE
    (c("PROVINCE", "EQ", "广东"), "Wang Li Sun"),
    (c("PROVINCE", "NEQ", "广东"), "Zhang Zhao Chen Liu"),
    (c("PROVINCE", "IN", ["浙江", "北京"]), "Zhang Zhao"),
    (c("PROVINCE", "NOT_IN", ["广东", "浙江"]), "Zhao Chen Liu"),
    (c("PROVINCE", "STARTS_WITH", "广"), "Wang Li Sun"),
    (c("PROVINCE", "IS_NULL"), "Chen Liu"),
    (c("PROVINCE", "IS_NOT_NULL"), "Wang Li Zhang Zhao Sun"),
    # CITY: "not in Guangzhou" includes the unknown city
    (c("CITY", "EQ", "广州"), "Wang"),
    (c("CITY", "NEQ", "广州"), "Li Zhang Zhao Chen Liu Sun"),
    (c("CITY", "IN", ["广州", "深圳"]), "Wang Li"),
    (c("CITY", "NOT_IN", ["广州", "深圳"]), "Zhang Zhao Chen Liu Sun"),
    (c("CITY", "STARTS_WITH", "广州"), "Wang"),
    (c("CITY", "STARTS_WITH", "New"), "Chen"),
    (c("CITY", "STARTS_WITH", "new"), NOBODY),
    (c("CITY", "IS_NULL"), "Liu"),
    (c("CITY", "IS_NOT_NULL"), "Wang Li Zhang Zhao Chen Sun"),
    # GEOGRAPHY_CLASS (home: CN 广东)
    (c("GEOGRAPHY_CLASS", "EQ", "LOCAL"), "Wang Li Sun"),
    (c("GEOGRAPHY_CLASS", "NEQ", "LOCAL"), "Zhang Zhao Chen Liu"),
    (c("GEOGRAPHY_CLASS", "IN", ["DOMESTIC", "INTERNATIONAL"]), "Zhang Zhao Chen"),
    (c("GEOGRAPHY_CLASS", "NOT_IN", ["LOCAL", "DOMESTIC"]), "Chen Liu"),
    (c("GEOGRAPHY_CLASS", "IS_NULL"), "Liu"),
    (c("GEOGRAPHY_CLASS", "IS_NOT_NULL"), "Wang Li Zhang Zhao Chen Sun"),
    # LIFECYCLE_STAGE (never missing)
    (c("LIFECYCLE_STAGE", "EQ", "PURCHASER"), "Li Zhang"),
    (c("LIFECYCLE_STAGE", "NEQ", "PURCHASER"), "Wang Zhao Chen Liu Sun"),
    (c("LIFECYCLE_STAGE", "IN", ["PROSPECT", "POTENTIAL_BUYER"]), "Zhao Chen Liu"),
    (c("LIFECYCLE_STAGE", "NOT_IN", ["PROSPECT"]), "Wang Li Zhang Chen Sun"),
    # OWNER
    (c("OWNER", "EQ", User("South Agent")), "Wang Li"),
    (c("OWNER", "NEQ", User("South Agent")), "Zhang Zhao Chen Liu Sun"),
    (c("OWNER", "IN", [User("North Agent"), User("South Manager")]), "Zhao Sun"),
    (c("OWNER", "NOT_IN", [User("South Agent"), User("North Agent")]), "Zhang Chen Liu Sun"),
    (c("OWNER", "EQ", User("admin")), NOBODY),
    (c("OWNER", "IS_NULL"), "Zhang Chen Liu"),
    (c("OWNER", "IS_NOT_NULL"), "Wang Li Zhao Sun"),
    # TEAM
    (c("TEAM", "EQ", Team("South")), "Wang Li Zhang Sun"),
    (c("TEAM", "NEQ", Team("South")), "Zhao Chen Liu"),
    (c("TEAM", "IN", [Team("North")]), "Zhao"),
    (c("TEAM", "NOT_IN", [Team("North")]), "Wang Li Zhang Chen Liu Sun"),
    (c("TEAM", "IS_NULL"), "Chen Liu"),
    (c("TEAM", "IS_NOT_NULL"), "Wang Li Zhang Zhao Sun"),
    # TAGS
    (c("TAGS", "CONTAINS", "vip"), "Wang Li Sun"),
    (c("TAGS", "CONTAINS", "高尔夫"), "Wang"),
    (c("TAGS", "CONTAINS", "golf"), NOBODY),
    (c("TAGS", "IS_NULL"), "Zhao Liu"),
    (c("TAGS", "IS_NOT_NULL"), "Wang Li Zhang Chen Sun"),
    # ACQUISITION_SOURCE
    (c("ACQUISITION_SOURCE", "EQ", "微信"), "Wang Zhang"),
    (c("ACQUISITION_SOURCE", "NEQ", "微信"), "Li Zhao Chen Liu Sun"),
    (c("ACQUISITION_SOURCE", "IN", ["网站", "展会"]), "Li Chen"),
    (c("ACQUISITION_SOURCE", "NOT_IN", ["微信", "网站"]), "Zhao Chen Liu Sun"),
    (c("ACQUISITION_SOURCE", "STARTS_WITH", "微"), "Wang Zhang"),
    (c("ACQUISITION_SOURCE", "IS_NULL"), "Zhao Liu Sun"),
    (c("ACQUISITION_SOURCE", "IS_NOT_NULL"), "Wang Li Zhang Chen"),
    # ACQUISITION_CAMPAIGN
    (c("ACQUISITION_CAMPAIGN", "EQ", "双十一"), "Wang"),
    (c("ACQUISITION_CAMPAIGN", "NEQ", "双十一"), "Li Zhang Zhao Chen Liu Sun"),
    (c("ACQUISITION_CAMPAIGN", "IN", ["春节", "广交会"]), "Zhang Chen"),
    (c("ACQUISITION_CAMPAIGN", "NOT_IN", ["春节"]), "Wang Li Zhao Chen Liu Sun"),
    (c("ACQUISITION_CAMPAIGN", "STARTS_WITH", "广"), "Chen"),
    (c("ACQUISITION_CAMPAIGN", "IS_NULL"), "Li Zhao Liu Sun"),
    (c("ACQUISITION_CAMPAIGN", "IS_NOT_NULL"), "Wang Zhang Chen"),
    # CREATED_AT (Wang 400, Li 200, Sun 100, Zhang 30, Zhao 10, Chen 2, Liu 1 days ago); bounds are inclusive
    (c("CREATED_AT", "GT", iso(ago(30))), "Zhao Chen Liu"),
    (c("CREATED_AT", "GTE", iso(ago(30))), "Zhang Zhao Chen Liu"),
    (c("CREATED_AT", "GTE", iso(ago(30).astimezone(CST))), "Zhang Zhao Chen Liu"),
    (c("CREATED_AT", "GTE", "2026-06-05"), "Zhao Chen Liu"),
    (c("CREATED_AT", "LT", iso(ago(100))), "Wang Li"),
    (c("CREATED_AT", "LTE", iso(ago(100))), "Wang Li Sun"),
    (c("CREATED_AT", "BETWEEN", [iso(ago(200)), iso(ago(30))]), "Li Zhang Sun"),
    (c("CREATED_AT", "WITHIN_LAST_DAYS", 10), "Zhao Chen Liu"),
    (c("CREATED_AT", "NOT_WITHIN_LAST_DAYS", 30), "Wang Li Sun"),
    # CUSTOM_ATTRIBUTE: text, or a number when the value is one; objects and arrays are not values
    (attr("tier", "EQ", "gold"), "Wang Zhao"),
    (attr("tier", "NEQ", "gold"), "Li Zhang Chen Liu Sun"),
    (attr("tier", "IN", ["silver", "Gold"]), "Li Sun"),
    (attr("tier", "NOT_IN", ["gold", "silver"]), "Zhang Chen Liu Sun"),
    (attr("tier", "STARTS_WITH", "g"), "Wang Zhao"),
    (attr("tier", "IS_NULL"), "Zhang Chen Liu"),
    (attr("tier", "IS_NOT_NULL"), "Wang Li Zhao Sun"),
    (attr("level", "STARTS_WITH", "金卡"), "Wang"),
    (attr("score", "EQ", 42), "Wang"),
    (attr("score", "EQ", "42"), "Wang Li"),
    (attr("score", "NEQ", 42), "Li Zhang Zhao Chen Liu Sun"),
    (attr("score", "GT", 7.5), "Wang Chen"),
    (attr("score", "GTE", "7.5"), "Wang Zhang Chen"),
    (attr("score", "LT", 42), "Zhang"),
    (attr("score", "LTE", 42), "Wang Zhang"),
    (attr("score", "BETWEEN", [7.5, 42]), "Wang Zhang"),
    (attr("score", "IN", [42, 100]), "Wang Chen"),
    (attr("score", "NOT_IN", [42, 100]), "Li Zhang Zhao Liu Sun"),
    (attr("score", "IN", ["42", 7.5]), "Wang Li Zhang"),
    (attr("score", "STARTS_WITH", "4"), "Wang Li"),
    (attr("score", "IS_NULL"), "Zhao Liu Sun"),
    (attr("score", "IS_NOT_NULL"), "Wang Li Zhang Chen"),
    (attr("vip", "EQ", "true"), "Wang"),
    (attr("vip", "EQ", "false"), "Li"),
    (attr("vip", "IS_NOT_NULL"), "Wang Li"),
    (attr("prefs", "IS_NULL"), EVERYONE),
    (attr("tags", "IS_NOT_NULL"), NOBODY),
    # PURCHASE_COUNT: kept purchases in any currency (Wang 3, Li 2, Zhang 3, Chen 1; Sun's only one refunded)
    (c("PURCHASE_COUNT", "EQ", 0), "Zhao Liu Sun"),
    (c("PURCHASE_COUNT", "NEQ", 3), "Li Zhao Chen Liu Sun"),
    (c("PURCHASE_COUNT", "GT", 1), "Wang Li Zhang"),
    (c("PURCHASE_COUNT", "GTE", 2), "Wang Li Zhang"),
    (c("PURCHASE_COUNT", "LT", 2), "Zhao Chen Liu Sun"),
    (c("PURCHASE_COUNT", "LTE", 1), "Zhao Chen Liu Sun"),
    (c("PURCHASE_COUNT", "BETWEEN", [1, 2]), "Li Chen"),
    # TOTAL_SPEND: kept purchases in CNY only (Wang 3500.50, Li 300, Zhang 8000.30; Chen bought in USD)
    (c("TOTAL_SPEND", "EQ", 0), "Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "EQ", "3500.5"), "Wang"),
    (c("TOTAL_SPEND", "NEQ", 300), "Wang Zhang Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "GT", "3500.49"), "Wang Zhang"),
    (c("TOTAL_SPEND", "GT", "3500.50"), "Zhang"),
    (c("TOTAL_SPEND", "GT", "299.999"), "Wang Li Zhang"),
    (c("TOTAL_SPEND", "GTE", "3500.5"), "Wang Zhang"),
    (c("TOTAL_SPEND", "GTE", "300.001"), "Wang Zhang"),
    (c("TOTAL_SPEND", "LT", 300), "Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "LT", "300.001"), "Li Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "LTE", 300), "Li Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "LTE", "299.999"), "Zhao Chen Liu Sun"),
    (c("TOTAL_SPEND", "BETWEEN", [300, "3500.50"]), "Wang Li"),
    (c("TOTAL_SPEND", "BETWEEN", ["299.995", "3500.505"]), "Wang Li"),
    (c("TOTAL_SPEND", "EQ", "300.001"), NOBODY),
    # AVERAGE_SPEND: over kept CNY purchases (Wang 1166.8333, Li 300, Zhang 2666.7666); missing without one
    (c("AVERAGE_SPEND", "EQ", 300), "Li"),
    (c("AVERAGE_SPEND", "NEQ", 300), "Wang Zhang Zhao Chen Liu Sun"),
    (c("AVERAGE_SPEND", "GT", "1166.83"), "Wang Zhang"),
    (c("AVERAGE_SPEND", "GTE", "1166.84"), "Zhang"),
    (c("AVERAGE_SPEND", "LT", "1166.84"), "Wang Li"),
    (c("AVERAGE_SPEND", "LTE", 300), "Li"),
    (c("AVERAGE_SPEND", "BETWEEN", [300, 1200]), "Wang Li"),
    (c("AVERAGE_SPEND", "IS_NULL"), "Zhao Chen Liu Sun"),
    (c("AVERAGE_SPEND", "IS_NOT_NULL"), "Wang Li Zhang"),
    # FIRST_PURCHASE_AT (Wang 100, Li 20, Zhang 400, Chen 1 days ago)
    (c("FIRST_PURCHASE_AT", "GT", iso(ago(50))), "Li Chen"),
    (c("FIRST_PURCHASE_AT", "GTE", iso(ago(20))), "Li Chen"),
    (c("FIRST_PURCHASE_AT", "LT", iso(ago(20))), "Wang Zhang"),
    (c("FIRST_PURCHASE_AT", "LTE", iso(ago(100))), "Wang Zhang"),
    (c("FIRST_PURCHASE_AT", "BETWEEN", [iso(ago(100)), iso(ago(20))]), "Wang Li"),
    (c("FIRST_PURCHASE_AT", "WITHIN_LAST_DAYS", 30), "Li Chen"),
    (c("FIRST_PURCHASE_AT", "NOT_WITHIN_LAST_DAYS", 30), "Wang Zhang Zhao Liu Sun"),
    (c("FIRST_PURCHASE_AT", "IS_NULL"), "Zhao Liu Sun"),
    (c("FIRST_PURCHASE_AT", "IS_NOT_NULL"), "Wang Li Zhang Chen"),
    # LAST_PURCHASE_AT (Wang 2 (a refund 1), Li 3, Zhang 4 days less a minute, Chen 1 days ago)
    (c("LAST_PURCHASE_AT", "GT", iso(ago(3))), "Wang Chen"),
    (c("LAST_PURCHASE_AT", "GT", iso(ago(1.5))), "Chen"),
    (c("LAST_PURCHASE_AT", "GTE", iso(ago(3))), "Wang Li Chen"),
    (c("LAST_PURCHASE_AT", "LT", iso(ago(3))), "Zhang"),
    (c("LAST_PURCHASE_AT", "LTE", iso(ago(3))), "Li Zhang"),
    (c("LAST_PURCHASE_AT", "BETWEEN", [iso(ago(4)), iso(ago(2))]), "Wang Li Zhang"),
    (c("LAST_PURCHASE_AT", "WITHIN_LAST_DAYS", 3), "Wang Li Chen"),
    (c("LAST_PURCHASE_AT", "NOT_WITHIN_LAST_DAYS", 3), "Zhang Zhao Liu Sun"),
    (c("LAST_PURCHASE_AT", "IS_NULL"), "Zhao Liu Sun"),
    (c("LAST_PURCHASE_AT", "IS_NOT_NULL"), "Wang Li Zhang Chen"),
    # DAYS_SINCE_LAST_PURCHASE, in whole days: Chen 1, Wang 2, Li 3 (exactly), Zhang 3 (4 days less a minute)
    (c("DAYS_SINCE_LAST_PURCHASE", "EQ", 3), "Li Zhang"),
    (c("DAYS_SINCE_LAST_PURCHASE", "EQ", 2), "Wang"),
    (c("DAYS_SINCE_LAST_PURCHASE", "EQ", 4), NOBODY),
    (c("DAYS_SINCE_LAST_PURCHASE", "EQ", 0), NOBODY),
    (c("DAYS_SINCE_LAST_PURCHASE", "NEQ", 3), "Wang Zhao Chen Liu Sun"),
    (c("DAYS_SINCE_LAST_PURCHASE", "GT", 2), "Li Zhang"),
    (c("DAYS_SINCE_LAST_PURCHASE", "GT", 3), NOBODY),
    (c("DAYS_SINCE_LAST_PURCHASE", "LT", 36500), "Wang Li Zhang Chen"),
    (c("DAYS_SINCE_LAST_PURCHASE", "GTE", 3), "Li Zhang"),
    (c("DAYS_SINCE_LAST_PURCHASE", "LT", 3), "Wang Chen"),
    (c("DAYS_SINCE_LAST_PURCHASE", "LTE", 2), "Wang Chen"),
    (c("DAYS_SINCE_LAST_PURCHASE", "LTE", 3), "Wang Li Zhang Chen"),
    (c("DAYS_SINCE_LAST_PURCHASE", "BETWEEN", [1, 2]), "Wang Chen"),
    (c("DAYS_SINCE_LAST_PURCHASE", "BETWEEN", [3, 3]), "Li Zhang"),
    (c("DAYS_SINCE_LAST_PURCHASE", "IS_NULL"), "Zhao Liu Sun"),
    (c("DAYS_SINCE_LAST_PURCHASE", "IS_NOT_NULL"), "Wang Li Zhang Chen"),
    # PURCHASES_IN_LAST_DAYS: kept purchases in any currency; customers without any count 0
    (c("PURCHASES_IN_LAST_DAYS", "LT", 1, days=7), "Zhao Liu Sun"),
    (c("PURCHASES_IN_LAST_DAYS", "EQ", 0, days=7), "Zhao Liu Sun"),
    (c("PURCHASES_IN_LAST_DAYS", "EQ", 1, days=7), "Wang Li Chen"),
    (c("PURCHASES_IN_LAST_DAYS", "NEQ", 1, days=7), "Zhang Zhao Liu Sun"),
    (c("PURCHASES_IN_LAST_DAYS", "GT", 1, days=7), "Zhang"),
    (c("PURCHASES_IN_LAST_DAYS", "GTE", 1, days=7), "Wang Li Zhang Chen"),
    (c("PURCHASES_IN_LAST_DAYS", "LTE", 1, days=7), "Wang Li Zhao Chen Liu Sun"),
    (c("PURCHASES_IN_LAST_DAYS", "BETWEEN", [0, 1], days=7), "Wang Li Zhao Chen Liu Sun"),
    (c("PURCHASES_IN_LAST_DAYS", "BETWEEN", [1, 2], days=7), "Wang Li Zhang Chen"),
    (c("PURCHASES_IN_LAST_DAYS", "GTE", 2, days=30), "Wang Li Zhang"),
    (c("PURCHASES_IN_LAST_DAYS", "EQ", 1, days=3), "Wang Li Chen"),
    # SPEND_IN_LAST_DAYS: kept CNY purchases (30 days: Wang 3000, Li 300, Zhang 0.10 + 0.20)
    (c("SPEND_IN_LAST_DAYS", "EQ", "0.3", days=30), "Zhang"),
    (c("SPEND_IN_LAST_DAYS", "EQ", 0, days=30), "Zhao Chen Liu Sun"),
    (c("SPEND_IN_LAST_DAYS", "NEQ", 300, days=30), "Wang Zhang Zhao Chen Liu Sun"),
    (c("SPEND_IN_LAST_DAYS", "GT", "2999.99", days=30), "Wang"),
    (c("SPEND_IN_LAST_DAYS", "GTE", 300, days=30), "Wang Li"),
    (c("SPEND_IN_LAST_DAYS", "LT", 300, days=30), "Zhang Zhao Chen Liu Sun"),
    (c("SPEND_IN_LAST_DAYS", "LTE", 300, days=30), "Li Zhang Zhao Chen Liu Sun"),
    (c("SPEND_IN_LAST_DAYS", "BETWEEN", ["0.3", 300], days=30), "Li Zhang"),
    (c("SPEND_IN_LAST_DAYS", "GT", 3500, days=365), "Wang"),
    (c("SPEND_IN_LAST_DAYS", "EQ", "3500.50", days=365), "Wang"),
    # INTERACTIONS_IN_LAST_DAYS (7 days: Wang 2, Zhao 1; 60 days: Wang 3, Sun 2, Zhang 1, Zhao 1)
    (c("INTERACTIONS_IN_LAST_DAYS", "EQ", 2, days=7), "Wang"),
    (c("INTERACTIONS_IN_LAST_DAYS", "NEQ", 1, days=7), "Wang Li Zhang Chen Liu Sun"),
    (c("INTERACTIONS_IN_LAST_DAYS", "GT", 0, days=7), "Wang Zhao"),
    (c("INTERACTIONS_IN_LAST_DAYS", "GTE", 1, days=7), "Wang Zhao"),
    (c("INTERACTIONS_IN_LAST_DAYS", "LT", 1, days=7), "Li Zhang Chen Liu Sun"),
    (c("INTERACTIONS_IN_LAST_DAYS", "LTE", 1, days=7), "Li Zhang Zhao Chen Liu Sun"),
    (c("INTERACTIONS_IN_LAST_DAYS", "BETWEEN", [1, 5], days=7), "Wang Zhao"),
    (c("INTERACTIONS_IN_LAST_DAYS", "GTE", 2, days=60), "Wang Sun"),
    (c("INTERACTIONS_IN_LAST_DAYS", "EQ", 3, days=60), "Wang"),
    # COMPLAINTS_IN_LAST_DAYS (7 days: Li 1, Sun 1; 60 days: Zhang 2 too)
    (c("COMPLAINTS_IN_LAST_DAYS", "EQ", 0, days=7), "Wang Zhang Zhao Chen Liu"),
    (c("COMPLAINTS_IN_LAST_DAYS", "NEQ", 0, days=7), "Li Sun"),
    (c("COMPLAINTS_IN_LAST_DAYS", "GT", 0, days=7), "Li Sun"),
    (c("COMPLAINTS_IN_LAST_DAYS", "GTE", 1, days=7), "Li Sun"),
    (c("COMPLAINTS_IN_LAST_DAYS", "LT", 1, days=7), "Wang Zhang Zhao Chen Liu"),
    (c("COMPLAINTS_IN_LAST_DAYS", "LTE", 0, days=7), "Wang Zhang Zhao Chen Liu"),
    (c("COMPLAINTS_IN_LAST_DAYS", "BETWEEN", [1, 1], days=7), "Li Sun"),
    (c("COMPLAINTS_IN_LAST_DAYS", "EQ", 2, days=60), "Zhang"),
    (c("COMPLAINTS_IN_LAST_DAYS", "EQ", 1, days=10), "Li Zhang Sun"),
    # LAST_NPS_SCORE: the latest NPS answer (Wang 3 then 9, Zhao 10 then 4, Li 6, Sun 8); CSAT does not count
    (c("LAST_NPS_SCORE", "EQ", 9), "Wang"),
    (c("LAST_NPS_SCORE", "EQ", 3), NOBODY),
    (c("LAST_NPS_SCORE", "EQ", 10), NOBODY),
    (c("LAST_NPS_SCORE", "EQ", 2), NOBODY),
    (c("LAST_NPS_SCORE", "NEQ", 9), "Li Zhang Zhao Chen Liu Sun"),
    (c("LAST_NPS_SCORE", "GT", 6), "Wang Sun"),
    (c("LAST_NPS_SCORE", "GTE", 6), "Wang Li Sun"),
    (c("LAST_NPS_SCORE", "LT", 6), "Zhao"),
    (c("LAST_NPS_SCORE", "LTE", 6), "Li Zhao"),
    (c("LAST_NPS_SCORE", "BETWEEN", [4, 8]), "Li Zhao Sun"),
    (c("LAST_NPS_SCORE", "IS_NULL"), "Zhang Chen Liu"),
    (c("LAST_NPS_SCORE", "IS_NOT_NULL"), "Wang Li Zhao Sun"),
    # Loyalty (auto-enrolled by their first CNY purchase): Wang 500 (Bronze) + 2,000 (-> Silver) + 1,000 x 1.25
    # + 9,999 x 1.25 (-> Gold) then refunded: 3,750, Gold (tiers fall only at the monthly review); Li 300,
    # Bronze; Zhang 8,000, Gold (0.10 and 0.20 earn nothing); Sun 700 refunded: 0, Bronze; the rest not enrolled.
    (c("LOYALTY_POINTS", "EQ", 3750), "Wang"),
    (c("LOYALTY_POINTS", "EQ", 0), "Sun"),
    (c("LOYALTY_POINTS", "NEQ", 300), "Wang Zhang Zhao Chen Liu Sun"),
    (c("LOYALTY_POINTS", "GT", 300), "Wang Zhang"),
    (c("LOYALTY_POINTS", "GTE", 300), "Wang Li Zhang"),
    (c("LOYALTY_POINTS", "LT", 300), "Sun"),
    (c("LOYALTY_POINTS", "LTE", 300), "Li Sun"),
    (c("LOYALTY_POINTS", "BETWEEN", [300, 5000]), "Wang Li"),
    (c("LOYALTY_POINTS", "IS_NULL"), "Zhao Chen Liu"),
    (c("LOYALTY_POINTS", "IS_NOT_NULL"), "Wang Li Zhang Sun"),
    (c("LOYALTY_TIER", "EQ", "Gold"), "Wang Zhang"),
    (c("LOYALTY_TIER", "NEQ", "Gold"), "Li Zhao Chen Liu Sun"),
    (c("LOYALTY_TIER", "IN", ["Bronze", "Silver"]), "Li Sun"),
    (c("LOYALTY_TIER", "NOT_IN", ["Gold"]), "Li Zhao Chen Liu Sun"),
    (c("LOYALTY_TIER", "STARTS_WITH", "Br"), "Li Sun"),
    (c("LOYALTY_TIER", "IS_NULL"), "Zhao Chen Liu"),
    (c("LOYALTY_TIER", "IS_NOT_NULL"), "Wang Li Zhang Sun"),
]


def nest(node: dict[str, Any], kinds: str) -> dict[str, Any]:
    """Wrap `node` in groups and negations, outermost first: "all any not" -> all[any[not[node]]]."""
    for kind in reversed(kinds.split()):
        node = {"not": node} if kind == "not" else {kind: [node]}
    return node


NESTED: list[tuple[dict[str, Any], str]] = [
    (
        {
            "all": [
                c("PROVINCE", "EQ", "广东"),
                {"any": [c("TAGS", "CONTAINS", "高尔夫"), c("LAST_NPS_SCORE", "LT", 7)]},
            ]
        },
        "Wang Li",
    ),
    (
        {"not": {"all": [c("GENDER", "EQ", "FEMALE"), c("PROVINCE", "EQ", "广东")]}},
        "Wang Zhang Zhao Chen Liu",
    ),
    (
        {
            "any": [
                {"all": [c("KIND", "EQ", "COMPANY"), c("COUNTRY", "EQ", "US")]},
                {"all": [c("AGE", "LT", 30), c("TAGS", "CONTAINS", "vip")]},
            ]
        },
        "Chen Sun",
    ),
    (
        {
            "all": [
                {"not": c("PURCHASES_IN_LAST_DAYS", "GTE", 1, days=30)},
                {"not": c("INTERACTIONS_IN_LAST_DAYS", "GTE", 1, days=7)},
            ]
        },
        "Liu Sun",
    ),
    ({"not": {"any": [c("OWNER", "IS_NULL"), c("TEAM", "EQ", Team("South"))]}}, "Zhao"),
    (
        {"any": [c("LAST_NPS_SCORE", "GTE", 9), {"not": c("LAST_NPS_SCORE", "IS_NOT_NULL")}]},
        "Wang Zhang Chen Liu",
    ),
    # `not` of a comparison includes customers without the value
    ({"not": c("CITY", "EQ", "广州")}, "Li Zhang Zhao Chen Liu Sun"),
    ({"not": c("DAYS_SINCE_LAST_PURCHASE", "LTE", 2)}, "Li Zhang Zhao Liu Sun"),
    ({"not": c("AVERAGE_SPEND", "GT", 1000)}, "Li Zhao Chen Liu Sun"),
    ({"not": attr("score", "GT", 10)}, "Li Zhang Zhao Liu Sun"),
    ({"not": c("AGE", "GT", 30)}, "Chen Liu Sun"),
    ({"not": c("LAST_NPS_SCORE", "LT", 7)}, "Wang Zhang Chen Liu Sun"),
    # eight levels deep: seven negations, then two that cancel
    (nest(c("CITY", "EQ", "广州"), "not not not not not not not"), "Li Zhang Zhao Chen Liu Sun"),
    (nest(c("CITY", "EQ", "广州"), "all any not all any not all"), "Wang"),
    (
        nest(
            {
                "any": [
                    c("CITY", "EQ", "深圳"),
                    {"not": {"all": [c("TAGS", "IS_NOT_NULL"), c("AGE", "IS_NOT_NULL")]}},
                ]
            },
            "not any all not",
        ),
        "Li Zhao Chen Liu",
    ),
    (
        {
            "any": [
                nest(c("OCCUPATION", "STARTS_WITH", "软件"), "all not any not all not"),
                nest(c("PURCHASE_COUNT", "EQ", 0), "not all not any all not"),
            ]
        },
        "Wang Li Zhang Zhao Chen Liu",  # Sun works in 软件测试 and bought nothing she kept
    ),
    (
        {
            "all": [
                nest(c("OCCUPATION", "STARTS_WITH", "软件"), "any any any any any any"),
                nest(c("PURCHASE_COUNT", "GT", 0), "all all all all all all"),
            ]
        },
        "Wang",
    ),
]


def resolve(node: Any, world: World) -> Any:
    """The rule with staff users and teams named in it replaced by their ids."""
    if isinstance(node, User):
        return world.users[node.name].user.pk
    if isinstance(node, Team):
        return world.teams[node.name]
    if isinstance(node, dict):
        return {k: resolve(v, world) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, world) for v in node]
    return node


def names(expected: str) -> set[str]:
    return set(expected.split())


def case_id(rule: dict[str, Any]) -> str:
    value = rule.get("value")
    shown = value if not isinstance(value, (User, Team)) else value.name
    extra = f"-{rule['days']}d" if "days" in rule else f"-{rule['key']}" if "key" in rule else ""
    return f"{rule['field']}{extra}-{rule['op']}-{shown}"


async def members(world: World, rule: dict[str, Any], principal: Any = None) -> set[str]:
    principal = principal or world.users["admin"].principal
    count, first = await services.preview(principal, rules.validate(resolve(rule, world)))
    assert count == len(first), "the world is smaller than a preview page"
    assert first == sorted(first)
    return {world.names[pk] for pk in first}


# --- tests -------------------------------------------------------------------------------------------


def test_every_field_and_operator_is_covered() -> None:
    covered = {(rule["field"], rule["op"]) for rule, _ in CASES}
    wanted = {(spec.name, str(op)) for spec in CATALOGUE.values() for op in spec.operators}
    assert wanted - covered == set()
    assert covered - wanted == set()


@pytest.mark.parametrize(("rule", "expected"), CASES, ids=[case_id(r) for r, _ in CASES])
async def test_condition_selects_exactly_these_customers(
    world: World, rule: dict[str, Any], expected: str
) -> None:
    assert await members(world, rule) == names(expected)
    # and its negation exactly the other live customers: conditions are two-valued
    assert await members(world, {"not": rule}) == LIVE - names(expected)


@pytest.mark.parametrize(("rule", "expected"), NESTED, ids=[f"nested-{i}" for i in range(len(NESTED))])
async def test_nested_rule(world: World, rule: dict[str, Any], expected: str) -> None:
    assert await members(world, rule) == names(expected)


def test_nested_rules_reach_the_depth_limit() -> None:
    def depth(node: dict[str, Any]) -> int:
        if "field" in node:
            return 1
        if "not" in node:
            return 1 + depth(node["not"])
        return 1 + max(depth(child) for child in node["all" if "all" in node else "any"])

    depths = [depth(rule) for rule, _ in NESTED]
    assert max(depths) == rules.MAX_DEPTH == 8


SEGMENT_RULES = [
    CASES[0],  # KIND EQ COMPANY
    next(case for case in CASES if case[0] == c("CITY", "NEQ", "广州")),
    next(case for case in CASES if case[0] == c("PURCHASES_IN_LAST_DAYS", "LT", 1, days=7)),
    next(case for case in CASES if case[0] == c("SPEND_IN_LAST_DAYS", "EQ", "0.3", days=30)),
    next(case for case in CASES if case[0] == c("DAYS_SINCE_LAST_PURCHASE", "EQ", 3)),
    next(case for case in CASES if case[0] == c("LAST_NPS_SCORE", "NEQ", 9)),
    next(case for case in CASES if case[0] == c("TAGS", "IS_NULL")),
    next(case for case in CASES if case[0] == attr("score", "IN", ["42", 7.5])),
    next(case for case in CASES if case[0] == c("COMPLAINTS_IN_LAST_DAYS", "EQ", 1, days=10)),
    next(
        case for case in CASES if case[0] == c("OWNER", "NOT_IN", [User("South Agent"), User("North Agent")])
    ),
    *NESTED[:6],
]


async def test_dynamic_segments_have_the_previewed_members(world: World) -> None:
    # given a dynamic segment per rule, evaluated when created
    admin = world.users["admin"].principal
    segments = []
    for i, (rule, expected) in enumerate(SEGMENT_RULES):
        segment = await services.create_segment(
            principal=admin,
            data={"name": f"Rule {i}", "kind": SegmentKind.DYNAMIC, "rule": resolve(rule, world)},
        )
        segments.append(segment)
        ids = await services.current_members(segment.pk).values_list("customer_id", flat=True)
        # then its members are the customers the preview names
        assert {world.names[pk] for pk in ids} == names(expected), rule

    # when every customer is re-evaluated (the incremental path) or the segments refreshed, nothing moves
    changes = await services.reevaluate_customers(world.ids.values())
    assert changes == []
    for segment in segments:
        change = await services.refresh_segment(segment.pk)
        assert (change.entered, change.left) == (0, 0)


EVERY_LIVE_CUSTOMER = {"any": [c("KIND", "EQ", "PERSON"), c("KIND", "EQ", "COMPANY")]}


@pytest.mark.parametrize(
    ("who", "rule", "expected"),
    [
        ("admin", EVERY_LIVE_CUSTOMER, EVERYONE),
        # an agent: their own customers and their team's unowned ones (Zhou is theirs, but archived)
        ("South Agent", EVERY_LIVE_CUSTOMER, "Wang Li Zhang"),
        ("South Agent", c("CITY", "NEQ", "广州"), "Li Zhang"),
        ("South Agent", c("TAGS", "CONTAINS", "vip"), "Wang Li"),
        ("South Agent", c("OWNER", "NEQ", User("South Agent")), "Zhang"),
        ("North Agent", EVERY_LIVE_CUSTOMER, "Zhao"),
        ("North Agent", c("TAGS", "CONTAINS", "vip"), NOBODY),
        # a manager: the team's customers and those its members own
        ("South Manager", EVERY_LIVE_CUSTOMER, "Wang Li Zhang Sun"),
        ("South Manager", c("LAST_NPS_SCORE", "IS_NULL"), "Zhang"),
    ],
)
async def test_preview_counts_only_the_customers_in_reach(
    world: World, who: str, rule: dict[str, Any], expected: str
) -> None:
    principal = world.users[who].principal
    assert await members(world, rule, principal) == names(expected)


async def test_archived_and_erased_customers_never_match(world: World) -> None:
    # Zhou (archived) is a 36-year-old software engineer in Guangzhou with a purchase, a contact, an NPS 9
    # and a complaint yesterday; Wu (erased) has no data at all
    rule = {
        "all": [
            c("CITY", "EQ", "广州"),
            c("OCCUPATION", "EQ", "软件工程师"),
            c("PURCHASES_IN_LAST_DAYS", "GTE", 1, days=1),
        ]
    }
    assert await members(world, rule) == set()
    for rule in (
        c("CITY", "IS_NULL"),
        c("TAGS", "IS_NULL"),
        c("PURCHASE_COUNT", "EQ", 0),
        c("AGE", "NEQ", 36),
    ):
        found = await members(world, rule)
        assert "Wu" not in found and "Zhou" not in found
    assert await members(world, c("COMPLAINTS_IN_LAST_DAYS", "GTE", 1, days=2)) == {"Sun"}


async def test_purchase_times_with_an_offset_compare_as_instants(world: World, database: Database) -> None:
    """A purchase recorded with a +08:00 time (what a client in China sends) counts as the same instant."""
    admin = world.users["admin"].principal
    try:
        row, _ = await customers.create_customer(principal=admin, data={"name": "Offset"})
        # 2 days and 1 hour ago, written in China Standard Time: 2 whole days since
        await customers.record_purchase(
            principal=admin,
            customer_id=row.pk,
            data={
                "amount": Decimal("10.00"),
                "currency": "CNY",
                "occurred_at": ago(2, minutes=60).astimezone(CST),
            },
        )
        world.names[row.pk] = "Offset"
        assert "Offset" in await members(world, c("DAYS_SINCE_LAST_PURCHASE", "EQ", 2))
        assert "Offset" in await members(world, c("LAST_PURCHASE_AT", "LT", iso(ago(2))))
        assert "Offset" not in await members(world, c("LAST_PURCHASE_AT", "GT", iso(ago(2))))
    finally:
        _BUILT.pop(database.backend, None)  # the world changed: build it again for the next test
