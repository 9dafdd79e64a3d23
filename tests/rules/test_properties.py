"""Properties over every fact set the schema allows, generated from the schema itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rules

# No example database: the project tree is shared and a .hypothesis folder would land in it.
bounded = settings(max_examples=150, deadline=None, database=None)

AMOUNT_FACTS = ("days", "passed_courses", "months", "wan_zi")


def native_value(fact: rules.Fact) -> st.SearchStrategy[Any]:
    if fact.kind is rules.FactKind.CHOICE:
        return st.sampled_from([choice.value for choice in fact.choices])
    if fact.kind is rules.FactKind.BOOL:
        return st.booleans()
    assert fact.minimum is not None and fact.maximum is not None
    if fact.kind is rules.FactKind.INT:
        return st.integers(int(fact.minimum), int(fact.maximum))
    return st.decimals(fact.minimum, fact.maximum, places=2, allow_nan=False, allow_infinity=False)


def raw_value(fact: rules.Fact) -> st.SearchStrategy[Any]:
    """A valid value as Python or as a form would send it."""
    native = native_value(fact)
    as_text = native.map(lambda value: str(value).lower())
    return st.one_of(native, as_text)


def raw_facts(hour_type: rules.HourType) -> st.SearchStrategy[dict[str, Any]]:
    """Facts that fit the schema; optional facts may be left out."""
    return st.fixed_dictionaries(
        {fact.name: raw_value(fact) for fact in hour_type.facts if fact.required},
        optional={fact.name: raw_value(fact) for fact in hour_type.facts if not fact.required},
    )


declarations = st.sampled_from(list(rules.HOUR_TYPES)).flatmap(
    lambda code: st.tuples(st.just(code), raw_facts(rules.HOUR_TYPES[code]))
)
years = st.integers(2017, 2035)


@bounded
@given(declaration=declarations, year=years)
def test_assess_never_raises_for_facts_that_fit_the_schema(
    declaration: tuple[str, dict[str, Any]], year: int
) -> None:
    code, facts = declaration

    outcome = rules.assess(code, facts, year=year)

    assert outcome.clause == rules.HOUR_TYPES[code].clause
    assert outcome.explanation.zh and outcome.explanation.en


@bounded
@given(declaration=declarations, year=years)
def test_hours_are_never_negative(declaration: tuple[str, dict[str, Any]], year: int) -> None:
    code, facts = declaration

    assert rules.assess(code, facts, year=year).hours >= 0


@bounded
@given(declaration=declarations, year=years)
def test_an_outcome_is_credited_exactly_when_it_gives_something(
    declaration: tuple[str, dict[str, Any]], year: int
) -> None:
    code, facts = declaration

    outcome = rules.assess(code, facts, year=year)

    assert outcome.credited == bool(
        outcome.hours or outcome.covers or outcome.on_duty_months is not None
    )


@bounded
@given(declaration=declarations)
def test_facts_sent_as_text_assess_like_the_same_facts_as_values(
    declaration: tuple[str, dict[str, Any]],
) -> None:
    code, facts = declaration
    as_text = {name: str(value) for name, value in facts.items()}

    assert rules.assess(code, as_text, year=2024) == rules.assess(code, facts, year=2024)


@st.composite
def more_of_an_amount(draw: st.DrawFn) -> tuple[str, dict[str, object], dict[str, object]]:
    """A declaration and the same declaration with more days, courses, months or 万字."""
    code = draw(
        st.sampled_from(
            [
                "degree_education",
                "conference",
                "publication",
                "aid_assignment",
                "grassroots_service",
            ]
        )
    )
    hour_type = rules.HOUR_TYPES[code]
    facts = hour_type.clean(draw(raw_facts(hour_type)))
    amounts = [name for name in AMOUNT_FACTS if name in facts]
    assume(amounts)
    fact = hour_type.fact(draw(st.sampled_from(amounts)))
    assert fact.maximum is not None
    room = fact.maximum - Decimal(str(facts[fact.name]))
    step = draw(
        st.integers(0, int(room))
        if fact.kind is rules.FactKind.INT
        else st.decimals(0, room, places=2, allow_nan=False, allow_infinity=False)
    )
    return code, facts, {**facts, fact.name: facts[fact.name] + step}  # type: ignore[operator]


@bounded
@given(pair=more_of_an_amount(), year=years)
def test_more_of_an_amount_never_gives_fewer_hours_unless_it_covers_a_requirement(
    pair: tuple[str, dict[str, object], dict[str, object]], year: int
) -> None:
    code, less, more = pair

    fewer, greater = rules.assess(code, less, year=year), rules.assess(code, more, year=year)

    assert greater.hours >= fewer.hours or greater.covers


records = st.lists(
    st.builds(
        rules.Record,
        subject=st.sampled_from(["public", "professional"]),
        hours=st.decimals(0, 120, places=1, allow_nan=False, allow_infinity=False),
        covers=st.frozensets(st.sampled_from(["public", "professional"])),
    ),
    max_size=8,
)


@bounded
@given(year=st.sampled_from([2018, 2024]), records=records, on_duty_months=st.integers(0, 12))
def test_the_shortfall_is_zero_exactly_when_the_year_is_met(
    year: int, records: list[rules.Record], on_duty_months: int
) -> None:
    status = rules.year_status(year, records, on_duty_months=on_duty_months)

    assert status.met == all(missing == 0 for missing in status.shortfall.values())
    assert min(status.shortfall.values()) >= 0


@bounded
@given(year=st.sampled_from([2018, 2024]), records=records, extra=records)
def test_more_records_never_unmeet_a_year(
    year: int, records: list[rules.Record], extra: list[rules.Record]
) -> None:
    before = rules.year_status(year, records)
    after = rules.year_status(year, records + extra)

    assert after.met >= before.met


@bounded
@given(records=records, on_duty_months=st.integers(0, 11))
def test_fewer_months_on_duty_never_ask_for_more(
    records: list[rules.Record], on_duty_months: int
) -> None:
    fewer = rules.year_status(2024, records, on_duty_months=on_duty_months)
    more = rules.year_status(2024, records, on_duty_months=on_duty_months + 1)

    assert fewer.met >= more.met


def first_value(fact: rules.Fact) -> object:
    if fact.choices:
        return fact.choices[0].value
    return fact.default if fact.default is not None else fact.minimum


def facts_choosing(hour_type: rules.HourType, fact: rules.Fact, value: str) -> dict[str, object]:
    """The smallest valid facts with `fact` set to `value` and its condition satisfied."""
    facts = {other.name: first_value(other) for other in hour_type.facts}
    if fact.when is not None:
        facts[fact.when.fact] = sorted(map(str, fact.when.values))[0]
    return {**facts, fact.name: value}


CHOICES = [
    pytest.param(code, fact.name, choice.value, id=f"{code}-{fact.name}-{choice.value}")
    for code, hour_type in rules.HOUR_TYPES.items()
    for fact in hour_type.facts
    for choice in fact.choices
]


@pytest.mark.parametrize(("code", "name", "value"), CHOICES)
def test_every_choice_in_the_schema_is_handled_by_assess(code: str, name: str, value: str) -> None:
    hour_type = rules.HOUR_TYPES[code]
    facts = facts_choosing(hour_type, hour_type.fact(name), value)

    outcome = rules.assess(code, facts, year=2024)

    assert (hour_type.clean(facts)[name], outcome.hours >= 0) == (value, True)
