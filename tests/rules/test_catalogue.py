"""The 16 declaration types as DOMAIN.md and the notice list them."""

from __future__ import annotations

from decimal import Decimal

import pytest

import rules

CODES = [
    "base_training",
    "training",
    "degree_education",
    "conference",
    "research_project",
    "publication",
    "patent",
    "award",
    "qualification_exam",
    "endorsed_report",
    "aid_assignment",
    "grassroots_service",
    "authority_training",
    "employer_training",
    "leave_adjustment",
    "other",
]
ALL_FACTS = [fact for hour_type in rules.HOUR_TYPES.values() for fact in hour_type.facts]
NUMBERS = [fact for fact in ALL_FACTS if fact.kind in (rules.FactKind.INT, rules.FactKind.DECIMAL)]


def test_it_lists_the_16_types_in_official_order() -> None:
    assert [(t.number, t.code) for t in rules.HOUR_TYPES.values()] == list(enumerate(CODES, 1))


def test_it_keys_each_type_by_its_code() -> None:
    assert [code == t.code for code, t in rules.HOUR_TYPES.items()] == [True] * 16


def test_the_catalogue_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        rules.HOUR_TYPES["seminar"] = rules.HOUR_TYPES["other"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "clause"),
    [
        ("base_training", "第七条（一）"),
        ("conference", "第七条（四）"),
        ("grassroots_service", "第七条（十二）"),
        ("authority_training", "第七条（二）/（十三）"),
        ("employer_training", "第七条（二）/（十三）"),
        ("leave_adjustment", "第八条"),
        ("other", "第七条（十三）"),
    ],
)
def test_it_names_the_clause_of_each_type(code: str, clause: str) -> None:
    assert rules.HOUR_TYPES[code].clause == clause


def test_only_training_may_count_for_either_subject_and_leave_for_none() -> None:
    subjects = {code: t.subjects for code, t in rules.HOUR_TYPES.items()}

    assert subjects == {
        **dict.fromkeys(CODES, frozenset({"professional"})),
        "base_training": frozenset({"public", "professional"}),
        "training": frozenset({"public", "professional"}),
        "leave_adjustment": frozenset(),
    }


def test_the_organiser_states_the_hours_of_training_and_other_forms() -> None:
    codes = [code for code, t in rules.HOUR_TYPES.items() if t.hours_from_certificate]

    assert codes == [
        "base_training",
        "training",
        "authority_training",
        "employer_training",
        "other",
    ]


def test_only_other_forms_need_hr_confirmation() -> None:
    assert [code for code, t in rules.HOUR_TYPES.items() if t.needs_hr_confirmation] == ["other"]


def test_every_type_says_what_it_counts_in_both_languages() -> None:
    assert [
        code
        for code, t in rules.HOUR_TYPES.items()
        if not (t.counts_zh and t.counts_en and t.name_zh and t.name_en)
    ] == []


def test_every_number_has_bounds_a_form_can_use() -> None:
    assert [
        fact.name
        for fact in NUMBERS
        if fact.minimum is None or fact.maximum is None or fact.minimum < 0 or fact.maximum > 1000
    ] == []


@pytest.mark.parametrize(
    ("code", "name", "bounds"),
    [
        ("conference", "days", (0, 366)),
        ("grassroots_service", "days", (0, 366)),
        ("degree_education", "months", (0, 12)),
        ("degree_education", "passed_courses", (0, 30)),
        ("research_project", "rank", (1, 99)),
        ("publication", "wan_zi", (0, 1000)),
        ("training", "hours", (0, 1000)),
        ("leave_adjustment", "on_duty_months", (0, 12)),
        ("aid_assignment", "months", (0, 36)),
    ],
)
def test_it_bounds_the_number(code: str, name: str, bounds: tuple[int, int]) -> None:
    fact = rules.HOUR_TYPES[code].fact(name)

    assert (fact.minimum, fact.maximum) == tuple(map(Decimal, bounds))


@pytest.mark.parametrize(
    ("code", "name", "condition"),
    [
        ("degree_education", "passed_courses", rules.When("mode", frozenset({"degree"}))),
        ("degree_education", "months", rules.When("mode", frozenset({"course_study"}))),
        ("publication", "wan_zi", rules.When("kind", frozenset({"book"}))),
        ("publication", "journal_tier", rules.When("kind", frozenset({"paper"}))),
        ("publication", "supplement", rules.When("kind", frozenset({"paper"}))),
        ("conference", "days", None),
    ],
)
def test_it_asks_for_a_fact_only_when_it_applies(
    code: str, name: str, condition: rules.When | None
) -> None:
    assert rules.HOUR_TYPES[code].fact(name).when == condition


def test_conditions_refer_to_earlier_facts_of_the_same_type() -> None:
    assert [
        (t.code, fact.name)
        for t in rules.HOUR_TYPES.values()
        for index, fact in enumerate(t.facts)
        if fact.when is not None and fact.when.fact not in [f.name for f in t.facts[:index]]
    ] == []


def test_material_conditions_refer_to_facts_of_the_same_type() -> None:
    assert [
        (t.code, material.code)
        for t in rules.HOUR_TYPES.values()
        for material in t.materials
        if material.when is not None and material.when.fact not in [f.name for f in t.facts]
    ] == []


@pytest.mark.parametrize(
    ("code", "name", "default"),
    [
        ("base_training", "source", "individual"),
        ("conference", "presented", False),
        ("publication", "supplement", False),
        ("authority_training", "in_annual_plan", True),
        ("employer_training", "in_annual_plan", True),
        ("conference", "days", None),
    ],
)
def test_it_defaults_the_optional_facts(code: str, name: str, default: object) -> None:
    fact = rules.HOUR_TYPES[code].fact(name)

    assert (fact.default, fact.required) == (default, default is None)


def test_a_fact_refuses_a_default_it_would_not_accept_as_input() -> None:
    with pytest.raises(ValueError, match="whole number"):
        rules.Fact(
            "days",
            rules.FactKind.INT,
            "天数",
            "Days",
            minimum=Decimal(0),
            maximum=Decimal(9),
            default="x",
        )
