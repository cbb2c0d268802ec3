"""Pure rules about customers: contact point normalisation, geography class, lifecycle stage."""

from __future__ import annotations

import re

from guanxi.customers.models import GeographyClass, LifecycleStage

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
_CN_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")

# ISO 3166-1 alpha-2
COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW""".split()
)


def normalize_email(value: str) -> str | None:
    """The lower-cased address, or None when it is not a plausible email address."""
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        return None
    return value.lower()


def normalize_phone(value: str) -> str | None:
    """A comparable form of a phone number, or None when it is not one.

    International numbers keep their `+` and country code; an 11-digit mainland China
    mobile number gets `+86`; other national numbers are kept as their digits.
    """
    value = value.strip()
    if not _PHONE_CHARS.match(value):
        return None
    digits = re.sub(r"[^0-9]", "", value)
    if value.startswith("+"):
        normalized = "+" + digits
    elif digits.startswith("00"):
        normalized = "+" + digits[2:]
    elif _CN_MOBILE.match(digits):
        normalized = "+86" + digits
    else:
        normalized = digits
    if not 5 <= len(normalized.lstrip("+")) <= 15:
        return None
    return normalized


def geography_class(
    *, country: str | None, province: str | None, home_country: str, home_province: str | None
) -> GeographyClass | None:
    """LOCAL in the home province, DOMESTIC elsewhere in the home country, else INTERNATIONAL."""
    if not country:
        return None
    if country.upper() != home_country.upper():
        return GeographyClass.INTERNATIONAL
    if home_province and province and _same_place(province, home_province):
        return GeographyClass.LOCAL
    return GeographyClass.DOMESTIC


def _same_place(a: str, b: str) -> bool:
    def key(s: str) -> str:
        s = s.strip().casefold()
        for suffix in ("省", "市", "自治区", " province", " city"):
            s = s.removesuffix(suffix)
        return s

    return key(a) == key(b)


_PURCHASE_STAGES = (LifecycleStage.PURCHASER, LifecycleStage.LOYAL, LifecycleStage.ADVOCATE)


def derived_stage(*, current: LifecycleStage, purchase_days: int, loyal_purchase_days: int) -> LifecycleStage:
    """The stage the data supports, given the number of distinct days with a kept purchase.

    Stages reached without purchases (POTENTIAL_BUYER after an enquiry) are kept;
    ADVOCATE is kept while the customer still qualifies as loyal.
    """
    if purchase_days >= loyal_purchase_days:
        return LifecycleStage.ADVOCATE if current == LifecycleStage.ADVOCATE else LifecycleStage.LOYAL
    if purchase_days >= 1:
        return LifecycleStage.PURCHASER
    if current in _PURCHASE_STAGES:
        # every purchase refunded: back to the stage before buying
        return LifecycleStage.POTENTIAL_BUYER
    return current
