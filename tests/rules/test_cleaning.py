"""What clean() makes of raw facts from forms and JSON."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rules


@pytest.mark.parametrize(
    ("code", "facts", "cleaned"),
    [
        (
            "conference",
            {"level": " national ", "days": " 3 ", "presented": "on"},
            {"level": "national", "days": 3, "presented": True},
        ),
        (
            "conference",
            {"level": "provincial", "days": 2},
            {"level": "provincial", "days": 2, "presented": False},
        ),
        (
            "conference",
            {"level": "provincial", "days": 2.0, "presented": "off"},
            {"level": "provincial", "days": 2, "presented": False},
        ),
        (
            "conference",
            {"level": "provincial", "days": Decimal(2), "presented": 1},
            {"level": "provincial", "days": 2, "presented": True},
        ),
        (
            "conference",
            {"level": "provincial", "days": 2, "presented": "FALSE"},
            {"level": "provincial", "days": 2, "presented": False},
        ),
        (
            "conference",
            {"level": "provincial", "days": 2, "presented": ""},
            {"level": "provincial", "days": 2, "presented": False},
        ),
        ("training", {"hours": "15.8"}, {"hours": Decimal("15.8")}),
        ("training", {"hours": 15.8}, {"hours": Decimal("15.8")}),
        ("training", {"hours": 16}, {"hours": Decimal(16)}),
        ("base_training", {"hours": 8}, {"hours": Decimal(8), "source": "individual"}),
        ("authority_training", {"hours": 8}, {"hours": Decimal(8), "in_annual_plan": True}),
        # Facts whose condition does not hold are dropped, whatever they hold.
        (
            "degree_education",
            {"mode": "degree", "passed_courses": "2", "months": "whatever"},
            {"mode": "degree", "passed_courses": 2},
        ),
        (
            "publication",
            {"kind": "paper", "rank": 1, "journal_tier": "issn_cn", "wan_zi": 3},
            {"kind": "paper", "rank": 1, "journal_tier": "issn_cn", "supplement": False},
        ),
        (
            "publication",
            {"kind": "book", "rank": "2", "wan_zi": "2.5"},
            {"kind": "book", "rank": 2, "wan_zi": Decimal("2.5")},
        ),
        ("endorsed_report", {}, {}),
    ],
)
def test_it_coerces_raw_facts(
    code: str, facts: dict[str, object], cleaned: dict[str, object]
) -> None:
    assert rules.HOUR_TYPES[code].clean(facts) == cleaned


def test_it_keeps_the_kinds_of_cleaned_values() -> None:
    cleaned = rules.HOUR_TYPES["publication"].clean({"kind": "book", "rank": "1", "wan_zi": "3"})

    assert [type(cleaned[name]) for name in ("kind", "rank", "wan_zi")] == [str, int, Decimal]


def test_cleaning_twice_changes_nothing() -> None:
    hour_type = rules.HOUR_TYPES["publication"]
    once = hour_type.clean(
        {"kind": "paper", "rank": "2", "journal_tier": "provincial_core", "supplement": "0"}
    )

    assert hour_type.clean(once) == once


@pytest.mark.parametrize(
    ("code", "expected"), [("zh-hans", "已达标"), ("zh", "已达标"), ("en-us", "Met"), ("fr", "Met")]
)
def test_text_picks_chinese_for_chinese_codes_and_english_otherwise(
    code: str, expected: str
) -> None:
    assert rules.Text("已达标", "Met").for_language(code) == expected


RAW_VALUES: list[object] = [
    None,
    "",
    "  ",
    True,
    False,
    0,
    1,
    2,
    -1,
    3,
    99,
    100,
    367,
    1000,
    1001,
    2.0,
    2.5,
    15.8,
    Decimal(0),
    Decimal("2.5"),
    Decimal(1001),
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("-0"),
    "0",
    "1",
    " 3 ",
    "1_000",
    "2.5",
    "1e2",
    "nan",
    "abc",
    "true",
    "TRUE",
    " yes ",
    "否",
    "off",
    "national",
    " national ",
    "paper",
    "book",
    "degree",
    "main",
    ["national"],
    {"a": 1},
]


def _answer(clean: object, raw: object) -> tuple[str, object]:
    try:
        value = clean(raw)  # type: ignore[operator]
    except Exception as error:
        return "error", getattr(error, "message", error)
    return type(value).__name__, value


@pytest.mark.parametrize("code", sorted(rules.HOUR_TYPES))
def test_the_quick_cleaner_answers_as_clean_does(code: str) -> None:
    """The short path taken for usual values gives the same value, or the same message."""
    for fact in rules.HOUR_TYPES[code].facts:
        for raw in [*RAW_VALUES, *(choice.value for choice in fact.choices)]:
            assert _answer(fact.quick_clean, raw) == _answer(fact.clean, raw), (fact.name, raw)
