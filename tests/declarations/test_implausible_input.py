"""Input no declaration can truly have is refused on its field, with a translated reason, and
nothing is saved: dates far from the year, facts the dates contradict, invisible control
characters, endless text."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from declarations.models import Declaration
from portal.models import User
from tests.declarations.helpers import form_data
from tests.factories import logged_in

CONFERENCE = {"level": "national", "days": 2, "presented": False}


def refused(teacher: User, code: str, facts: dict[str, Any], **common: Any) -> Any:
    response = logged_in(teacher).post(
        reverse("declarations:create", args=[code]), form_data(facts, **common)
    )
    assert response.status_code == 200
    assert not Declaration.objects.exists()
    return response


def errors_of(response: Any, form: str = "form") -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context[form].errors.items()}


def test_a_start_in_the_year_one_is_refused_on_its_field(teacher: User) -> None:
    response = refused(teacher, "conference", CONFERENCE, starts_on="0001-01-01")
    assert errors_of(response) == {"starts_on": ["日期须在 2026 年或其相邻年份内。"]}


def test_an_end_in_1900_counted_for_2026_is_refused_on_its_field(teacher: User) -> None:
    response = refused(
        teacher,
        "conference",
        CONFERENCE,
        starts_on="1900-05-11",
        ends_on="1900-05-12",
        year="2026",
    )
    assert list(errors_of(response)) == ["starts_on", "ends_on"]


def test_more_conference_days_than_the_dates_span_are_refused(teacher: User) -> None:
    response = refused(teacher, "conference", {**CONFERENCE, "days": 366}, starts_on="2026-05-11")
    assert errors_of(response, "facts") == {"days": ["最多 2 天：所填日期共 2 天。"]}


def test_more_hours_than_a_day_holds_are_refused(teacher: User) -> None:
    response = refused(teacher, "training", {"hours": 500}, starts_on="2026-05-12")
    assert list(errors_of(response, "facts")) == ["hours"]


def test_more_months_than_the_dates_touch_are_refused(teacher: User) -> None:
    response = refused(
        teacher,
        "degree_education",
        {"mode": "course_study", "months": 5},
        starts_on="2026-03-01",
        ends_on="2026-04-30",
    )
    assert list(errors_of(response, "facts")) == ["months"]


@pytest.mark.parametrize(
    "character", ["\a", "\x1b", "\u202e", "\ufeff"], ids=["BEL", "ESC", "RLO", "BOM"]
)
@pytest.mark.parametrize("field", ["title", "organiser", "note"])
def test_a_control_character_is_refused_in_every_free_text_field(
    teacher: User, field: str, character: str
) -> None:
    response = refused(teacher, "conference", CONFERENCE, **{field: f"学术{character}年会"})
    assert "不可见的控制字符" in errors_of(response)[field][0]


def test_line_breaks_stay_allowed_in_the_note(teacher: User) -> None:
    logged_in(teacher).post(
        reverse("declarations:create", args=["conference"]),
        form_data(CONFERENCE, note="第一行\r\n第二行"),
    )
    assert Declaration.objects.get().note == "第一行\r\n第二行"


def test_a_note_over_2000_characters_is_refused(teacher: User) -> None:
    response = refused(teacher, "conference", CONFERENCE, note="字" * 2001)
    assert list(errors_of(response)) == ["note"]


def test_a_title_over_200_characters_is_refused(teacher: User) -> None:
    response = refused(teacher, "conference", CONFERENCE, title="会" * 201)
    assert list(errors_of(response)) == ["title"]


def test_a_control_character_in_a_return_reason_is_refused(
    teacher: User, civil_admin: User
) -> None:
    from tests.declarations.helpers import submitted

    declaration = submitted(teacher)
    response = logged_in(civil_admin).post(
        reverse("review:department-review", args=[declaration.pk]),
        {"decision": "return", "reason_text": "缺少\u202e证明"},
    )
    declaration.refresh_from_db()
    assert (response.status_code, declaration.status) == (200, "submitted")
