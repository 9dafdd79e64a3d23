"""Facts that do not fit the type's schema raise InvalidFacts with one message per bad field."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rules


def errors_of(code: str, facts: dict[str, object]) -> dict[str, rules.Text]:
    with pytest.raises(rules.InvalidFacts) as caught:
        rules.assess(code, facts, year=2024)
    return caught.value.errors


@pytest.mark.parametrize(
    ("code", "facts", "field", "words"),
    [
        ("seminar", {}, "type", "seminar"),
        ("conference", {"level": "national"}, "days", "required"),
        ("conference", {"level": "national", "days": ""}, "days", "required"),
        ("conference", {"level": "national", "days": None}, "days", "required"),
        ("conference", {"days": 2}, "level", "required"),
        ("conference", {"level": "national", "days": 367}, "days", "between 0 and 366"),
        ("conference", {"level": "national", "days": -1}, "days", "between 0 and 366"),
        ("conference", {"level": "national", "days": "3.5"}, "days", "whole number"),
        ("conference", {"level": "national", "days": 3.5}, "days", "whole number"),
        ("conference", {"level": "national", "days": True}, "days", "whole number"),
        ("conference", {"level": "national", "days": "three"}, "days", "whole number"),
        ("conference", {"level": "national", "days": "1_0"}, "days", "whole number"),
        ("conference", {"level": "county", "days": 2}, "level", "not one of"),
        ("conference", {"level": 1, "days": 2}, "level", "not one of"),
        (
            "conference",
            {"level": "national", "days": 2, "presented": "maybe"},
            "presented",
            "yes or no",
        ),
        ("conference", {"level": "national", "days": 2, "presented": 2}, "presented", "yes or no"),
        (
            "conference",
            {"level": "national", "days": 2, "speakers": 1},
            "speakers",
            "no fact named",
        ),
        ("training", {}, "hours", "required"),
        ("training", {"hours": "abc"}, "hours", "must be a number"),
        ("training", {"hours": "NaN"}, "hours", "must be a number"),
        ("training", {"hours": "Infinity"}, "hours", "must be a number"),
        ("training", {"hours": float("inf")}, "hours", "must be a number"),
        ("training", {"hours": Decimal("sNaN")}, "hours", "must be a number"),
        ("training", {"hours": [8]}, "hours", "must be a number"),
        ("training", {"hours": "1000.5"}, "hours", "between 0 and 1000"),
        ("training", {"hours": "-0.5"}, "hours", "between 0 and 1000"),
        ("base_training", {"hours": 8, "source": "myself"}, "source", "not one of"),
        ("degree_education", {"mode": "degree"}, "passed_courses", "required"),
        (
            "degree_education",
            {"mode": "degree", "passed_courses": 31},
            "passed_courses",
            "between 0 and 30",
        ),
        ("degree_education", {"mode": "course_study"}, "months", "required"),
        ("degree_education", {"mode": "course_study", "months": 13}, "months", "between 0 and 12"),
        (
            "research_project",
            {"level": "national", "role": "main", "rank": 0},
            "rank",
            "between 1 and 99",
        ),
        (
            "research_project",
            {"level": "national", "role": "lead", "rank": 1},
            "role",
            "not one of",
        ),
        ("publication", {"kind": "book", "rank": 1}, "wan_zi", "required"),
        ("publication", {"kind": "paper", "rank": 1}, "journal_tier", "required"),
        (
            "publication",
            {"kind": "paper", "rank": 1, "journal_tier": "sci"},
            "journal_tier",
            "not one of",
        ),
        ("aid_assignment", {"months": 37}, "months", "between 0 and 36"),
        (
            "leave_adjustment",
            {"reason": "sick", "on_duty_months": 13},
            "on_duty_months",
            "between 0 and 12",
        ),
        ("leave_adjustment", {"reason": "holiday", "on_duty_months": 3}, "reason", "not one of"),
        (
            "authority_training",
            {"hours": 8, "in_annual_plan": "perhaps"},
            "in_annual_plan",
            "yes or no",
        ),
        ("endorsed_report", {"leader": "省长"}, "leader", "no fact named"),
    ],
)
def test_it_names_the_bad_field(
    code: str, facts: dict[str, object], field: str, words: str
) -> None:
    errors = errors_of(code, facts)

    assert (list(errors), words in errors[field].en) == ([field], True)


def test_it_reports_every_bad_field_at_once() -> None:
    errors = errors_of(
        "research_project", {"level": "county", "role": "boss", "rank": "first", "budget": 1}
    )

    assert sorted(errors) == ["budget", "level", "rank", "role"]


def test_it_says_each_message_in_chinese_too() -> None:
    errors = errors_of("conference", {"level": "national", "days": 400})

    assert errors["days"].for_language("zh-hans") == "“天数”须在 0 到 366 之间"


def test_it_lists_the_allowed_choices_in_the_message() -> None:
    errors = errors_of("conference", {"level": "county", "days": 1})

    assert errors["level"].en == "Level: county is not one of national, provincial, municipal."


def test_it_leaves_a_fact_unjudged_when_the_fact_it_hangs_on_is_bad() -> None:
    assert list(errors_of("degree_education", {"mode": "sabbatical"})) == ["mode"]


def test_it_puts_the_messages_in_the_exception_text() -> None:
    with pytest.raises(rules.InvalidFacts, match="days: Days is required"):
        rules.assess("grassroots_service", {}, year=2024)


def test_it_cleans_without_assessing_through_the_type() -> None:
    with pytest.raises(rules.InvalidFacts):
        rules.HOUR_TYPES["patent"].clean({"kind": "trademark", "rank": 1})
