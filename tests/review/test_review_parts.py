"""The parts of the review pages written in Python (review/templatetags/review_parts.py) render
what the templates they replace rendered: the queue's rows, the filters, the decision form, in
both languages, made once or each time."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from declarations.models import Declaration, Evidence, Status
from portal.models import User
from review.forms import DecisionForm, QueueFilterForm
from review.templatetags.review_parts import decision_fields, filter_fields, queue_rows
from tests.declarations.helpers import submitted
from tests.factories import UserFactory, logged_in
from tests.review.test_queue import bulk

# The templates the parts replace, as they were (the rows: the table body of review/queue.html).
ROWS = (Path(__file__).parent / "queue_rows_template.html").read_text()
FILTERS = "{% for field in form %}<label>{{ field.label }} {{ field }}</label>{% endfor %}"
DECISION = '{% include "includes/form.html" %}'


def rendered(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def assert_same_html(made: str, expected: str) -> None:
    SimpleTestCase().assertHTMLEqual(made, expected)


@pytest.fixture
def queue_rows_of_every_kind(teacher: User, civil_admin: User, civil: object) -> list[Declaration]:
    """A page of the queue whose rows have every flag, lowered hours and unsafe text."""
    other = UserFactory.create(name="<b>王&\"五'</b>", department=civil)
    shared = submitted(teacher)
    Evidence.objects.filter(declaration=shared).update(shared=True)
    Declaration.objects.filter(pk=shared.pk).update(shared_evidence=True)  # as refresh_shared
    bulk(other, 2, over_declared=True, claimed_hours=Decimal("5.5"))
    bulk(teacher, 1, type="base_training", facts={"hours": "8", "source": "base_batch"})
    bulk(other, 2, status=Status.APPROVED, approved_hours=Decimal("3.25"))
    (odd,) = bulk(other, 1, year=2025)
    Declaration.objects.filter(pk=odd.pk).update(title='<script>alert("x")</script> & 课')
    response = logged_in(civil_admin).get(reverse("review:queue"), {"status": "all"})
    rows: list[Declaration] = response.context["rows"]
    assert len(rows) == 7
    return rows


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_queue_rows_are_the_rows_the_template_wrote(
    queue_rows_of_every_kind: list[Declaration], language: str
) -> None:
    rows = queue_rows_of_every_kind
    with translation.override(language):
        made = queue_rows(rows)
        assert_same_html(made, rendered(ROWS, rows=rows))
    assert "&lt;script&gt;" in made and "<script>" not in made
    assert "&lt;b&gt;王&amp;&quot;五&#x27;&lt;/b&gt;" in made
    for flag in ("over threshold", "shared file", "claimed ≠ computed", "base batch"):
        with translation.override("en"):
            assert flag in queue_rows(rows)


def test_an_empty_queue_says_so() -> None:
    with translation.override("en"):
        assert_same_html(queue_rows([]), rendered(ROWS, rows=[]))


def _filters(stage_statuses: tuple[str, ...], data: dict[str, str] | None) -> QueueFilterForm:
    return QueueFilterForm(data, statuses=stage_statuses, initial={"status": stage_statuses[0]})


@pytest.mark.parametrize(
    "data",
    [None, {"year": "2026", "type": "training", "status": "all", "person": '<王">', "flag": ""}],
)
@pytest.mark.parametrize("statuses", [Status.DEPARTMENT_SEES, Status.BUREAU_SEES])
def test_the_filters_are_the_fields_the_template_wrote(
    statuses: tuple[str, ...], data: dict[str, str] | None
) -> None:
    for language in ("zh-hans", "en", "zh-hans"):  # the second time made once
        with translation.override(language):
            form = _filters(statuses, data)
            expected = rendered(FILTERS, form=_filters(statuses, data))
            assert_same_html(filter_fields(form), expected)


def test_typed_filters_are_shown_as_typed() -> None:
    form = _filters(Status.DEPARTMENT_SEES, {"year": "abc", "person": "<x>", "status": "nope"})
    assert 'value="&lt;x&gt;"' in filter_fields(form)
    assert 'value="abc"' in filter_fields(form)


@pytest.mark.parametrize("code", ["endorsed_report", "research_project"])
def test_the_decision_form_is_the_form_the_template_wrote(
    teacher: User, code: str, db: None
) -> None:
    declaration = submitted(teacher)
    if code == "research_project":
        Declaration.objects.filter(pk=declaration.pk).update(
            type=code, facts={"level": "provincial", "role": "main", "rank": 5}
        )
        declaration.refresh_from_db()
    for language, seen in (("zh-hans", 3), ("en", 4), ("zh-hans", 5), ("en", None)):
        with translation.override(language):
            form = DecisionForm(declaration, None, initial={"seen_event": seen})
            expected = rendered(
                DECISION, form=DecisionForm(declaration, None, initial={"seen_event": seen})
            )
            made = decision_fields(form)
            assert_same_html(made, expected)
            assert ("Hours you set" in made) == (code == "research_project" and language == "en")


def test_a_decision_with_errors_is_shown_with_them(teacher: User) -> None:
    declaration = submitted(teacher)
    data = {"decision": "return", "reason_text": "", "hours": "abc", "seen_event": "x"}
    with translation.override("en"):
        form = DecisionForm(declaration, data)
        made = decision_fields(form)
        assert_same_html(made, rendered(DECISION, form=DecisionForm(declaration, data)))
    assert "error-summary" in made and 'value="abc"' in made
