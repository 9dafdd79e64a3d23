from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from batches.models import Batch, State
from declarations.models import Declaration, Role, Status
from portal.models import Notification, User
from tests.batches.helpers import commit, enter, people_csv, rows_for
from tests.declarations.helpers import upload
from tests.declarations.test_status_counts import fresh, kept
from tests.factories import logged_in, pdf_bytes


@pytest.fixture
def batch(hr_officer: User, civil_teachers: list[User], run_tasks: Any) -> Batch:
    """A training base's roster of three 土木工程系 teachers, committed by the HR office."""
    client = logged_in(hr_officer)
    return commit(
        client, enter(client, people_file=people_csv(rows_for(civil_teachers))), run_tasks
    )


def statuses(batch: Batch) -> list[str]:
    return sorted(batch.declarations().values_list("status", flat=True))


def test_commit_creates_a_submitted_declaration_for_each_person_from_the_batch(
    batch: Batch, civil_teachers: list[User], hr_officer: User
) -> None:
    assert statuses(batch) == [Status.SUBMITTED] * 3
    first = Declaration.objects.get(person=civil_teachers[0])
    created, submitted = first.history.order_by("pk")  # type: ignore[attr-defined]
    assert (created.to_status, submitted.to_status) == (Status.DRAFT, Status.SUBMITTED)
    assert submitted.actor == hr_officer and "From the batch" in submitted.reason
    page = logged_in(civil_teachers[0]).get(reverse("declarations:my-hours")).content.decode()
    assert batch.title in page


def tab(page: Any, status: str) -> Any:
    return next(n for code, _label, n in page.context["counts"] if code == status)


def test_the_queue_tabs_count_the_batchs_declarations_at_each_stage(
    batch: Batch, civil_admin: User, bureau_reviewer: User
) -> None:
    """The tabs read counts the status door keeps; a batch's bulk commit keeps them too."""
    queue = logged_in(civil_admin).get(reverse("review:queue"))
    assert tab(queue, Status.SUBMITTED) == 3
    assert kept() == fresh()
    logged_in(civil_admin).post(reverse("batches:review", args=[batch.pk]))
    bureau = logged_in(bureau_reviewer).get(reverse("review:bureau-queue"))
    assert tab(bureau, Status.DEPARTMENT_APPROVED) == 3
    assert kept() == fresh()


def test_the_department_administrator_finds_the_batch_in_the_queue_and_the_inbox(
    civil_admin: User, batch: Batch
) -> None:
    client = logged_in(civil_admin)
    queue = client.get(reverse("review:queue")).content.decode()
    assert queue.count(batch.title) == 3
    assert (
        Notification.objects.filter(person=civil_admin, link__contains=f"/{batch.pk}/").count() == 1
    )


