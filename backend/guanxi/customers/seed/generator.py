"""Drawing customers and their purchases (no database access)."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.fields.data import JSON_DUMPS

from guanxi.core import crypto
from guanxi.core.currency import minor_units
from guanxi.customers.models import (
    CompanySize,
    ContactKind,
    CustomerKind,
    Gender,
    IncomeBand,
    LifecycleStage,
    PurchaseChannel,
)
from guanxi.customers.rules import derived_stage, geography_class, normalize_email, normalize_phone
from guanxi.customers.seed.data import (
    CN_AREA_TAGS,
    CN_BRANDS,
    CN_MOBILE_PREFIXES,
    CN_ROADS,
    CNY_PER_UNIT,
    COMPANY_MAILBOXES,
    EN_BRANDS,
    FOREIGN,
    GIVEN_FEMALE,
    GIVEN_MALE,
    INCOME_SPEND,
    LATIN,
    LOCAL_CURRENCY_SHARE,
    MUNICIPALITIES,
    OCCUPATIONS_EN,
    OCCUPATIONS_ZH,
    PICK_ACQUISITION_CN,
    PICK_ACQUISITION_COMPANY,
    PICK_ACQUISITION_FOREIGN,
    PICK_CHANNEL,
    PICK_CN_MAIL,
    PICK_COUNTRY,
    PICK_HOUR,
    PICK_INCOME,
    PICK_INDUSTRY,
    PICK_OWNER,
    PICK_REGION,
    PICK_SIZE,
    PICK_SURNAME,
    PRODUCT_PRICES,
    PRODUCTS_BY_PRICE,
    REFUND_REASONS,
    SIZE_RATE,
    SIZE_SPEND,
    SOURCE_BY_CHANNEL,
    UNKNOWN_COUNTRY_SHARE,
    Country,
    _ascii,
)
from guanxi.customers.seed.params import (
    DAY,
    DROPOUT_A,
    DROPOUT_B,
    HISTORY_DAYS,
    MAX_PURCHASES,
    PROSPECT_SHARE,
    PURCHASE_RATE_SCALE,
    PURCHASE_RATE_SHAPE,
    REFUND_SHARE,
)

# --- drafts ---------------------------------------------------------------------------------


class _Draft:
    """One customer's rows before ids are known: the customer, contact points, tags, purchases."""

    __slots__ = ("customer", "contacts", "tags", "purchases")

    def __init__(
        self,
        customer: list[Any],
        contacts: list[tuple[Any, ...]],
        tags: list[str],
        purchases: list[tuple[Any, ...]],
    ) -> None:
        self.customer, self.contacts, self.tags, self.purchases = customer, contacts, tags, purchases


