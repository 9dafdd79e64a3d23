"""Lists that once showed every row at once: a page at a time, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Declaration, Status
from portal.models import Department, User
from portal.pagination import PAGE_SIZE
from review import views
from review.models import SpotCheck
from tests.factories import AdminAssignmentFactory, UserFactory, logged_in
from tests.review.test_queue import bulk


def walk(client: Client, url: str, params: dict[str, Any], rows: str) -> list[Any]:
    """Every row of a paged list, following its "Next page" links."""
    seen: list[Any] = []
    while True:
        response = client.get(url, params)
        assert response.status_code == 200
        seen += list(response.context[rows])
        after = response.context["page"].next_after
        if after is None:
            return seen
        assert f"after={after}" in response.content.decode()
        params = {**params, "after": after}


@pytest.mark.parametrize("people", [3, PAGE_SIZE + 10])
def test_the_department_people_come_a_page_at_a_time_unconfirmed_first(
    civil: Department,
    civil_admin: User,
    people: int,
    django_assert_max_num_queries: Any,
) -> None:
    made = UserFactory.create_batch(people, department=civil)
    waiting = UserFactory.create(department=civil, name="待确认", confirmed_at=None)
    client = logged_in(civil_admin)
    # Session, user, roles, the administered departments, the page's people.
    with django_assert_max_num_queries(6):  # the header's unread count
        first = client.get(reverse("portal:department-people"))
    assert first.context["people"][0].pk == waiting.pk
    assert len(first.context["people"]) == min(people + 2, PAGE_SIZE)
    seen = walk(client, reverse("portal:department-people"), {}, "people")
    assert sorted(p.pk for p in seen) == sorted(p.pk for p in [*made, waiting, civil_admin])


@pytest.mark.parametrize("people", [3, PAGE_SIZE + 10])
def test_who_has_not_declared_comes_a_page_at_a_time(
    civil: Department,
    civil_admin: User,
    teacher: User,
    people: int,
    django_assert_max_num_queries: Any,
) -> None:
    idle = UserFactory.create_batch(people, department=civil)
    bulk(teacher, 2)
    client = logged_in(civil_admin)
    url = reverse("review:not-declared")
    # Session, user, roles, the page's people.
    with django_assert_max_num_queries(5):  # the header's unread count
        client.get(url, {"year": 2026})
    seen = walk(client, url, {"year": 2026}, "people")
    assert {p.pk for p in seen} == {p.pk for p in [*idle, civil_admin]}
    assert len(seen) == people + 1


def test_a_tampered_page_key_shows_the_first_page(civil: Department, civil_admin: User) -> None:
    client = logged_in(civil_admin)
    for after in ("%%%", "WyJ4Il0", "WyJ4IiwgMSwgIm4iLCAieCJd"):  # junk, short, wrong types
        response = client.get(reverse("portal:department-people"), {"after": after})
        assert response.status_code == 200
        assert [person.pk for person in response.context["people"]] == [civil_admin.pk]


def test_the_hr_offices_status_tabs_stop_counting_at_the_cap(
    info: Department, hr_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The HR office reviews departments without another administrator: no kept count follows
    # that scope, so it is counted from the rows, up to the cap.
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    alone = UserFactory.create(department=info)
    bulk(alone, 7)
    bulk(alone, 5, status=Status.APPROVED)
    response = logged_in(hr_officer).get(reverse("review:queue"))
    counts = {code: n for code, _label, n in response.context["counts"]}
    assert (counts["submitted"], counts["approved"], counts["returned"]) == ("5+", 5, 0)
    assert "5+" in response.content.decode()


def test_an_administrators_status_tabs_count_exactly_at_any_size(
    teacher: User, civil_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    bulk(teacher, 7)
    bulk(teacher, 5, status=Status.APPROVED)
    bulk(civil_admin, 3)  # their own: never theirs to review, not counted in their tabs
    response = logged_in(civil_admin).get(reverse("review:queue"))
    counts = {code: n for code, _label, n in response.context["counts"]}
    assert (counts["submitted"], counts["approved"], counts["returned"]) == (7, 5, 0)
    assert "1000+" not in response.content.decode()


def test_an_administrators_tabs_follow_their_departments_and_what_they_file_between_visits(
    teacher: User, civil_admin: User, info: Department
) -> None:
    client = logged_in(civil_admin)

    def submitted_count() -> int:
        counts = client.get(reverse("review:queue")).context["counts"]
        return next(n for code, _label, n in counts if code == "submitted")

    bulk(teacher, 4)
    assert submitted_count() == 4
    bulk(UserFactory.create(department=info), 3)
    AdminAssignmentFactory.create(person=civil_admin, department=info)
    assert submitted_count() == 7  # a second department: its declarations count at once
    (filed,) = bulk(teacher, 1)
    Declaration.objects.filter(pk=filed.pk).update(created_by=civil_admin)
    assert submitted_count() == 7  # filed by them for a colleague: never theirs to review


@pytest.mark.parametrize("checks", [1, 12])
def test_spot_check_pages_never_load_the_population(
    teacher: User, bureau_reviewer: User, checks: int, django_assert_max_num_queries: Any
) -> None:
    approved = bulk(teacher, 40, status=Status.APPROVED, year=2025)
    for _ in range(checks):
        SpotCheck.draw(
            by=bureau_reviewer,
            population=Declaration.objects.filter(pk__in=[d.pk for d in approved]),
            size=10,
            year=2025,
            subject_scope=bureau_reviewer.bureau_scope,
        )
    client = logged_in(bureau_reviewer)
    check = SpotCheck.objects.latest("pk")
    for url in (reverse("review:spot-checks"), reverse("review:spot-check", args=[check.pk])):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(captured) <= 6
        assert not any('"population"' in q["sql"] for q in captured.captured_queries), url
    page = client.get(reverse("review:spot-check", args=[check.pk])).content.decode()
    assert "40" in page  # drawn from 40 approved declarations


@pytest.mark.parametrize("history", [1, 30])
def test_the_review_page_runs_a_fixed_number_of_queries(
    teacher: User, civil_admin: User, history: int, django_assert_max_num_queries: Any
) -> None:
    from declarations.models import DeclarationHistory, Role

    declaration = bulk(teacher, 1)[0]
    DeclarationHistory.objects.bulk_create(
        DeclarationHistory(
            declaration=declaration, actor=teacher, role=Role.DECLARANT, to_status="submitted"
        )
        for _ in range(history)
    )
    client = logged_in(civil_admin)
    url = reverse("review:department-review", args=[declaration.pk])
    # Session, user, the declaration with its flags, its history, its files, the year's claim,
    # roles.
    with django_assert_max_num_queries(8):  # the header's unread count
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["seen_event"] == declaration.history.latest("pk").pk


def test_a_filtered_queue_counts_its_tabs_exactly(
    teacher: User, civil_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    bulk(teacher, 7, over_declared=True)
    bulk(teacher, 9)
    response = logged_in(civil_admin).get(reverse("review:queue"), {"flag": "over_declared"})
    counts = {code: n for code, _label, n in response.context["counts"]}
    assert counts["submitted"] == 7
    assert len(response.context["rows"]) == 7
