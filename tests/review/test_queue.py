from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Declaration, Status, StatusCount
from portal.models import User
from review.views import PAGE_SIZE
from tests.factories import UserFactory, logged_in


def bulk(person: User, n: int, **fields: object) -> list[Declaration]:
    values: dict[str, object] = {
        "type": "training",
        "facts": {"hours": "8"},
        "computed_hours": Decimal(8),
        "claimed_hours": Decimal(8),
        "status": Status.SUBMITTED,
        "year": 2026,
        "subject": "professional",
    } | fields
    made = Declaration.objects.bulk_create(
        Declaration(
            person=person,
            created_by=person,
            title=f"培训 {i}",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 2),
            **values,
        )
        for i in range(n)
    )
    StatusCount.add_created(made)  # as `create_draft` counts
    return made


@pytest.mark.parametrize("size", [10, 10_000])
def test_the_queue_runs_the_same_queries_at_any_size(
    teacher: User, civil_admin: User, size: int, django_assert_max_num_queries: object
) -> None:
    bulk(teacher, size)
    client = logged_in(civil_admin)
    # Session, user, roles, the page's rows with their flags, the status tabs' counts.
    with django_assert_max_num_queries(6):  # type: ignore[operator]  # 6: the header's unread count
        response = client.get(reverse("review:queue"))
    assert len(response.context["rows"]) == min(size, PAGE_SIZE)


def test_pages_follow_each_other_without_gaps_or_repeats(teacher: User, civil_admin: User) -> None:
    made = bulk(teacher, PAGE_SIZE * 2 + 7)
    client = logged_in(civil_admin)
    seen: list[int] = []
    response = client.get(reverse("review:queue"))
    while True:
        seen += [d.pk for d in response.context["rows"]]
        if response.context["next_after"] is None:
            break
        response = client.get(reverse("review:queue"), {"after": response.context["next_after"]})
    assert seen == sorted(d.pk for d in made)


def test_pending_comes_first_and_each_status_is_counted(teacher: User, civil_admin: User) -> None:
    bulk(teacher, 3)
    bulk(teacher, 2, status=Status.APPROVED)
    bulk(teacher, 1, status=Status.DRAFT)
    response = logged_in(civil_admin).get(reverse("review:queue"))
    counts = {code: n for code, _label, n in response.context["counts"]}
    assert {d.status for d in response.context["rows"]} == {Status.SUBMITTED}
    assert (counts["submitted"], counts["approved"]) == (3, 2)
    assert "draft" not in counts


@pytest.mark.parametrize(
    ("flag", "fields"),
    [
        ("over_declared", {"over_declared": True}),
        ("claimed_differs", {"claimed_hours": Decimal(5)}),
        ("base_batch", {"type": "base_training", "facts": {"hours": "8", "source": "base_batch"}}),
    ],
)
def test_each_flag_filters_the_queue(
    teacher: User, civil_admin: User, flag: str, fields: dict[str, object]
) -> None:
    bulk(teacher, 2)
    flagged = bulk(teacher, 1, **fields)
    response = logged_in(civil_admin).get(reverse("review:queue"), {"flag": flag})
    assert response.context["rows"] == flagged


def test_claimed_differs_follows_each_revision(teacher: User, civil_admin: User) -> None:
    """The flag is the database's own column, worked out again on every write: a returned
    declaration revised to claim what the rules compute leaves the filter and its tab count,
    and enters them again when it claims something else."""
    (returned,) = bulk(teacher, 1, status=Status.RETURNED, claimed_hours=Decimal(5))
    bulk(teacher, 2, status=Status.RETURNED)
    client = logged_in(civil_admin)

    def flagged() -> tuple[list[int], int]:
        response = client.get(
            reverse("review:queue"), {"flag": "claimed_differs", "status": "returned"}
        )
        counts = {code: n for code, _label, n in response.context["counts"]}
        return [d.pk for d in response.context["rows"]], counts["returned"]

    assert flagged() == ([returned.pk], 1)
    returned.revise(facts={"hours": "8"}, claimed=None)
    assert flagged() == ([], 0)
    returned.revise(facts={"hours": "8"}, claimed=Decimal(12))
    assert flagged() == ([returned.pk], 1)


def test_filters_by_year_type_and_person(teacher: User, civil_admin: User, civil: object) -> None:
    other = UserFactory.create(name="钱老师", department=teacher.department)
    bulk(teacher, 2)
    wanted = bulk(other, 1, type="patent", year=2025)
    response = logged_in(civil_admin).get(
        reverse("review:queue"), {"year": "2025", "type": "patent", "person": "钱"}
    )
    assert response.context["rows"] == wanted


def test_another_departments_work_never_appears(teacher: User, info_admin: User) -> None:
    bulk(teacher, 3)
    response = logged_in(info_admin).get(reverse("review:queue"), {"status": "all"})
    assert response.context["rows"] == []


def test_who_has_not_declared_lists_people_without_a_submission(
    teacher: User, civil_admin: User, civil: object
) -> None:
    idle = UserFactory.create(name="未申报老师", department=teacher.department)
    bulk(teacher, 1)
    bulk(idle, 1, status=Status.DRAFT)
    response = logged_in(civil_admin).get(reverse("review:not-declared"), {"year": 2026})
    assert {person.pk for person in response.context["people"]} == {idle.pk, civil_admin.pk}


def test_the_shared_file_flag_filters_the_queue(
    teacher: User, civil_admin: User, civil: object
) -> None:
    from declarations.models import Evidence

    other = UserFactory.create(department=teacher.department)
    plain = bulk(teacher, 1)[0]
    mine, theirs = bulk(teacher, 1)[0], bulk(other, 1)[0]
    for declaration, person in ((plain, teacher), (mine, teacher), (theirs, other)):
        Evidence.objects.create(
            declaration=declaration,
            material="training_notice",
            file=f"declarations/{declaration.pk}.pdf",
            original_name="通知.pdf",
            content_type="application/pdf",
            size=1,
            sha256="same" if declaration != plain else "unique",
            uploaded_by=person,
        )
    Evidence.objects.refresh_shared({"same", "unique"})  # as `attach` does
    response = logged_in(civil_admin).get(reverse("review:queue"), {"flag": "shared_evidence"})
    assert response.context["rows"] == [mine, theirs]
