"""Questions callers used to answer by comparing type codes: the rules answer them."""

from __future__ import annotations

import pytest

import rules


@pytest.mark.parametrize(
    ("code", "scales"), [("leave_adjustment", True), ("training", False), ("other", False)]
)
def test_only_a_leave_adjustment_scales_the_requirement(code: str, scales: bool) -> None:
    assert rules.HOUR_TYPES[code].scales_requirement is scales


@pytest.mark.parametrize(
    ("code", "facts", "waived"),
    [
        ("base_training", {"hours": "8", "source": "base_batch"}, True),
        ("base_training", {"hours": "8", "source": "individual"}, False),
        ("endorsed_report", {}, False),
    ],
)
def test_a_base_batch_waives_the_materials(code: str, facts: dict, waived: bool) -> None:
    hour_type = rules.HOUR_TYPES[code]
    assert hour_type.waives_materials(hour_type.clean(facts)) is waived


@pytest.mark.parametrize(
    ("code", "dates", "organiser"),
    [
        ("qualification_exam", rules.DateKind.DAY, False),
        ("publication", rules.DateKind.PUBLISHED, False),
        ("leave_adjustment", rules.DateKind.PERIOD, False),
        ("training", rules.DateKind.PERIOD, True),
    ],
)
def test_each_type_says_which_dates_and_whether_an_organiser(
    code: str, dates: rules.DateKind, organiser: bool
) -> None:
    hour_type = rules.HOUR_TYPES[code]
    assert (hour_type.dates, hour_type.has_organiser) == (dates, organiser)


@pytest.mark.parametrize(
    ("code", "facts", "set_by"),
    [
        ("research_project", {"level": "national", "role": "main", "rank": 6}, "unit"),
        ("research_project", {"level": "national", "role": "main", "rank": 1}, ""),
        ("conference", {"level": "municipal", "days": 1}, "authority"),
        ("other", {"hours": "10"}, "authority"),
    ],
)
def test_hours_left_to_an_authority_are_marked_with_who_sets_them(
    code: str, facts: dict, set_by: str
) -> None:
    assert rules.assess(code, facts, year=2026).hours_set_by == set_by
