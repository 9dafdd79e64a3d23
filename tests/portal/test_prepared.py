"""Statements written once (portal/prepared.py) answer as the ORM would, for every value."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from declarations import statements
from declarations.models import Declaration, DeclarationHistory, Status
from portal.models import AdminAssignment, User
from portal.prepared import Prepared
from tests.declarations.helpers import submitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _history(pk: int) -> QuerySet[Any]:
    return DeclarationHistory.objects.filter(declaration_id=pk).values(*statements.HISTORY_SHOWN)


def test_each_call_runs_with_its_own_values(teacher: User, civil_admin: User) -> None:
    first, second = submitted(teacher), submitted(civil_admin, code="endorsed_report")
    first.move(Status.RETURNED, by=civil_admin, role="department_admin", reason="盖章不清")
    prepared = Prepared(DeclarationHistory, _history, name="Event")

    for declaration in (first, second, first):
        assert [tuple(row) for row in prepared.rows(declaration.pk)] == [
            tuple(row.values()) for row in _history(declaration.pk)
        ]
    returned = prepared.rows(first.pk)[-1]
    assert (returned.to_status, returned.reason) == (Status.RETURNED, "盖章不清")
    # Converted as the ORM converts: an aware datetime, a Decimal.
    assert returned.at.tzinfo is not None
    assert str(returned.hours_before) == str(first.claimed_hours)


def test_instances_are_models_with_their_related_names(teacher: User, civil_admin: User) -> None:
    declaration = submitted(teacher)
    declaration.move(Status.RETURNED, by=civil_admin, role="department_admin", reason="补材料")

    with CaptureQueriesContext(connection) as queries:
        events = statements.events(declaration.pk)
        shown = [(e.actor.name, e.actor.pk, e.get_role_display(), e.reason) for e in events]
    assert len(queries) == 1
    assert shown[-1] == ("唐管理员", civil_admin.pk, "系部管理员", "补材料")
    assert shown[0][:2] == ("林老师", teacher.pk)
    # A column not loaded is loaded when asked for, as with .only().
    assert events[0].declaration_id == declaration.pk


def test_own_duplicates_are_per_person(teacher: User, civil: Any) -> None:
    """The same statement, two people: each hears only of their own repeated files."""
    mine, again = submitted(teacher), submitted(teacher)
    other = submitted(UserFactory.create(department=civil))
    assert [f.own_duplicate for f in statements.files_with_own_duplicates(mine.pk, teacher.pk)] == [
        True
    ]
    assert all(f.own_duplicate for f in statements.files_with_own_duplicates(again.pk, teacher.pk))
    theirs = statements.files_with_own_duplicates(other.pk, other.person_id)
    assert [f.own_duplicate for f in theirs] == [False]


def test_a_value_that_does_not_reach_the_statement_is_refused(teacher: User) -> None:
    ignoring = Prepared(
        Declaration, lambda pk: Declaration.objects.filter(pk=1).values("pk"), name="Ignoring"
    )
    with pytest.raises(TypeError, match="does not reach"):
        ignoring.rows(submitted(teacher).pk)


def test_a_date_is_never_written_into_a_statement(teacher: User) -> None:
    """Today's date written once would be yesterday's tomorrow."""
    today = Prepared(
        AdminAssignment,
        lambda person: (
            AdminAssignment.objects.current().filter(person_id=person).values("department_id")
        ),
        name="Current",
    )
    with pytest.raises(TypeError, match="date"):
        today.rows(teacher.pk)


def test_only_values_querysets_are_prepared(teacher: User) -> None:
    models = Prepared(User, lambda pk: User.objects.filter(pk=pk), name="Models")
    with pytest.raises(TypeError, match="values"):
        models.rows(teacher.pk)


def test_the_own_declaration_statement_is_the_whole_row(teacher: User) -> None:
    """declaration_for's prepared read gives what the ORM's full load gives."""
    from declarations.access import declaration_for

    declaration = submitted(teacher)
    loaded = declaration_for(teacher, declaration.pk)
    fresh = Declaration.objects.get(pk=declaration.pk)
    for field in Declaration._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert loaded.person is teacher
    assert isinstance(loaded.ends_on, datetime.date)
    assert loaded.facts == fresh.facts


def test_a_constant_that_equals_a_stand_in_stays_a_constant(teacher: User) -> None:
    """The stand-ins are ordinary numbers: a statement may hold one as a constant."""
    declaration = submitted(teacher)
    Declaration.objects.filter(pk=declaration.pk).update(computed_hours=30011)
    prepared = Prepared(
        Declaration,
        lambda pk: Declaration.objects.filter(pk=pk, computed_hours=30011).values("pk"),
        name="Constant",
    )
    assert [row.pk for row in prepared.rows(declaration.pk)] == [declaration.pk]
    assert prepared.rows(declaration.pk + 1) == []


def test_a_statement_whose_text_depends_on_its_values_is_refused(teacher: User) -> None:
    def build(pk: int) -> QuerySet[Any]:
        rows = Declaration.objects.filter(pk=pk)
        return (rows.filter(year=2026) if pk > 31_000 else rows).values("pk")

    with pytest.raises(TypeError, match="depends on its values"):
        Prepared(Declaration, build, name="Varying").rows(submitted(teacher).pk)


@pytest.mark.parametrize("people", [1, 3, 5, 20])
def test_the_years_totals_of_a_page_for_any_number_of_people(civil: Any, people: int) -> None:
    """Padded to a few list lengths, the grouped totals are those of each person and year."""
    from declarations.models import Declaration as D

    persons = [UserFactory.create(department=civil) for _ in range(people)]
    rows = []
    for n, person in enumerate(persons):
        for year, claimed in ((2025, 4 + n), (2026, 10 + n)):
            made = submitted(person)
            D.objects.filter(pk=made.pk).update(year=year, claimed_hours=claimed)
            rows.append(D.objects.get(pk=made.pk))
    D.objects.set_year_claimed(rows)  # type: ignore[attr-defined]
    shown = [(r.person_id, r.year, getattr(r, "year_claimed", None)) for r in rows]
    assert shown == [(r.person_id, r.year, r.claimed_hours) for r in rows]


@pytest.mark.parametrize("departments", [1, 2])
def test_the_department_people_page_one_is_the_orms(
    civil: Any, info: Any, departments: int
) -> None:
    """Written once per number of departments: each administrator's own people, in the page's
    order, and their departments' names, as the ORM reads them."""
    from django.urls import reverse

    from portal import access
    from portal.pagination import PAGE_SIZE
    from tests.factories import AdminAssignmentFactory, logged_in

    admin = UserFactory.create(department=civil, name="唐管理员")
    for department in (civil, info)[:departments]:
        AdminAssignmentFactory.create(person=admin, department=department)
    other = UserFactory.create(department=info, name="钱老师", confirmed_at=None)
    UserFactory.create_batch(PAGE_SIZE + 3, department=civil)
    UserFactory.create(department=civil, name="待确认", confirmed_at=None)
    response = logged_in(admin).get(reverse("portal:department-people"))
    user = response.wsgi_request.user
    ours = access.people_shown_page_one(user)  # type: ignore[arg-type]
    orms = list(access.people_shown(user).order_by(*access.PEOPLE_ORDER)[: PAGE_SIZE + 1])  # type: ignore[arg-type]
    assert [tuple(row) for row in ours] == [tuple(row) for row in orms]
    assert len(ours) == PAGE_SIZE + 1 and ours[0].name == "待确认"  # awaiting, then by department
    assert (other.pk in {row.pk for row in ours}) == (departments == 2)
    named = [row.name for row in access.departments_named(user)]  # type: ignore[arg-type]
    assert named == ["土木工程系", "信息工程系"][:departments]
    assert [row.pk for row in response.context["people"]] == [row.pk for row in ours[:PAGE_SIZE]]
    lead = response.content.decode().split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert ("信息工程系" in lead) == (departments == 2) and "土木工程系" in lead


