"""The worked cases of rules-cases.json (copied from the shared brief) as one table."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import rules

CASES = json.loads((Path(__file__).parent.parent / "data" / "rules-cases.json").read_text("utf-8"))


def _assess_id(case: dict[str, Any]) -> str:
    return f"{case['type']}-{json.dumps(case['facts'], sort_keys=True)}"


@pytest.mark.parametrize("case", CASES["assess"], ids=_assess_id)
def test_it_assesses_the_worked_case(case: dict[str, Any]) -> None:
    outcome = rules.assess(case["type"], case["facts"], year=case["year"])

    assert (outcome.hours, outcome.covers) == (Decimal(case["hours"]), frozenset(case["covers"]))


@pytest.mark.parametrize(
    "case", CASES["requirement"], ids=lambda case: f"{case['year']}-{case['on_duty_months']}"
)
def test_it_computes_the_worked_requirement(case: dict[str, Any]) -> None:
    needed = rules.requirement(case["year"], on_duty_months=case["on_duty_months"])

    assert (needed.total, needed.public, needed.professional) == (
        case["total"],
        case["public"],
        case["professional"],
    )


@pytest.mark.parametrize("case", CASES["year_status"], ids=lambda case: json.dumps(case["records"]))
def test_it_judges_the_worked_year(case: dict[str, Any]) -> None:
    records = [
        rules.Record(subject, Decimal(hours), frozenset(covers))
        for subject, hours, covers in case["records"]
    ]

    status = rules.year_status(case["year"], records, on_duty_months=case["on_duty_months"])

    assert (status.met, dict(status.shortfall)) == (case["met"], case["shortfall"])


def test_it_has_worked_cases_for_every_section() -> None:
    assert [len(CASES[section]) > 0 for section in ("assess", "requirement", "year_status")] == [
        True,
        True,
        True,
    ]
