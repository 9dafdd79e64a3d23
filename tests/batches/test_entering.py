from __future__ import annotations

from typing import Any

from django.urls import reverse

from batches.models import Batch, State
from declarations.models import Declaration
from portal.models import Department, User
from tests.batches.helpers import college_event, commit, enter, people_csv, rows_for
from tests.factories import UserFactory, logged_in, make_id_number


def test_it_reports_each_problem_on_its_row(
    hr_officer: User, civil_teachers: list[User], info: Department
) -> None:
    a, b, c = civil_teachers
    closed = UserFactory.create(name="离职", department=info, is_active=False)
    rows = [
        (a.id_number, a.name, "8"),  # 2: fine
        (make_id_number(99_001), "无此人", "8"),  # 3: unknown
        (b.id_number, "别的名字", "8"),  # 4: name does not match
        (a.id_number, a.name, "8"),  # 5: duplicate of row 2
        (c.id_number, c.name, "0"),  # 6: out of range
        (c.certificate.number, c.name, "2000"),  # type: ignore[attr-defined]  # 7: out of range, by certificate
        (closed.id_number, closed.name, "8"),  # 8: account closed
        ("12345", "乱写", "abc"),  # 9: not a number at all
    ]
    batch = enter(logged_in(hr_officer), people_file=people_csv(rows))
    problems = {row["line"]: " ".join(row["problems"]) for row in batch.rows}
    assert problems[2] == ""
    assert "Unknown person" in problems[3]
    assert "does not match" in problems[4] and a.name not in problems[4]
    assert "row 2" in problems[5]
    assert "out of range" in problems[6]
    assert "out of range" in problems[7]
    assert "closed" in problems[8]
    assert "ID number" in problems[9] and "not a number: “abc”" in problems[9]


def test_the_preview_shows_masked_numbers_and_no_commit_while_rows_have_problems(
    hr_officer: User, civil_teachers: list[User]
) -> None:
    a = civil_teachers[0]
    client = logged_in(hr_officer)
    batch = enter(client, people_file=people_csv([*rows_for([a]), (a.id_number, a.name, "8")]))
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert a.masked_id_number in page and a.id_number not in page
    assert "Commit" not in page
    assert client.post(reverse("batches:commit", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.state == State.CHECKED
    assert Declaration.objects.count() == 0


def test_importing_the_same_file_twice_credits_nobody_twice(
    hr_officer: User, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    first = commit(
        client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks
    )
    assert first.state == State.SUBMITTED
    again = enter(client, people_file=people_csv(rows_for(civil_teachers)))
    assert all("Already credited" in " ".join(r["problems"]) for r in again.rows)
    commit(client, again, run_tasks)
    assert again.state == State.CHECKED
    assert Declaration.objects.count() == 3


def test_the_same_people_may_be_credited_for_another_training(
    hr_officer: User, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    commit(client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks)
    other = enter(client, title="另一期培训班", people_file=people_csv(rows_for(civil_teachers)))
    assert commit(client, other, run_tasks).state == State.SUBMITTED
    assert Declaration.objects.count() == 6


def test_a_department_administrator_enters_only_their_own_people(
    civil_admin: User, civil: Department, civil_teachers: list[User], info: Department
) -> None:
    outsider = UserFactory.create(name="外系老师", department=info)
    batch = enter(
        logged_in(civil_admin),
        department=civil.pk,
        people_file=people_csv(rows_for([civil_teachers[0], outsider])),
    )
    assert [bool(r["problems"]) for r in batch.rows] == [False, True]
    assert "department" in batch.rows[1]["problems"][0]


def test_a_college_event_needs_its_notice_and_sign_in_sheet(
    hr_officer: User, civil: Department, civil_teachers: list[User]
) -> None:
    response = logged_in(hr_officer).post(
        reverse("batches:create"),
        {
            "kind": "college_event",
            "subject": "professional",
            "title": "校内培训",
            "organiser": "人事处",
            "starts_on": "2026-05-10",
            "ends_on": "2026-05-10",
            "hours": "8",
            "department": civil.pk,
            "roster": "on",
        },
    )
    assert response.status_code == 200
    assert "This proof is needed" in response.content.decode()
    assert Batch.objects.count() == 0


def test_a_college_event_stores_its_proof_once_for_every_declaration(
    hr_officer: User, civil: Department, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    batch = commit(client, college_event(client, civil.pk), run_tasks)
    declarations = list(batch.declarations())
    assert len(declarations) == 3
    files = {e.file.name for d in declarations for e in d.active_evidence()}
    assert len(files) == 2  # the notice and the sign-in sheet, each stored once
    assert all(d.missing_materials() == [] for d in declarations)
    assert all(d.versions.get().files.count() == 2 for d in declarations)  # type: ignore[attr-defined]


def test_a_base_roster_needs_no_proof_the_rules_waive_it(
    hr_officer: User, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    batch = commit(
        client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks
    )
    declaration = batch.declarations().first()
    assert declaration is not None
    assert declaration.facts["source"] == "base_batch"
    assert declaration.hour_type.waives_materials(declaration.hour_type.clean(declaration.facts))


def test_committing_twice_writes_once(
    hr_officer: User, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    batch = commit(
        client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks
    )
    assert commit(client, batch, run_tasks).state == State.SUBMITTED
    assert Declaration.objects.count() == 3


def test_people_who_did_not_attend_are_left_out_of_the_roster_before_the_commit(
    hr_officer: User, civil: Department, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    batch = college_event(client, civil.pk)
    absent = next(row for row in batch.rows if row["name"] == civil_teachers[1].name)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert reverse("batches:leave-out", args=[batch.pk, absent["line"]]) in page

    client.post(reverse("batches:leave-out", args=[batch.pk, absent["line"]]))
    batch.refresh_from_db()
    assert civil_teachers[1].name not in [row["name"] for row in batch.rows]

    commit(client, batch, run_tasks)
    credited = set(batch.declarations().values_list("person__name", flat=True))
    assert credited == {civil_teachers[0].name, civil_teachers[2].name}
    # Once committed, nobody more can be left out: the batch is reviewed as it was committed.
    refused = client.post(
        reverse("batches:leave-out", args=[batch.pk, batch.rows[0]["line"]]), follow=True
    )
    assert "People can be left out only before" in refused.content.decode()
    assert batch.declarations().count() == 2
