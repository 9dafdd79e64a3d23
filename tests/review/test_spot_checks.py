from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from declarations.models import Declaration, Status
from portal.models import User
from review.models import SpotCheck, SpotCheckItem
from tests.factories import logged_in
from tests.review.test_queue import bulk


def draw(reviewer: User, **data: object) -> SpotCheck:
    logged_in(reviewer).post(reverse("review:spot-checks"), {"year": 2026, **data})
    return SpotCheck.objects.latest("pk")


def test_a_draw_by_count_is_reproducible_from_its_seed(
    teacher: User, bureau_reviewer: User
) -> None:
    bulk(teacher, 40, status=Status.APPROVED)
    check = draw(bureau_reviewer, count=5)
    drawn = sorted(check.items.values_list("declaration_id", flat=True))  # type: ignore[attr-defined]
    assert len(drawn) == 5
    assert SpotCheck.sample(check.population, 5, check.seed) == drawn


def test_a_draw_by_percentage_rounds_up(teacher: User, bureau_reviewer: User) -> None:
    bulk(teacher, 21, status=Status.APPROVED)
    check = draw(bureau_reviewer, percent="10")
    assert check.items.count() == 3  # type: ignore[attr-defined]


def test_only_approved_declarations_of_the_year_in_scope_are_drawn(
    teacher: User, bureau_reviewer: User
) -> None:
    approved = bulk(teacher, 3, status=Status.APPROVED)
    bulk(teacher, 3, status=Status.SUBMITTED)
    bulk(teacher, 3, status=Status.APPROVED, year=2025)
    bulk(teacher, 3, status=Status.APPROVED, subject="public")
    check = draw(bureau_reviewer, count=100)
    assert check.population == [d.pk for d in approved]


def test_a_count_and_a_percentage_together_are_refused(
    teacher: User, bureau_reviewer: User
) -> None:
    response = logged_in(bureau_reviewer).post(
        reverse("review:spot-checks"), {"year": 2026, "count": 2, "percent": "5"}
    )
    assert "数量或百分比" in response.content.decode()
    assert not SpotCheck.objects.exists()


def test_revoking_needs_a_reason_and_moves_the_declaration(
    teacher: User, bureau_reviewer: User
) -> None:
    bulk(teacher, 1, status=Status.APPROVED)
    check = draw(bureau_reviewer, count=1)
    item = check.items.get()  # type: ignore[attr-defined]
    url = reverse("review:spot-check-decide", args=[check.pk, item.pk])
    client = logged_in(bureau_reviewer)
    client.post(url, {"outcome": "revoked"})
    assert Declaration.objects.get().status == Status.APPROVED
    client.post(url, {"outcome": "revoked", "reason": "证书系伪造"})
    declaration = Declaration.objects.get()
    assert declaration.status == Status.REVOKED
    assert declaration.history.latest("pk").reason == "证书系伪造"  # type: ignore[attr-defined]
    assert SpotCheckItem.objects.get().outcome == SpotCheckItem.Outcome.REVOKED


def test_a_revoked_declaration_no_longer_counts(teacher: User, bureau_reviewer: User) -> None:
    bulk(teacher, 1, status=Status.APPROVED, claimed_hours=30, computed_hours=30)
    check = draw(bureau_reviewer, count=1)
    item = check.items.get()  # type: ignore[attr-defined]
    logged_in(bureau_reviewer).post(
        reverse("review:spot-check-decide", args=[check.pk, item.pk]),
        {"outcome": "revoked", "reason": "材料不实"},
    )
    page = logged_in(teacher).get(reverse("declarations:my-hours"), {"year": 2026})
    assert "0 / 60 学时" in page.content.decode()


def test_reviewers_of_the_same_scope_share_their_spot_checks(
    teacher: User, bureau_reviewer: User, public_reviewer: User, both_reviewer: User
) -> None:
    from tests.factories import UserFactory

    colleague = UserFactory.create(name="同组审核", department=None, bureau_scope="professional")
    check = draw(bureau_reviewer, count=1)
    listed = {
        reviewer.name: [
            listed.pk
            for listed in logged_in(reviewer).get(reverse("review:spot-checks")).context["checks"]
        ]
        for reviewer in (colleague, public_reviewer, both_reviewer)
    }
    assert listed == {
        colleague.name: [check.pk],
        public_reviewer.name: [],
        both_reviewer.name: [],
    }


def test_the_list_shows_as_many_declarations_as_were_drawn(
    teacher: User, bureau_reviewer: User
) -> None:
    bulk(teacher, 3, status=Status.APPROVED)
    check = draw(bureau_reviewer, count=100)  # more than the year holds: all three
    assert check.sample_size == check.items.count() == 3  # type: ignore[attr-defined]
    page = logged_in(bureau_reviewer).get(reverse("review:spot-checks")).content.decode()
    assert "3 份申报" in page


def test_the_migration_keeps_the_size_of_checks_drawn_before_it(
    transactional_db: None, teacher: User, bureau_reviewer: User
) -> None:
    bulk(teacher, 6, status=Status.APPROVED)
    small, large = draw(bureau_reviewer, count=2), draw(bureau_reviewer, count=5)
    executor = MigrationExecutor(connection)
    executor.migrate([("review", "0002_spot_check_population_size")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = dict(SpotCheck.objects.values_list("pk", "sample_size"))
    assert kept == {small.pk: 2, large.pk: 5}


def test_earlier_draws_are_listed_newest_first(teacher: User, bureau_reviewer: User) -> None:
    bulk(teacher, 4, status=Status.APPROVED)
    first, second = draw(bureau_reviewer, count=1), draw(bureau_reviewer, count=2)
    response = logged_in(bureau_reviewer).get(reverse("review:spot-checks"))
    listed = [(check.pk, check.sample_size) for check in response.context["checks"]]
    assert listed == [(second.pk, 2), (first.pk, 1)]


def test_the_drawing_form_carries_the_pages_csrf_field(bureau_reviewer: User) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau_reviewer)
    page = client.get(reverse("review:spot-checks")).content.decode()
    form = page.split('<form method="post" novalidate>', 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("review:spot-checks"), {"csrfmiddlewaretoken": token, "year": 2026, "count": 1}
    )
    assert response.status_code == 302