def test_a_batch_is_approved_as_a_whole_at_each_stage_and_recorded_on_each_declaration(
    batch: Batch, civil_admin: User, bureau_reviewer: User, civil_teachers: list[User]
) -> None:
    response = logged_in(civil_admin).post(reverse("batches:review", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == State.DEPARTMENT_APPROVED
    assert statuses(batch) == [Status.DEPARTMENT_APPROVED] * 3
    for declaration in batch.declarations():
        last = declaration.history.latest("pk")  # type: ignore[attr-defined]
        assert (last.actor, last.role) == (civil_admin, Role.DEPARTMENT_ADMIN)
    logged_in(bureau_reviewer).post(reverse("batches:review", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == State.APPROVED
    assert statuses(batch) == [Status.APPROVED] * 3
    assert all(
        d.history.latest("pk").actor == bureau_reviewer  # type: ignore[attr-defined]
        for d in batch.declarations()
    )
    page = logged_in(civil_teachers[1]).get(reverse("declarations:my-hours")).content.decode()
    assert "Approved" in page


def test_one_persons_row_is_returned_alone_and_the_rest_approved_together(
    batch: Batch, civil_admin: User, civil_teachers: list[User]
) -> None:
    one = Declaration.objects.get(person=civil_teachers[0])
    client = logged_in(civil_admin)
    client.post(
        reverse("review:department-review", args=[one.pk]),
        {"decision": "return", "reason_text": "结业证书姓名不符"},
    )
    one.refresh_from_db()
    assert one.status == Status.RETURNED
    client.post(reverse("batches:review", args=[batch.pk]))
    assert statuses(batch) == sorted(
        [Status.RETURNED, Status.DEPARTMENT_APPROVED, Status.DEPARTMENT_APPROVED]
    )
    batch.refresh_from_db()
    assert batch.state == State.DEPARTMENT_APPROVED


def test_withdrawing_before_approval_withdraws_every_declaration(
    batch: Batch, hr_officer: User, civil_teachers: list[User], run_tasks: Any
) -> None:
    client = logged_in(hr_officer)
    client.post(reverse("batches:withdraw", args=[batch.pk]), {"reason": "名单有误"})
    batch.refresh_from_db()
    assert batch.state == State.WITHDRAWN
    assert statuses(batch) == [Status.WITHDRAWN] * 3
    again = enter(client, people_file=people_csv(rows_for(civil_teachers)))
    assert not any(r["problems"] for r in again.rows)  # they may be credited again


def test_after_approval_it_cannot_be_withdrawn_only_revoked_with_a_reason(
    batch: Batch, hr_officer: User, civil_admin: User, bureau_reviewer: User
) -> None:
    logged_in(civil_admin).post(reverse("batches:review", args=[batch.pk]))
    logged_in(bureau_reviewer).post(reverse("batches:review", args=[batch.pk]))
    logged_in(hr_officer).post(reverse("batches:withdraw", args=[batch.pk]), {"reason": "晚了"})
    assert statuses(batch) == [Status.APPROVED] * 3
    client = logged_in(bureau_reviewer)
    assert (
        client.post(reverse("batches:revoke", args=[batch.pk]), {"reason": ""}).status_code == 200
    )
    client.post(reverse("batches:revoke", args=[batch.pk]), {"reason": "基地资质被撤销"})
    batch.refresh_from_db()
    assert (batch.state, batch.reason) == (State.REVOKED, "基地资质被撤销")
    assert statuses(batch) == [Status.REVOKED] * 3
    assert all(
        d.history.latest("pk").reason == "基地资质被撤销"  # type: ignore[attr-defined]
        for d in batch.declarations()
    )


def test_the_report_downloads_as_xlsx_with_masked_ids_and_certificate_numbers_as_text(
    batch: Batch, hr_officer: User, civil_teachers: list[User]
) -> None:
    import io

    from openpyxl import load_workbook

    response = logged_in(hr_officer).get(
        reverse("batches:report", args=[batch.pk, "xlsx"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("行号", "姓名", "身份证号码", "证书编号")
    first = civil_teachers[0]
    row = next(r for r in rows if r[1] == first.name)
    assert row[2] == first.masked_id_number
    assert row[3] == first.certificate.number  # type: ignore[attr-defined]
    assert sheet.cell(2, 4).data_type == "s"
    csv_text = (
        logged_in(hr_officer)
        .get(reverse("batches:report", args=[batch.pk, "csv"]))
        .getvalue()
        .decode()
    )
    assert first.masked_id_number in csv_text and first.id_number not in csv_text


def test_the_batch_waits_for_a_file_being_prepared_of_a_resubmitted_row(
    batch: Batch, civil_admin: User, civil_teachers: list[User], settings: Any
) -> None:
    """Returned alone, resubmitted with a new PDF the worker has not prepared yet: approving
    the batch approves nothing (all or none) and says whose file it waits for."""
    one = Declaration.objects.get(person=civil_teachers[0])
    client = logged_in(civil_admin)
    client.post(
        reverse("review:department-review", args=[one.pk]),
        {"decision": "return", "reason_text": "结业证书姓名不符"},
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    material = one.hour_type.materials[0].code
    upload(logged_in(civil_teachers[0]), one, material, "结业证书.pdf", pdf_bytes())
    one.refresh_from_db()
    one.submit(by=civil_teachers[0])

    response = client.post(reverse("batches:review", args=[batch.pk]), follow=True)

    assert statuses(batch) == [Status.SUBMITTED] * 3
    told = [str(message) for message in response.context["messages"]]
    assert told[-1] == (
        f"{civil_teachers[0].name}'s declaration has a file still being prepared for viewing; "
        "nothing was approved. Try again in a moment."
    )