class _Dialect:
    """Column values and placeholders for the connection's database."""

    def __init__(self, name: str) -> None:
        if name not in ("sqlite", "postgres"):
            raise NotImplementedError(f"seeding is implemented for SQLite and PostgreSQL, not {name}")
        self.postgres = name == "postgres"
        self._days: dict[int, str] = {}

    def ts(self, seconds: int | None) -> Any:
        """A UTC time given as whole seconds since the epoch."""
        if seconds is None:
            return None
        if self.postgres:
            return datetime.fromtimestamp(seconds, UTC)
        # Tortoise stores SQLite timestamps as str(datetime): the same text keeps ordering consistent.
        day, rest = divmod(seconds, DAY)
        day_text = self._days.get(day)
        if day_text is None:
            day_text = self._days[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
        hour, rest = divmod(rest, 3600)
        minute, second = divmod(rest, 60)
        return f"{day_text} {hour:02d}:{minute:02d}:{second:02d}+00:00"

    def day(self, value: date | None) -> Any:
        return value if self.postgres or value is None else value.isoformat()

    def money(self, minor: int, decimals: int) -> Any:
        value = Decimal(minor).scaleb(-decimals)
        return value if self.postgres else f"{value:.4f}"

    def flag(self, value: bool) -> Any:
        return value if self.postgres else int(value)

    def insert(self, table: str, columns: Sequence[str]) -> str:
        marks = ", ".join(f"${i}" if self.postgres else "?" for i in range(1, len(columns) + 1))
        names = ", ".join(f'"{c}"' for c in columns)
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


# fmt: off
CUSTOMER_COLUMNS = (
    "created_at", "updated_at", "kind", "name", "wechat_id", "address", "gender", "birthday_encrypted",
    "birth_month", "birth_year", "occupation",
    "income_band", "industry", "company_size", "country", "province", "city", "geography_class",
    "acquisition_channel", "acquisition_campaign", "owner_id", "custom_attributes", "lifecycle_stage",
    "lifecycle_stage_pinned", "external_reference", "archived_at",
)
CONTACT_COLUMNS = ("customer_id", "kind", "value", "lookup_hash", "is_primary", "label", "position")
TAG_COLUMNS = ("customer_id", "tag")
PURCHASE_COLUMNS = (
    "customer_id", "created_at", "updated_at", "amount", "currency", "occurred_at", "channel", "source",
    "external_order_id", "items", "refunded_at", "refund_reason",
)
# fmt: on
OWNER_INDEX = CUSTOMER_COLUMNS.index("owner_id")


# --- generation -----------------------------------------------------------------------------


class _Generator:
    """Draws customers one after another from one random stream."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime,
        customers: int,
        dialect: _Dialect,
        home_country: str,
        home_province: str | None,
        loyal_purchase_days: int,
    ) -> None:
        self.rng = rng
        self.today = today
        self.today_date = today.date()
        self.end = int(today.timestamp())  # every generated time is before this
        self.dialect = dialect
        self.home_country, self.home_province = home_country, home_province
        self.loyal_purchase_days = loyal_purchase_days
        self.seen_emails: set[str] = set()
        self.seen_phones: set[str] = set()
        self.seen_wechat: set[str] = set()
        # Creation times, oldest first, so ids grow with created_at; more customers lately.
        days_ago = [1 + int(rng.random() ** 1.3 * (HISTORY_DAYS - 1)) for _ in range(customers)]
        self.created = sorted(self._time_of_day(self.end - n * DAY, 8) for n in days_ago)
        self.index = 0

    # small helpers

    def _digits(self, template: str) -> str:
        rnd = self.rng.randrange
        return "".join(str(rnd(10)) if ch == "#" else ch for ch in template)

    def _time_of_day(self, day_start: int, utc_offset: int) -> int:
        """A time on the (UTC) day starting at day_start, at a local hour people buy at."""
        hour = PICK_HOUR(self.rng)
        return day_start + ((hour - utc_offset) % 24) * 3600 + self.rng.randrange(3600)

    def _unique(
        self, seen: set[str], make: Callable[[], str], normalize: Callable[[str], str | None]
    ) -> tuple[str, str]:
        for attempt in range(20):
            value = make()
            if attempt >= 10:  # crowded: widen with digits
                local, sep, domain = value.partition("@")
                value = f"{local}{self.rng.randrange(100, 10_000)}{sep}{domain}" if sep else value
            normalized = normalize(value)
            if normalized is None:
                raise AssertionError(f"seed produced an invalid contact point: {value!r}")
            if normalized not in seen:
                seen.add(normalized)
                return value, normalized
        raise RuntimeError("could not draw a fresh contact point")

    # the customer

    def customer(self) -> _Draft:
        rng = self.rng
        created = self.created[self.index]
        self.index += 1
        is_company = rng.random() < 0.2
        country = self._country()
        spec = self._foreign(country) if country not in (None, "CN") else None  # None: China or unknown
        province = city = district = area_code = None
        if country == "CN":
            province, city, _, districts, area_code = PICK_REGION(rng)
            district = rng.choice(districts.split())
        elif spec is not None:
            province, city = rng.choice(spec.places)
        utc_offset = spec.utc_offset if spec else 8

        gender = birthday = occupation = income = industry = size = None
        if is_company:
            industry_row = PICK_INDUSTRY(rng)
            industry = industry_row[0]
            size = PICK_SIZE(rng)
            name, slug, chinese = self._company_name(country, city, industry_row, spec)
        else:
            name, gender, slug, chinese = self._person_name(country, spec)
            birthday = self._birthday()
            age = (self.today_date - birthday).days // 365
            occupation, income = self._occupation(age, chinese)

        contacts = self._contacts(is_company, country, spec, area_code, chinese, slug, birthday)
        wechat = None
        if country == "CN" and rng.random() < (0.4 if is_company else 0.65):
            wechat = self._wechat(slug[0] if is_company else "".join(slug), birthday)
        address = (
            self._address(country, spec, province, city, district, is_company) if rng.random() < 0.7 else None
        )
        acquisition, campaign = self._acquisition(is_company, country, created)

        purchases, stats = self._purchases(
            created, is_company, income, size, country, spec, utc_offset, chinese
        )
        kept_days, spend_cny, stage_changed = stats
        prospect_stage = LifecycleStage.POTENTIAL_BUYER if rng.random() < 0.35 else LifecycleStage.PROSPECT
        current = LifecycleStage.PURCHASER if purchases else prospect_stage
        if kept_days >= self.loyal_purchase_days and rng.random() < 0.15:
            current = LifecycleStage.ADVOCATE  # loyal and promoting us (an NPS promoter, referrals)
        stage = derived_stage(
            current=current, purchase_days=kept_days, loyal_purchase_days=self.loyal_purchase_days
        )
        owner = None
        if rng.random() >= (0.25 if not purchases else 0.08):
            owner = PICK_OWNER[spec is not None](rng)
        tags = self._tags(is_company, country, province, size, acquisition, spend_cny, contacts)
        custom = self._custom_attributes(is_company, country, chinese, created)
        archived = None
        if not purchases and created < self.end - 365 * DAY and rng.random() < 0.04:
            archived = rng.randrange(created + DAY, self.end - 3600)
        updated = max(created, stage_changed or created, archived or created)
        geo = geography_class(
            country=country,
            province=province,
            home_country=self.home_country,
            home_province=self.home_province,
        )
        d = self.dialect
        row = [
            d.ts(created),
            d.ts(updated),
            (CustomerKind.COMPANY if is_company else CustomerKind.PERSON).value,
            name,
            crypto.encrypt(wechat, "customer.wechat_id"),
            crypto.encrypt(address, "customer.address"),
            gender.value if gender else None,
            crypto.encrypt(birthday.isoformat() if birthday else None, "customer.birthday_encrypted"),
            birthday.month if birthday else None,
            birthday.year if birthday else None,
            occupation,
            income.value if income else None,
            industry,
            size.value if size else None,
            country,
            province,
            city,
            geo.value if geo else None,
            acquisition,
            campaign,
            owner,
            JSON_DUMPS(custom),
            stage.value,
            d.flag(False),
            None,
            d.ts(archived),
        ]
        return _Draft(row, contacts, tags, purchases)

    def _country(self) -> str | None:
        rng = self.rng
        if rng.random() < UNKNOWN_COUNTRY_SHARE:
            return None
        return PICK_COUNTRY(rng)

    @staticmethod
    def _foreign(code: str | None) -> Country:
        return next(c for c in FOREIGN if c.code == code)

    def _chinese_name(self) -> tuple[str, Gender, tuple[str, str]]:
        rng = self.rng
        surname, s_py = PICK_SURNAME(rng)
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        pool = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
        chars = [rng.choice(pool) for _ in range(1 if rng.random() < 0.35 else 2)]
        given = "".join(c for c, _ in chars)
        return surname + given, gender, (s_py, "".join(p for _, p in chars))

    def _person_name(
        self, country: str | None, spec: Country | None
    ) -> tuple[str, Gender | None, tuple[str, str], bool]:
        """(name, gender, (family, given) romanized, chinese?)."""
        rng = self.rng
        zh_share = spec.zh_share if spec else (0.9 if country == "CN" else 0.6)
        if rng.random() < zh_share:
            name, gender, romanized = self._chinese_name()
            chinese = True
        else:
            culture = spec.culture if spec else "en"
            male, female, family = LATIN[culture]
            gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
            first = rng.choice(male if gender == Gender.MALE else female)
            last = rng.choice(family)
            name = f"{last} {first}" if culture == "ko" else f"{first} {last}"
            romanized = (_ascii(last), _ascii(first))
            chinese = False
        roll = rng.random()
        final_gender: Gender | None = gender
        if roll < 0.01:
            final_gender = Gender.OTHER
        elif roll < 0.03:
            final_gender = None
        return name, final_gender, romanized, chinese

    def _company_name(
        self, country: str | None, city: str | None, industry: tuple[str, str, str], spec: Country | None
    ) -> tuple[str, tuple[str, str], bool]:
        rng = self.rng
        if country == "CN" and rng.random() < 0.9:
            brand, slug = rng.choice(CN_BRANDS)
            suffix = "有限公司" if rng.random() < 0.8 else "股份有限公司"
            return f"{city}{brand}{industry[1]}{suffix}", (slug, "com.cn"), True
        brand = rng.choice(EN_BRANDS)
        suffix = rng.choice(spec.company_suffixes) if spec else "Ltd."
        return f"{brand} {industry[2]} {suffix}", (_ascii(brand) + _ascii(industry[2]), "com"), False

    def _birthday(self) -> date:
        rng = self.rng
        age_days = int((18 + 57 * rng.betavariate(1.8, 3.0)) * 365.25)
        age_days = min(max(age_days, 18 * 366 + 2), 75 * 365 + 300)  # 18 to 75 years old
        return self.today_date - timedelta(days=age_days)

    def _occupation(self, age: int, chinese: bool) -> tuple[str | None, IncomeBand | None]:
        rng = self.rng
        if age < 23 and rng.random() < 0.7:
            return ("学生" if chinese else "Student"), IncomeBand.LOW
        if age > 60 and rng.random() < 0.7:
            occupation: str | None = "退休" if chinese else "Retired"
        elif rng.random() < 0.06:
            occupation = None
        else:
            occupation = rng.choice(OCCUPATIONS_ZH if chinese else OCCUPATIONS_EN)
        income = None if rng.random() < 0.08 else PICK_INCOME(rng)
        return occupation, income

    def _email_local(self, romanized: tuple[str, str], birthday: date | None) -> str:
        rng = self.rng
        family, given = romanized
        style = rng.random()
        digits = (
            str(birthday.year % 100).zfill(2)
            if birthday and rng.random() < 0.4
            else str(rng.randrange(1, 1000))
        )
        if style < 0.3:
            return f"{family}{given}{digits}"
        if style < 0.55:
            return f"{given}.{family}"
        if style < 0.75:
            return f"{family}_{given}{digits}"
        if style < 0.9:
            return f"{given[:1]}{family}{digits}"
        return f"{given}{family}"

    def _contacts(
        self,
        is_company: bool,
        country: str | None,
        spec: Country | None,
        area_code: str | None,
        chinese: bool,
        slug: tuple[str, str],
        birthday: date | None,
    ) -> list[tuple[Any, ...]]:
        """Contact point rows (kind, encrypted value, lookup hash, primary, label, position): 0-2 of each kind."""
        rng = self.rng
        domestic_person = country == "CN" and not is_company
        n_emails = (
            0 if rng.random() < (0.2 if domestic_person else 0.05) else (2 if rng.random() < 0.3 else 1)
        )
        n_phones = (
            0 if rng.random() < (0.02 if country == "CN" else 0.12) else (2 if rng.random() < 0.25 else 1)
        )
        if n_emails == 0 and n_phones == 0:
            n_phones = 1
        emails = [self._email(i, is_company, country, spec, chinese, slug, birthday) for i in range(n_emails)]
        phones = [self._phone(i, is_company, country, spec, area_code) for i in range(n_phones)]
        rows: list[tuple[Any, ...]] = []
        flag = self.dialect.flag
        for kind, points in ((ContactKind.EMAIL.value, emails), (ContactKind.PHONE.value, phones)):
            primary = 1 if len(points) == 2 and rng.random() < 0.1 else 0
            for position, (value, normalized, label) in enumerate(points):
                rows.append(
                    (
                        kind,
                        crypto.encrypt(value, "contact_point.value"),
                        crypto.lookup_hash(kind, normalized),
                        flag(position == primary),
                        label,
                        position,
                    )
                )
        return rows

    def _email(
        self,
        i: int,
        is_company: bool,
        country: str | None,
        spec: Country | None,
        chinese: bool,
        slug: tuple[str, str],
        birthday: date | None,
    ) -> tuple[str, str, str | None]:
        """(value, normalized, label) of a customer's i-th email address, unique in this run."""
        rng = self.rng
        label = "personal" if i == 0 else "work"
        if is_company:
            label, domain = "work", ".".join(slug)
            if rng.random() < 0.4:
                box = rng.choice(COMPANY_MAILBOXES)

                def make() -> str:
                    return f"{box}@{domain}"
            else:  # a person there
                family, given = (
                    self._chinese_name()[2]
                    if chinese
                    else (
                        _ascii(rng.choice(LATIN["en"][2])),
                        _ascii(rng.choice(LATIN["en"][rng.randrange(2)])),
                    )
                )

                def make() -> str:
                    if rng.random() < 0.6:
                        return f"{given}.{family}@{domain}"
                    return f"{given[:1]}{family}{rng.randrange(1, 100)}@{domain}"
        elif chinese and country in (None, "CN") and rng.random() < 0.25:

            def make() -> str:
                return f"{rng.randrange(10_000, 4_000_000_000)}@qq.com"  # a QQ number
        else:
            if chinese and country in (None, "CN"):
                domain = PICK_CN_MAIL(rng)
            else:
                domain = rng.choice(spec.mail if spec else ("gmail.com", "outlook.com"))

            def make() -> str:
                return f"{self._email_local(slug, birthday)}@{domain}"

        value, normalized = self._unique(self.seen_emails, make, normalize_email)
        return value, normalized, label if rng.random() < 0.6 else None

    def _phone(
        self, i: int, is_company: bool, country: str | None, spec: Country | None, area_code: str | None
    ) -> tuple[str, str, str | None]:
        """(value, normalized, label) of a customer's i-th phone number, unique in this run."""
        rng = self.rng
        if country not in (None, "CN"):
            assert spec is not None
            template = spec.phones[0] if i == 0 and not is_company else rng.choice(spec.phones)
            label = "office" if is_company else "mobile"
        elif is_company and i == 0 and area_code:
            template, label = f"{area_code}-#### ####", "office"  # a landline
        else:
            style, prefix = rng.random(), rng.choice(CN_MOBILE_PREFIXES)
            template = (
                f"{prefix} #### ####"
                if style < 0.55
                else f"{prefix}########"
                if style < 0.85
                else f"+86 {prefix} #### ####"
            )
            label = "mobile"
        value, normalized = self._unique(self.seen_phones, lambda: self._digits(template), normalize_phone)
        return value, normalized, label if rng.random() < 0.7 else None

    def _wechat(self, base: str, birthday: date | None) -> str:
        """A WeChat id: 6-20 letters, digits, '_' or '-', starting with a letter."""
        rng = self.rng
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        for _ in range(20):
            if rng.random() < 0.3 or not base[:1].isalpha():
                value = "wxid_" + "".join(rng.choice(alphabet) for _ in range(14))
            else:
                year = str(birthday.year) if birthday and rng.random() < 0.5 else str(rng.randrange(10, 1000))
                value = f"{base[:14]}_{year}"
                if len(value) < 6:
                    value += str(rng.randrange(100, 1000))
            if value not in self.seen_wechat:
                self.seen_wechat.add(value)
                return value
        raise RuntimeError("could not draw a fresh WeChat id")

    def _address(
        self,
        country: str | None,
        spec: Country | None,
        province: str | None,
        city: str | None,
        district: str | None,
        is_company: bool,
    ) -> str | None:
        rng = self.rng
        if country is None:
            return None
        number = rng.randrange(1, 999)
        if country == "CN":
            region = f"{city}市" if province in MUNICIPALITIES else f"{province}省{city}市"
            building = (
                f"{rng.choice('东南西北中')}座{rng.randrange(2, 40)}楼"
                if is_company
                else f"{rng.randrange(1, 30)}栋{rng.randrange(1, 30)}0{rng.randrange(1, 6)}室"
            )
            return f"{region}{district}{rng.choice(CN_ROADS)}{number}号{building}"
        assert spec is not None
        street = rng.choice(spec.streets)
        if country == "DE":
            return f"{street} {number}, {city}"
        if country == "JP":
            return f"{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)} {street}, {city}"
        return f"{number} {street}, {city}"

    def _acquisition(self, is_company: bool, country: str | None, created: int) -> tuple[str, str | None]:
        rng = self.rng
        if is_company:
            channel = PICK_ACQUISITION_COMPANY(rng)
        elif country == "CN":
            channel = PICK_ACQUISITION_CN(rng)
        else:
            channel = PICK_ACQUISITION_FOREIGN(rng)
        when = datetime.fromtimestamp(created, UTC)
        year, month = when.year, when.month
        campaign = None
        if channel == "trade fair":
            if country == "CN" or is_company:
                season = "Spring" if month <= 6 else "Autumn"
                campaign = f"Canton Fair {year} {season}"
            else:
                campaign = f"Trade show {year}"
        elif rng.random() < 0.4:
            if month in (10, 11):
                campaign = f"双11 {year}" if country == "CN" else f"Black Friday {year}"
            elif month in (5, 6):
                campaign = f"618 {year}" if country == "CN" else f"Summer sale {year}"
            elif month in (1, 2):
                campaign = f"春节 {year}" if country == "CN" else f"New Year {year}"
            else:
                campaign = f"Newsletter {year}-Q{(month - 1) // 3 + 1}"
        return channel, campaign

    def _purchases(
        self,
        created: int,
        is_company: bool,
        income: IncomeBand | None,
        size: CompanySize | None,
        country: str | None,
        spec: Country | None,
        utc_offset: int,
        chinese: bool,
    ) -> tuple[list[tuple[Any, ...]], tuple[int, float, int | None]]:
        """Purchase rows (without the customer id) and (kept purchase days, spend in CNY, last stage change)."""
        rng = self.rng
        end = self.end
        if rng.random() < PROSPECT_SHARE:
            return [], (0, 0.0, None)
        # the first purchase: often the day they came, else some days later
        if rng.random() < 0.45:
            first = created + rng.randrange(300, 4 * 3600)
        else:
            first = self._time_of_day(
                (created + int(rng.expovariate(1 / 20) * DAY) + DAY) // DAY * DAY, utc_offset
            )
        if first >= end:
            return [], (0, 0.0, None)
        rate = rng.gammavariate(PURCHASE_RATE_SHAPE, PURCHASE_RATE_SCALE)  # purchases per day while active
        if is_company and size is not None:
            rate *= SIZE_RATE[size]
        dropout = rng.betavariate(DROPOUT_A, DROPOUT_B)
        times = [first]
        t = first
        while len(times) < MAX_PURCHASES:
            t += int(rng.expovariate(rate) * DAY) if rate > 0 else end
            if t >= end:
                break
            t = max(self._time_of_day(t // DAY * DAY, utc_offset), times[-1] + 60)
            if t >= end:
                break
            times.append(t)
            if rng.random() < dropout:  # inactive after this repeat purchase, for good
                break

        # Gamma-Gamma spirit: a mean spend per customer, amounts scattered around it
        base = 350.0 * (SIZE_SPEND[size] if size else INCOME_SPEND[income])
        mean_spend = base * rng.gammavariate(2.5, 1 / 2.5)
        if country in (None, "CN") or rng.random() >= LOCAL_CURRENCY_SHARE:
            currency = "CNY"
        else:
            assert spec is not None
            currency = spec.currency
        decimals = minor_units(currency) or 0  # JPY has none
        rate_cny = CNY_PER_UNIT[currency]
        main_channel = PICK_CHANNEL(rng)
        if is_company and rng.random() < 0.5:
            main_channel = rng.choice(
                (PurchaseChannel.PHONE, PurchaseChannel.PARTNER, PurchaseChannel.ONLINE)
            )
        items_share = 0.5 if is_company else 0.25
        d = self.dialect
        rows: list[tuple[Any, ...]] = []
        kept_days: set[int] = set()
        spend_cny = 0.0
        stage_changed: int | None = None
        for k, occurred in enumerate(times, start=1):
            spend = rng.gammavariate(4.0, mean_spend / 4.0)
            minor = self._price(spend / rate_cny, decimals, currency)
            channel = main_channel if rng.random() < 0.75 else PICK_CHANNEL(rng)
            source, prefix = SOURCE_BY_CHANNEL[channel]
            recorded = min(occurred + rng.randrange(1, 600), end - 1)
            items = self._items(minor, decimals, rate_cny, chinese) if rng.random() < items_share else None
            refunded = reason = None
            if rng.random() < REFUND_SHARE and occurred < end - 3600:
                refunded = min(occurred + rng.randrange(3600, 20 * DAY), end - 1)
                reason = rng.choice(REFUND_REASONS)
            else:
                day = occurred // DAY
                if day not in kept_days:
                    kept_days.add(day)
                    if len(kept_days) in (1, self.loyal_purchase_days):
                        stage_changed = recorded
                spend_cny += minor / 10**decimals * rate_cny
            rows.append(
                (
                    d.ts(recorded),
                    d.ts(refunded or recorded),
                    d.money(minor, decimals),
                    currency,
                    d.ts(occurred),
                    channel.value,
                    source,
                    (prefix, k),
                    items,
                    d.ts(refunded),
                    reason,
                )
            )
        return rows, (len(kept_days), spend_cny, stage_changed)

    def _price(self, value: float, decimals: int, currency: str) -> int:
        """An amount in minor units, priced the way shops price: 199.00, 198.90, 1,280.37."""
        rng = self.rng
        if decimals == 0:
            return max(100, round(value / 10) * 10)
        unit = 10**decimals
        whole = max(1, round(value))
        style = rng.random()
        if style < 0.35:
            return whole * unit
        if style < 0.55:
            return whole * unit - (unit // 10 if currency == "CNY" else 1)
        return max(unit, round(value * unit))

    def _items(self, minor: int, decimals: int, rate_cny: float, chinese: bool) -> str:
        """Line items whose totals add up to the amount, each a product the line could buy."""
        rng = self.rng
        lines = min(1 + int(rng.expovariate(1.0)), 3, max(1, minor // 100))
        cuts = sorted(rng.sample(range(1, minor), lines - 1)) if lines > 1 else []
        out = []
        used: list[str] = []
        for total in (b - a for a, b in zip([0, *cuts], [*cuts, minor], strict=True)):
            total_cny = total / 10**decimals * rate_cny
            affordable = max(1, bisect_right(PRODUCT_PRICES, total_cny * 1.1))
            choices = [p for p in PRODUCTS_BY_PRICE[:affordable] if p[0] not in used] or [
                p for p in PRODUCTS_BY_PRICE if p[0] not in used
            ]
            sku, zh, en, price = rng.choice(choices)
            used.append(sku)
            out.append(
                {
                    "sku": sku,
                    "name": zh if chinese else en,
                    "quantity": max(1, round(total_cny / price)),
                    "total": str(Decimal(total).scaleb(-decimals)),
                }
            )
        return JSON_DUMPS(out)

    def _tags(
        self,
        is_company: bool,
        country: str | None,
        province: str | None,
        size: CompanySize | None,
        acquisition: str,
        spend_cny: float,
        contacts: list[tuple[Any, ...]],
    ) -> list[str]:
        rng = self.rng
        tags: list[str] = []
        if spend_cny >= (60_000 if is_company else 8_000):
            tags.append("VIP")
        if is_company and rng.random() < 0.6:
            tags.append("wholesale")
        if size == CompanySize.LARGE and rng.random() < 0.5:
            tags.append("key-account")
        if acquisition == "trade fair" and rng.random() < 0.7:
            tags.append("trade-fair")
        if country == "CN" and province in CN_AREA_TAGS and rng.random() < 0.3:
            tags.append(CN_AREA_TAGS[province])
        if country not in (None, "CN") and rng.random() < 0.2:
            tags.append("overseas")
        if any(c[0] == ContactKind.EMAIL.value for c in contacts) and rng.random() < 0.25:
            tags.append("newsletter")
        if rng.random() < 0.06:
            tags.append("price-sensitive")
        return tags[:3]

    def _custom_attributes(
        self, is_company: bool, country: str | None, chinese: bool, created: int
    ) -> dict[str, Any]:
        rng = self.rng
        if rng.random() >= 0.3:
            return {}
        attributes: dict[str, Any] = {}
        if is_company:
            if country == "CN":
                chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
                attributes["tax_id"] = "91" + "".join(rng.choice(chars) for _ in range(16))
            attributes["payment_terms"] = rng.choice(("NET30", "NET60", "prepaid"))
            if rng.random() < 0.4:
                attributes["credit_limit"] = rng.choice((50_000, 100_000, 200_000, 500_000))
        else:
            attributes["preferred_language"] = "zh-CN" if chinese else "en"
            if rng.random() < 0.5:
                attributes["member_card"] = f"M{rng.randrange(10**7, 10**8)}"
        if rng.random() < 0.2:
            year = datetime.fromtimestamp(created, UTC).year - rng.randrange(1, 6)
            attributes["legacy_id"] = f"C-{year}-{rng.randrange(1, 99_999):05d}"
        return attributes
