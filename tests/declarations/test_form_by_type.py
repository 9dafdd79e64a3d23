"""Each type's form asks only what means something for it, and says what it will need."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.urls import reverse

import rules
from portal.models import User
from tests.declarations.helpers import declare
from tests.declarations.test_my_hours import make
from tests.factories import logged_in


def form(teacher: User, code: str) -> str:
    return logged_in(teacher).get(reverse("declarations:create", args=[code])).content.decode()


def test_an_exam_asks_for_one_date_and_no_organiser(teacher: User) -> None:
    page = form(teacher, "qualification_exam")
    assert 'name="starts_on"' not in page
    assert 'name="ends_on"' in page
    assert 'name="organiser"' not in page


def test_a_paper_asks_for_its_publication_date(teacher: User) -> None:
    page = form(teacher, "publication")
    assert "出版或发表日期" in page
    assert 'name="starts_on"' not in page


def test_a_leave_adjustment_asks_for_a_period_and_no_organiser(teacher: User) -> None:
    page = form(teacher, "leave_adjustment")
    assert 'name="starts_on"' in page
    assert 'name="organiser"' not in page


def test_a_one_date_declaration_is_kept_as_a_day(teacher: User) -> None:
    exam = declare(
        logged_in(teacher), "qualification_exam", {"kind": "senior"}, ends_on="2026-06-01"
    )
    assert exam.starts_on == exam.ends_on


def test_the_form_lists_the_materials_in_words_before_the_first_save(teacher: User) -> None:
    page = form(teacher, "conference")
    listed = page[page.index('class="materials-needed"') :]
    assert "会议通知" in listed
    assert '<span class="tag">必需</span>' in listed
    assert '<span class="tag sometimes">视情况</span>' in listed
    assert "当“宣读或报告论文”为是时需要" in listed
    assert "*" not in listed[: listed.index("</ul>")]


def test_the_type_picker_says_sometimes_in_words(teacher: User) -> None:
    page = logged_in(teacher).get(reverse("declarations:choose-type")).content.decode()
    assert "视情况" in page
    assert "* 仅在部分情况下需要" not in page


def test_unit_proof_is_explained_with_a_template_to_download(teacher: User) -> None:
    page = form(teacher, "training")
    assert "须负责人签字并加盖公章" in page
    assert 'href="/static/templates/unit-proof.html" download' in page
    assert finders.find("templates/unit-proof.html")


def test_the_form_says_who_sets_the_hours_where_the_rules_leave_them_to_an_authority(
    teacher: User,
) -> None:
    assert "由单位人事部门确定" in form(teacher, "research_project")
    assert "由人社部门确定学时" in form(teacher, "conference")


def test_a_municipal_conference_computes_zero_and_is_marked(teacher: User) -> None:
    outcome = rules.assess("conference", {"level": "municipal", "days": 2}, year=2026)
    assert (outcome.hours, outcome.hours_set_by) == (0, rules.AUTHORITY_SETS_HOURS)


def test_the_year_selector_offers_every_year_with_records_and_this_one(teacher: User) -> None:
    make(teacher, 1, year=2019)
    make(teacher, 1, year=2022)
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2019})
    assert {2019, 2022} <= set(page.context["years"])


def test_the_verdict_and_the_warning_give_one_figure_each(teacher: User) -> None:
    make(teacher, 1, status="approved", hours=212, year=2026)
    make(teacher, 1, status="submitted", hours=14, year=2026)
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026}).content.decode()
    verdict = page[page.index('class="year-verdict') :]
    verdict = verdict[: verdict.index("</p>")]
    warning = page[page.index('<p class="warning">') :]
    assert "212" not in verdict  # the verdict speaks of counted hours, not of claims
    assert "您本年度已申报 226 学时" in warning
