"""The shared-file flag follows every attach and removal, across people, and what the reviewer's
queue finds by it is what comparing every file with every other would find."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Exists, OuterRef
from django.urls import reverse

from declarations.models import Declaration, Evidence
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import UserFactory, logged_in, png_bytes


def flagged() -> set[int]:
    return set(Declaration.objects.shared_evidence().values_list("pk", flat=True))  # type: ignore[attr-defined]


def compared() -> set[int]:
    """Every declaration with an active file whose content another person's declaration holds
    too, found the slow way."""
    active = Evidence.objects.active()
    elsewhere = active.filter(sha256=OuterRef("sha256")).exclude(
        declaration__person=OuterRef("declaration__person")
    )
    return set(active.filter(Exists(elsewhere)).values_list("declaration", flat=True))


def remove(person: User, evidence: Evidence) -> None:
    response = logged_in(person).post(
        reverse("declarations:remove-file", args=[evidence.declaration_id, evidence.pk])
    )
    assert response.status_code == 302


def test_the_shared_file_flag_follows_attach_and_remove_across_people(teacher: User) -> None:
    other = UserFactory.create(department=teacher.department)
    third = UserFactory.create(department=teacher.department)
    mine = declare(logged_in(teacher), "endorsed_report", {})
    my_second = declare(logged_in(teacher), "endorsed_report", {})
    theirs = declare(logged_in(other), "endorsed_report", {})
    thirds = declare(logged_in(third), "endorsed_report", {})
    same = png_bytes(color="red")

    upload(logged_in(teacher), mine, "leader_instruction", "a.png", same)
    upload(logged_in(teacher), my_second, "leader_instruction", "a.png", same)
    assert flagged() == compared() == set()  # one person's own file twice is no one else's

    upload(logged_in(other), theirs, "leader_instruction", "b.png", same)
    assert flagged() == compared() == {mine.pk, my_second.pk, theirs.pk}

    upload(logged_in(third), thirds, "leader_instruction", "c.png", same)
    assert flagged() == compared() == {mine.pk, my_second.pk, theirs.pk, thirds.pk}

    remove(other, Evidence.objects.get(declaration=theirs))
    remove(third, Evidence.objects.get(declaration=thirds))
    assert flagged() == compared() == set()

    upload(logged_in(other), theirs, "leader_instruction", "b.png", same)
    remove(teacher, Evidence.objects.get(declaration=mine))
    assert flagged() == compared() == {my_second.pk, theirs.pk}
    assert not Evidence.objects.filter(removed_at__isnull=False, shared=True).exists()

    # My own file sent again, while another person holds it too: shared like my other copy.
    upload(logged_in(teacher), mine, "leader_instruction", "a.png", same)
    assert flagged() == compared() == {mine.pk, my_second.pk, theirs.pk}


def test_the_reviewer_sees_the_flag_on_the_queue_and_the_review_page(
    teacher: User, civil_admin: User
) -> None:
    other = UserFactory.create(department=teacher.department)
    mine = declare(logged_in(teacher), "endorsed_report", {})
    theirs = declare(logged_in(other), "endorsed_report", {})
    for person, declaration in ((teacher, mine), (other, theirs)):
        upload(logged_in(person), declaration, "leader_instruction", "a.png", png_bytes())
        declaration.refresh_from_db()
        declaration.submit(by=person)
    client = logged_in(civil_admin)
    queue = client.get(reverse("review:queue"), {"flag": "shared_evidence"})
    assert {d.pk for d in queue.context["rows"]} == {mine.pk, theirs.pk}
    page = client.get(reverse("review:department-review", args=[mine.pk])).content.decode()
    assert "这份申报中的文件也出现在他人的申报中" in page


def test_the_migration_flags_declarations_whose_files_were_already_shared(
    transactional_db: None, teacher: User
) -> None:
    other = UserFactory.create(department=teacher.department)
    mine = declare(logged_in(teacher), "endorsed_report", {})
    theirs = declare(logged_in(other), "endorsed_report", {})
    alone = declare(logged_in(other), "endorsed_report", {})
    same = png_bytes(color="red")
    upload(logged_in(teacher), mine, "leader_instruction", "a.png", same)
    upload(logged_in(other), theirs, "leader_instruction", "b.png", same)
    upload(logged_in(other), alone, "leader_instruction", "c.png", png_bytes(color="blue"))
    executor = MigrationExecutor(connection)
    executor.migrate(
        [("declarations", "0007_claimed_differs_index")]
    )  # files flagged, not yet declarations
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert flagged() == {mine.pk, theirs.pk}
