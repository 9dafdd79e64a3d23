"""Whether a year's records meet the requirement (第五条, 第八条), and what is missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rules


def public(hours: str, *covers: str) -> rules.Record:
    return rules.Record("public", Decimal(hours), frozenset(covers))


def professional(hours: str, *covers: str) -> rules.Record:
    return rules.Record("professional", Decimal(hours), frozenset(covers))


@pytest.mark.parametrize(
    ("records", "on_duty_months", "met", "shortfall"),
    [
        ([public("24"), professional("66")], 12, True, (0, 0, 0)),
        ([public("30"), professional("40")], 12, False, (0, 20, 20)),
        ([public("20"), professional("70")], 12, False, (4, 0, 0)),
        ([public("24"), professional("60")], 12, False, (0, 0, 6)),
        ([], 12, False, (24, 60, 90)),
        ([public("10"), public("14"), professional("30"), professional("36")], 12, True, (0, 0, 0)),
        ([public("23.5"), professional("66.5")], 12, False, (Decimal("0.5"), 0, 0)),
        # covered professional: professional and total are complete, public still counts
        ([public("24"), professional("0", "professional")], 12, True, (0, 0, 0)),
        ([public("10"), professional("0", "professional")], 12, False, (14, 0, 0)),
        # covered public and professional: the year is met
        ([professional("0", "public", "professional")], 12, True, (0, 0, 0)),
        # covered public alone counts as its full requirement towards the total
        ([public("0", "public"), professional("66")], 12, True, (0, 0, 0)),
        ([public("0", "public"), professional("60")], 12, False, (0, 0, 6)),
        # 第八条: six months on duty halves the requirement
        ([public("12"), professional("33")], 6, True, (0, 0, 0)),
        ([public("12"), professional("20")], 6, False, (0, 10, 13)),
        ([], 0, True, (0, 0, 0)),
    ],
)
def test_it_judges_the_year(
    records: list[rules.Record],
    on_duty_months: int,
    met: bool,
    shortfall: tuple[int | Decimal, int | Decimal, int | Decimal],
) -> None:
    status = rules.year_status(2024, records, on_duty_months=on_duty_months)

    assert (status.met, tuple(status.shortfall.values())) == (met, tuple(map(Decimal, shortfall)))


def test_it_asks_for_30_public_hours_in_2018() -> None:
    status = rules.year_status(2018, [public("24"), professional("66")])

    assert (status.met, status.shortfall["public"]) == (False, Decimal(6))


def test_it_sums_the_hours_of_each_subject() -> None:
    status = rules.year_status(2024, [public("10.5"), professional("40"), professional("12")])

    assert (status.public, status.professional, status.total) == (
        Decimal("10.5"),
        Decimal("52"),
        Decimal("62.5"),
    )


def test_it_carries_the_requirement_it_judged_against() -> None:
    status = rules.year_status(2024, [], on_duty_months=6)

    assert status.requirement == rules.Requirement(total=45, public=12, professional=30)


@pytest.mark.parametrize(
    ("records", "zh", "en"),
    [
        ([public("24"), professional("66")], "已达标", "Met"),
        ([public("30"), professional("40")], "还差 20 专业学时", "Short of 20 professional hours"),
        (
            [public("20"), professional("50")],
            "还差 4 公需学时、10 专业学时、6 学时（公需或专业均可）",
            "Short of 4 public hours, 10 professional hours and 6 hours of either subject",
        ),
        (
            [public("24"), professional("60")],
            "还差 6 学时（公需或专业均可）",
            "Short of 6 hours of either subject",
        ),
    ],
)
def test_it_explains_what_is_missing(records: list[rules.Record], zh: str, en: str) -> None:
    assert rules.year_status(2024, records).explanation == rules.Text(zh, en)


@pytest.mark.parametrize(
    ("hours", "threshold", "over_declared"),
    [("100", 100, False), ("100.5", 100, True), ("300", 100, True), ("150", 200, False)],
)
def test_it_flags_claims_over_the_threshold_without_capping_them(
    hours: str, threshold: int, over_declared: bool
) -> None:
    status = rules.year_status(2024, [professional(hours)], over_threshold=threshold)

    assert (status.over_declared, status.total) == (over_declared, Decimal(hours))


def test_it_warns_in_the_explanation_when_over_declared() -> None:
    status = rules.year_status(2024, [public("24"), professional("276")])

    assert status.explanation.zh == "已达标；申报 300 学时，超过 100 学时，可能被退回"


@pytest.mark.parametrize(
    ("subject", "covers"),
    [("public_subject", frozenset()), ("public", frozenset({"everything"}))],
)
def test_a_record_refuses_unknown_subjects(subject: str, covers: frozenset[str]) -> None:
    with pytest.raises(ValueError, match=r"subject|covers"):
        rules.Record(subject, Decimal(1), covers)