@pytest.mark.parametrize("departments", [1, 2])
def test_who_has_not_declared_page_one_is_the_orms(civil: Any, info: Any, departments: int) -> None:
    """Written once per number of departments: the active people of the administrator's
    departments with nothing submitted that year, in the page's order, as the ORM reads them."""
    from django.urls import reverse

    from portal.pagination import PAGE_SIZE
    from review import views
    from tests.factories import AdminAssignmentFactory, logged_in

    admin = UserFactory.create(department=civil, name="唐管理员")
    for department in (civil, info)[:departments]:
        AdminAssignmentFactory.create(person=admin, department=department)
    declared = submitted(UserFactory.create(department=civil, name="已申报"))
    drafted = UserFactory.create(department=civil, name="只有草稿")
    Declaration.objects.filter(pk=submitted(drafted).pk).update(status=Status.DRAFT)
    UserFactory.create(department=civil, name="已离开", is_active=False)
    other = UserFactory.create(department=info, name="钱老师")
    UserFactory.create_batch(PAGE_SIZE, department=civil)
    year = declared.year
    response = logged_in(admin).get(reverse("review:not-declared"), {"year": year})
    ids = sorted({civil.pk, info.pk}) if departments == 2 else [civil.pk]
    ours = views._NOT_DECLARED_PAGE_ONE.rows(year, *ids)
    orms = list(
        views._not_declared(year, *ids)
        .order_by(*views.NOT_DECLARED_ORDER)
        .values_list(*views.NOT_DECLARED_SHOWN, named=True)[: PAGE_SIZE + 1]
    )
    assert [tuple(row) for row in ours] == [tuple(row) for row in orms]
    names = {row.name for row in ours}
    assert "只有草稿" in names and not names & {"已申报", "已离开"}
    shown = [row.pk for row in response.context["people"]]
    assert shown == [row.pk for row in ours[:PAGE_SIZE]]
    everyone = {row.pk for row in views._not_declared(year, *ids).values_list("pk", named=True)}
    assert (other.pk in everyone) == (departments == 2)
