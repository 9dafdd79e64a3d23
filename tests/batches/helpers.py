"""Entering batches through their pages, as the HR office or an administrator would."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from batches.models import Batch
from portal.models import User
from tests.factories import pdf_bytes


def people_csv(rows: list[tuple[str, str, str]]) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["身份证号或证书编号", "姓名", "学时"])
    writer.writerows(rows)
    return SimpleUploadedFile("people.csv", text.getvalue().encode("utf-8"), "text/csv")


def rows_for(people: list[User], hours: str = "8") -> list[tuple[str, str, str]]:
    return [(p.id_number, p.name, hours) for p in people]


def enter(client: Client, **fields: Any) -> Batch:
    """POST the batch form; the new batch (its rows checked), or AssertionError with the form."""
    data: dict[str, Any] = {
        "kind": "base_roster",
        "subject": "professional",
        "title": "2026年专业技术人员继续教育基地培训班",
        "organiser": "河南省继续教育基地",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-12",
        "hours": "",
        "department": "",
        **fields,
    }
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse("batches:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Batch.objects.latest("pk")


def college_event(client: Client, department_pk: int, **fields: Any) -> Batch:
    """A college training event for a department's whole roster, with its notice and sign-in
    sheet uploaded once."""
    return enter(
        client,
        kind="college_event",
        title="2026年教师专业能力提升培训",
        organiser="人事处",
        hours="16",
        department=department_pk,
        roster="on",
        training_notice=SimpleUploadedFile("通知.pdf", pdf_bytes(), "application/pdf"),
        attendance_proof=SimpleUploadedFile("签到表.pdf", pdf_bytes(2), "application/pdf"),
        **fields,
    )


def commit(client: Client, batch: Batch, capture: Any) -> Batch:
    """Commit as a request does: the task runs once the request's writes commit."""
    with capture(execute=True):
        response = client.post(reverse("batches:commit", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch
