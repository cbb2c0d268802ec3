"""Validating segment rules: exact error codes and paths, every problem of a rule at once, and the
normalised tree a valid rule becomes. Pure validation needs no database; ids are looked up in one."""

from __future__ import annotations

from typing import Any

import pytest

from guanxi.accounts.models import Role
from guanxi.accounts.services import team_named
from guanxi.core.errors import DomainError, DomainErrors
from guanxi.segments import rules, services
from tests.conftest import Database, make_staff

R = "input.rule"
CITY = {"field": "CITY", "op": "EQ", "value": "广州"}
VIP = {"field": "TAGS", "op": "CONTAINS", "value": "vip"}


def problems(rule: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """(code, field) of every problem `validate` reports, in order (paths from `input.rule` unless said)."""
    try:
        rules.validate(rule, **{"path": R, **kwargs})
    except DomainError as exc:
        return [(str(exc.code), str(exc.field))]
    except DomainErrors as exc:
        return [(str(e.code), str(e.field)) for e in exc.errors]
    raise AssertionError(f"{rule!r} is valid")


def cond(field: str, op: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    node = {"field": field, "op": op, **extra}
    if value is not None:
        node["value"] = value
    return node


def nested(node: dict[str, Any], levels: int, kind: str = "all") -> dict[str, Any]:
    for _ in range(levels):
        node = {"not": node} if kind == "not" else {kind: [node]}
    return node


# --- one problem, exactly where it is -----------------------------------------------------------------

CASES: list[tuple[str, Any, list[tuple[str, str]]]] = [
    (
        "unknown field, deep in the tree",
        {"all": [CITY, VIP, {"any": [cond("SHOE_SIZE", "EQ", 42)]}]},
        [("UNKNOWN_FIELD", f"{R}.all.2.any.0.field")],
    ),
    ("field that is not text", cond(["CITY"], "EQ", "广州"), [("UNKNOWN_FIELD", f"{R}.field")]),  # type: ignore[arg-type]
    ("field in lower case", cond("city", "EQ", "广州"), [("UNKNOWN_FIELD", f"{R}.field")]),
    # operators
    ("missing operator", {"field": "CITY", "value": "广州"}, [("REQUIRED", f"{R}.op")]),
    ("unknown operator", cond("CITY", "LIKE", "广%"), [("INVALID_OPERATOR", f"{R}.op")]),
    (
        "ordering on text",
        {"any": [CITY, cond("CITY", "GT", "广州")]},
        [("INVALID_OPERATOR", f"{R}.any.1.op")],
    ),
    ("STARTS_WITH on an enum", cond("GENDER", "STARTS_WITH", "F"), [("INVALID_OPERATOR", f"{R}.op")]),
    ("EQ on tags", cond("TAGS", "EQ", "vip"), [("INVALID_OPERATOR", f"{R}.op")]),
    ("EQ on a time", cond("CREATED_AT", "EQ", "2026-01-31"), [("INVALID_OPERATOR", f"{R}.op")]),
    ("IN on a number", cond("AGE", "IN", [30, 40]), [("INVALID_OPERATOR", f"{R}.op")]),
    ("IS_NULL on a field never missing", cond("KIND", "IS_NULL"), [("INVALID_OPERATOR", f"{R}.op")]),
    (
        "IS_NULL on a count",
        cond("PURCHASES_IN_LAST_DAYS", "IS_NULL", days=7),
        [("INVALID_OPERATOR", f"{R}.op")],
    ),
    ("WITHIN_LAST_DAYS on a number", cond("AGE", "WITHIN_LAST_DAYS", 7), [("INVALID_OPERATOR", f"{R}.op")]),
    # values
    ("missing value", {"field": "CITY", "op": "EQ"}, [("REQUIRED", f"{R}.value")]),
    ("text for a number", {"not": cond("AGE", "EQ", "thirty")}, [("INVALID_VALUE", f"{R}.not.value")]),
    ("fraction for whole years", cond("AGE", "EQ", 30.5), [("INVALID_VALUE", f"{R}.value")]),
    ("boolean for a number", cond("AGE", "EQ", True), [("INVALID_VALUE", f"{R}.value")]),
    ("age above the maximum", cond("AGE", "LT", 151), [("INVALID_VALUE", f"{R}.value")]),
    ("month 13", cond("BIRTHDAY_MONTH", "EQ", 13), [("INVALID_VALUE", f"{R}.value")]),
    (
        "more days than dates",
        cond("DAYS_SINCE_LAST_PURCHASE", "GT", 36501),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    ("NPS 11", cond("LAST_NPS_SCORE", "GTE", 11), [("INVALID_VALUE", f"{R}.value")]),
    ("negative spend", cond("TOTAL_SPEND", "GT", -1), [("INVALID_VALUE", f"{R}.value")]),
    ("five decimals of money", cond("TOTAL_SPEND", "GT", "1.00001"), [("INVALID_VALUE", f"{R}.value")]),
    ("infinite number", cond("TOTAL_SPEND", "GT", "Infinity"), [("INVALID_VALUE", f"{R}.value")]),
    ("too large a number", cond("TOTAL_SPEND", "GT", 10**15), [("INVALID_VALUE", f"{R}.value")]),
    ("number for text", cond("CITY", "EQ", 5), [("INVALID_VALUE", f"{R}.value")]),
    ("blank text", cond("CITY", "EQ", "   "), [("INVALID_VALUE", f"{R}.value")]),
    ("text too long", cond("CITY", "EQ", "广" * 201), [("INVALID_VALUE", f"{R}.value")]),
    (
        "text with a NUL character",
        cond("CITY", "NOT_IN", ["广州", "a\x00b"]),
        [("INVALID_VALUE", f"{R}.value.1")],
    ),
    ("tag with a NUL character", cond("TAGS", "CONTAINS", "v\x00ip"), [("INVALID_VALUE", f"{R}.value")]),
    (
        "attribute with a NUL character",
        cond("CUSTOM_ATTRIBUTE", "EQ", "\x00", key="k"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    ("blank prefix", cond("CITY", "STARTS_WITH", "  "), [("INVALID_VALUE", f"{R}.value")]),
    ("empty prefix", cond("CITY", "STARTS_WITH", ""), [("INVALID_VALUE", f"{R}.value")]),
    ("unknown enum value", cond("GENDER", "EQ", "UNKNOWN"), [("INVALID_VALUE", f"{R}.value")]),
    ("enum value in lower case", cond("GENDER", "EQ", "female"), [("INVALID_VALUE", f"{R}.value")]),
    ("not a date", cond("CREATED_AT", "GT", "yesterday"), [("INVALID_VALUE", f"{R}.value")]),
    (
        "a time past the last one",
        cond("CREATED_AT", "LT", "9999-12-31T23:00:00-05:00"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    ("a date as a number", cond("CREATED_AT", "GT", 20260131), [("INVALID_VALUE", f"{R}.value")]),
    ("zero days", cond("CREATED_AT", "WITHIN_LAST_DAYS", 0), [("INVALID_VALUE", f"{R}.value")]),
    (
        "days as text",
        cond("LAST_PURCHASE_AT", "NOT_WITHIN_LAST_DAYS", "7"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    ("a value for IS_NULL", cond("CITY", "IS_NULL", "广州"), [("INVALID_VALUE", f"{R}.value")]),
    ("empty tag", cond("TAGS", "CONTAINS", " "), [("INVALID_VALUE", f"{R}.value")]),
    ("tag too long", cond("TAGS", "CONTAINS", "x" * 51), [("INVALID_VALUE", f"{R}.value")]),
    ("a user id that is not a number", cond("OWNER", "EQ", "VXNlcjox"), [("INVALID_VALUE", f"{R}.value")]),
    ("a user id past BIGINT", cond("OWNER", "EQ", 2**63), [("INVALID_VALUE", f"{R}.value")]),
    ("a team id of zero", cond("TEAM", "NEQ", 0), [("INVALID_VALUE", f"{R}.value")]),
    # lists
    ("IN with one bad element", cond("CITY", "IN", ["广州", 5, "深圳"]), [("INVALID_VALUE", f"{R}.value.1")]),
    (
        "IN with two bad elements",
        cond("GENDER", "NOT_IN", ["FEMALE", "X", "Y"]),
        [("INVALID_VALUE", f"{R}.value.1"), ("INVALID_VALUE", f"{R}.value.2")],
    ),
    ("IN with a bad id", cond("TEAM", "IN", [1, "two"]), [("INVALID_VALUE", f"{R}.value.1")]),
    ("IN with an empty list", cond("CITY", "IN", []), [("INVALID_VALUE", f"{R}.value")]),
    ("IN with one value, not a list", cond("CITY", "IN", "广州"), [("INVALID_VALUE", f"{R}.value")]),
    (
        "IN with too many values",
        cond("CITY", "IN", [f"c{i}" for i in range(1001)]),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    # BETWEEN
    ("BETWEEN reversed", cond("AGE", "BETWEEN", [40, 30]), [("INVALID_VALUE", f"{R}.value")]),
    (
        "BETWEEN reversed times",
        cond("CREATED_AT", "BETWEEN", ["2026-02-01", "2026-01-01"]),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    (
        "BETWEEN reversed, as text",
        cond("TOTAL_SPEND", "BETWEEN", ["100", "20"]),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    ("BETWEEN one value", cond("AGE", "BETWEEN", [30]), [("INVALID_VALUE", f"{R}.value")]),
    ("BETWEEN three values", cond("AGE", "BETWEEN", [1, 2, 3]), [("INVALID_VALUE", f"{R}.value")]),
    ("BETWEEN a bad bound", cond("AGE", "BETWEEN", [30, "x"]), [("INVALID_VALUE", f"{R}.value.1")]),
    # days and keys
    ("missing days", cond("PURCHASES_IN_LAST_DAYS", "GT", 1), [("REQUIRED", f"{R}.days")]),
    ("zero days", cond("SPEND_IN_LAST_DAYS", "GT", 1, days=0), [("INVALID_VALUE", f"{R}.days")]),
    (
        "too many days",
        cond("INTERACTIONS_IN_LAST_DAYS", "GT", 1, days=36501),
        [("INVALID_VALUE", f"{R}.days")],
    ),
    ("days as text", cond("COMPLAINTS_IN_LAST_DAYS", "GT", 1, days="7"), [("INVALID_VALUE", f"{R}.days")]),
    (
        "days where none apply",
        {"all": [CITY, cond("AGE", "GT", 30, days=7)]},
        [("INVALID_VALUE", f"{R}.all.1.days")],
    ),
    ("missing key", cond("CUSTOM_ATTRIBUTE", "EQ", "gold"), [("REQUIRED", f"{R}.key")]),
    ("empty key", cond("CUSTOM_ATTRIBUTE", "EQ", "gold", key=""), [("REQUIRED", f"{R}.key")]),
    (
        "key with other characters",
        cond("CUSTOM_ATTRIBUTE", "EQ", "金卡", key="会员等级"),
        [("INVALID_VALUE", f"{R}.key")],
    ),
    ("key with a quote", cond("CUSTOM_ATTRIBUTE", "EQ", "x", key='a"b'), [("INVALID_VALUE", f"{R}.key")]),
    ("key too long", cond("CUSTOM_ATTRIBUTE", "IS_NULL", key="k" * 65), [("INVALID_VALUE", f"{R}.key")]),
    ("key where none applies", cond("CITY", "EQ", "广州", key="tier"), [("INVALID_VALUE", f"{R}.key")]),
    (
        "attribute ordered by text",
        cond("CUSTOM_ATTRIBUTE", "GT", "gold", key="tier"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    (
        "attribute between text and a number",
        cond("CUSTOM_ATTRIBUTE", "BETWEEN", ["a", 5], key="score"),
        [("INVALID_VALUE", f"{R}.value.0")],
    ),
    (
        "attribute that is an object",
        cond("CUSTOM_ATTRIBUTE", "EQ", {"a": 1}, key="x"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    (
        "attribute that is a boolean",
        cond("CUSTOM_ATTRIBUTE", "EQ", True, key="vip"),
        [("INVALID_VALUE", f"{R}.value")],
    ),
    # structure
    ("empty group", {"all": []}, [("EMPTY_GROUP", f"{R}.all")]),
    ("empty nested group", {"any": [CITY, {"not": {"all": []}}]}, [("EMPTY_GROUP", f"{R}.any.1.not.all")]),
    ("group that is not a list", {"any": CITY}, [("EMPTY_GROUP", f"{R}.any")]),
    ("group and condition in one node", {"all": [CITY], "field": "CITY"}, [("INVALID_RULE", R)]),
    ("two groups in one node", {"any": [{"all": [CITY], "any": [VIP]}]}, [("INVALID_RULE", f"{R}.any.0")]),
    ("negation and condition in one node", {"not": CITY, **VIP}, [("INVALID_RULE", R)]),
    ("empty node", {"all": [CITY, {}]}, [("INVALID_RULE", f"{R}.all.1")]),
    ("node that is not an object", {"all": [CITY, "CITY = 广州"]}, [("INVALID_RULE", f"{R}.all.1")]),
    ("rule that is a list", [CITY], [("INVALID_RULE", R)]),
    ("condition with an unknown key", {**CITY, "negate": True}, [("INVALID_RULE", R)]),
    (
        "nine levels deep",
        nested(CITY, 8, "all"),
        [("RULE_TOO_DEEP", R + ".all.0" * 8)],
    ),
    ("nine levels of negation", nested(CITY, 8, "not"), [("RULE_TOO_DEEP", R + ".not" * 8)]),
    (
        "too deep in one branch only",
        {"any": [CITY, nested(VIP, 7, "any")]},
        [("RULE_TOO_DEEP", f"{R}.any.1" + ".any.0" * 7)],
    ),
    ("101 conditions", {"any": [CITY] * 101}, [("RULE_TOO_LARGE", R)]),
]


@pytest.mark.parametrize(("rule", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_rule(rule: Any, expected: list[tuple[str, str]]) -> None:
    assert problems(rule) == expected


def test_every_problem_of_a_rule_is_reported_at_once() -> None:
    rule = {
        "all": [
            cond("SHOE_SIZE", "EQ", 42),
            {"any": [CITY, cond("AGE", "CONTAINS", "3")]},
            {"not": cond("PURCHASES_IN_LAST_DAYS", "GT", "many")},
            {"all": []},
            cond("CUSTOM_ATTRIBUTE", "EQ", "gold", days=3),
            cond("OWNER", "IN", [1, None]),
            nested(VIP, 8, "not"),
        ]
    }
    assert problems(rule) == [
        ("UNKNOWN_FIELD", f"{R}.all.0.field"),
        ("INVALID_OPERATOR", f"{R}.all.1.any.1.op"),
        ("REQUIRED", f"{R}.all.2.not.days"),
        ("INVALID_VALUE", f"{R}.all.2.not.value"),
        ("EMPTY_GROUP", f"{R}.all.3.all"),
        ("INVALID_VALUE", f"{R}.all.4.days"),
        ("REQUIRED", f"{R}.all.4.key"),
        ("INVALID_VALUE", f"{R}.all.5.value.1"),
        ("RULE_TOO_DEEP", f"{R}.all.6" + ".not" * 7),
    ]


def test_paths_start_where_the_caller_says() -> None:
    assert problems({"any": [CITY, cond("CITY", "GT", "x")]}, path="input.segments.0.rule") == [
        ("INVALID_OPERATOR", "input.segments.0.rule.any.1.op")
    ]


def test_ids_are_decoded_by_the_caller() -> None:
    def decode(node_type: str, raw: Any) -> int | None:
        return (
            int(raw.removeprefix(f"{node_type}:"))
            if isinstance(raw, str) and raw.startswith(f"{node_type}:")
            else None
        )

    tree = rules.validate(cond("OWNER", "IN", ["User:3", "User:4"]), decode_id=decode)
    assert tree == {"field": "OWNER", "op": "IN", "value": [3, 4]}
    assert problems(cond("OWNER", "IN", ["User:3", "Team:4"]), decode_id=decode) == [
        ("INVALID_VALUE", f"{R}.value.1")
    ]
    assert problems(cond("TEAM", "EQ", 4), decode_id=decode) == [("INVALID_VALUE", f"{R}.value")]


# --- what a valid rule becomes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "normalised"),
    [
        # text is trimmed, country codes upper-cased, absent parts dropped
        (
            {"field": "COUNTRY", "op": "EQ", "value": " cn ", "days": None, "key": None},
            {"field": "COUNTRY", "op": "EQ", "value": "CN"},
        ),
        (cond("CITY", "IN", [" 广州", "深圳 "]), {"field": "CITY", "op": "IN", "value": ["广州", "深圳"]}),
        (cond("TAGS", "CONTAINS", " vip "), {"field": "TAGS", "op": "CONTAINS", "value": "vip"}),
        # numbers: whole ones as integers, others as exact decimal text; text is read as a number
        (cond("AGE", "EQ", 30.0), {"field": "AGE", "op": "EQ", "value": 30}),
        (cond("TOTAL_SPEND", "GT", "100.50"), {"field": "TOTAL_SPEND", "op": "GT", "value": "100.50"}),
        (cond("TOTAL_SPEND", "GT", 0.1), {"field": "TOTAL_SPEND", "op": "GT", "value": "0.1"}),
        (
            cond("SPEND_IN_LAST_DAYS", "BETWEEN", ["10", 20.5], days=30),
            {"field": "SPEND_IN_LAST_DAYS", "op": "BETWEEN", "value": [10, "20.5"], "days": 30},
        ),
        # times: in UTC, with their offset applied; a date is its midnight in UTC
        (
            cond("CREATED_AT", "GT", "2026-01-31T08:00:00+08:00"),
            {"field": "CREATED_AT", "op": "GT", "value": "2026-01-31T00:00:00+00:00"},
        ),
        (
            cond("CREATED_AT", "LT", "2026-01-31"),
            {"field": "CREATED_AT", "op": "LT", "value": "2026-01-31T00:00:00+00:00"},
        ),
        (
            cond("LAST_PURCHASE_AT", "GT", "2026-01-31T08:00:00Z"),
            {"field": "LAST_PURCHASE_AT", "op": "GT", "value": "2026-01-31T08:00:00+00:00"},
        ),
        (
            cond("LAST_PURCHASE_AT", "WITHIN_LAST_DAYS", 30),
            {"field": "LAST_PURCHASE_AT", "op": "WITHIN_LAST_DAYS", "value": 30},
        ),
        # custom attributes: text stays text, numbers stay JSON numbers (so they compare as numbers)
        (
            cond("CUSTOM_ATTRIBUTE", "EQ", "42", key="score"),
            {"field": "CUSTOM_ATTRIBUTE", "op": "EQ", "value": "42", "key": "score"},
        ),
        (
            cond("CUSTOM_ATTRIBUTE", "IN", [42, 7.5, "gold"], key="score"),
            {"field": "CUSTOM_ATTRIBUTE", "op": "IN", "value": [42, 7.5, "gold"], "key": "score"},
        ),
        (
            cond("CUSTOM_ATTRIBUTE", "BETWEEN", ["7.5", 42], key="score"),
            {"field": "CUSTOM_ATTRIBUTE", "op": "BETWEEN", "value": [7.5, 42], "key": "score"},
        ),
        (
            cond("CUSTOM_ATTRIBUTE", "IS_NULL", key="a-b_1"),
            {"field": "CUSTOM_ATTRIBUTE", "op": "IS_NULL", "key": "a-b_1"},
        ),
        # structure is kept
        (
            {"all": [{"not": CITY}, {"any": [VIP, cond("AGE", "BETWEEN", [18, 30])]}]},
            {"all": [{"not": CITY}, {"any": [VIP, {"field": "AGE", "op": "BETWEEN", "value": [18, 30]}]}]},
        ),
        (nested(CITY, 7, "any"), nested(CITY, 7, "any")),
        ({"all": [CITY] * 100}, {"all": [CITY] * 100}),
    ],
)
def test_valid_rule_is_normalised(rule: Any, normalised: dict[str, Any]) -> None:
    assert rules.validate(rule) == normalised


def test_stored_rule_reads_back() -> None:
    tree = rules.validate({"all": [CITY, VIP]})
    assert rules.tree(rules.stored(tree)) == tree
    assert rules.tree(None) is None


# --- ids that do not exist -------------------------------------------------------------------------------


async def test_unknown_owner_and_team_are_not_found(db: Database) -> None:
    # given one staff user and one team
    agent = await make_staff(Role.AGENT, "South Agent")
    south = await team_named("South")
    assert south is not None
    user, team = agent.user.pk, south.pk

    # then rules naming them are valid, and rules naming others are NOT_FOUND where they name them
    assert await services.validated_rule(cond("OWNER", "EQ", user), path=R) == {
        "field": "OWNER",
        "op": "EQ",
        "value": user,
    }
    with pytest.raises(DomainError) as one:
        await services.validated_rule({"all": [CITY, cond("OWNER", "EQ", user + 100)]}, path=R)
    assert (one.value.code, one.value.field) == ("NOT_FOUND", f"{R}.all.1.value")
    with pytest.raises(DomainErrors) as several:
        await services.validated_rule(
            {
                "any": [
                    cond("OWNER", "IN", [user, user + 100, user + 101]),
                    {"not": cond("TEAM", "NEQ", team + 100)},
                    cond("TEAM", "IN", [team]),
                ]
            },
            path=R,
        )
    assert [(e.code, e.field) for e in several.value.errors] == [
        ("NOT_FOUND", f"{R}.any.0.value.1"),
        ("NOT_FOUND", f"{R}.any.0.value.2"),
        ("NOT_FOUND", f"{R}.any.1.not.value"),
    ]
    # and a team that does not exist
    with pytest.raises(DomainError) as crossed:
        await services.validated_rule(cond("TEAM", "EQ", user + 100), path=R)
    assert (crossed.value.code, crossed.value.field) == ("NOT_FOUND", f"{R}.value")


@pytest.mark.parametrize(
    "rule",
    [
        {"all": [CITY], "op": "EQ"},
        {"any": [CITY], "field": None, "value": 3},
        {"not": CITY, "days": 3},
    ],
)
def test_groups_and_negations_carry_nothing_else(rule: dict[str, Any]) -> None:
    assert problems(rule) == [("INVALID_RULE", R)]
