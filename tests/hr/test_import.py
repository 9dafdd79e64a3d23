from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hr.models import ImportBatch
from portal.models import Department, OrganisationEvent, User
from tests.factories import logged_in, make_id_number

HEADER = ["身份证号", "姓名", "部门", "手机", "职称", "邮箱"]


def csv_file(rows: list[list[str]], name: str = "people.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"))


def xlsx_file(rows: list[list[str]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("people.xlsx", out.getvalue())


def commit(client: Client, batch: ImportBatch, capture: Any, **data: str) -> Any:
    """As in a request: the task is queued once the request's writes commit."""
    with capture(execute=True):
        return client.post(reverse("hr:import", args=[batch.pk]), data, follow=True)


def upload(client: Client, file: SimpleUploadedFile) -> ImportBatch:
    response = client.post(reverse("hr:import-upload"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk")


def good_rows(n: int, department: str = "土木工程系", start: int = 5000) -> list[list[str]]:
    return [
        [make_id_number(start + i), f"导入{i}", department, "13800000000", "讲师", ""]
        for i in range(n)
    ]


def test_each_bad_row_is_reported_with_its_reason_and_nothing_is_written(
    teacher: User, hr_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    bad_check = make_id_number(6001)[:-1] + ("0" if make_id_number(6001)[-1] != "0" else "1")
    rows = [
        *good_rows(1),
        [bad_check, "校验错", "土木工程系", "", "", ""],
        [make_id_number(5000), "重复行", "土木工程系", "", "", ""],
        [make_id_number(6002), "无此部门", "火星系", "", "", ""],
        [teacher.id_number, "林老师", "土木工程系", "", "", ""],
    ]
    client = logged_in(hr_officer)
    batch = upload(client, csv_file(rows))
    page = client.get(reverse("hr:import", args=[batch.pk])).content.decode()
    assert "校验位" in page
    assert "与第 2 行的身份证号重复" in page
    assert "没有这个部门：“火星系”" in page
    assert "已注册" in page
    people = User.objects.count()
    response = commit(client, batch, django_capture_on_commit_callbacks)
    assert "此文件不能导入" in response.content.decode()
    assert User.objects.count() == people
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.CHECKED
    assert bad_check not in str(batch.rows) and teacher.id_number not in str(batch.rows)


def test_a_clean_file_is_imported_all_at_once(
    civil: Department, hr_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(hr_officer)
    batch = upload(client, xlsx_file(good_rows(30)))
    assert (batch.total, batch.new_count, batch.problem_count) == (30, 30, 0)
    response = commit(client, batch, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE, batch.error
    assert (batch.created_count, batch.progress) == (30, 30)
    assert "新增 30 人" in response.content.decode()
    imported = User.objects.filter(name__startswith="导入")
    assert imported.count() == 30
    assert all(p.department == civil and not p.has_usable_password() for p in imported)
    assert OrganisationEvent.objects.filter(kind="person_added").count() == 30
    progress = client.get(reverse("hr:import-progress", args=[batch.pk])).json()
    assert progress["state"] == "done" and progress["done"] == 30


def test_already_registered_people_are_updated_only_when_asked(
    teacher: User, hr_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(hr_officer)
    rows = [[teacher.id_number, "林老师", "土木工程系", "13911112222", "副教授", ""]]
    batch = upload(client, csv_file(rows))
    commit(client, batch, django_capture_on_commit_callbacks, update_existing="on")
    teacher.refresh_from_db()
    assert (teacher.phone, teacher.title) == ("13911112222", "副教授")


def test_someone_registering_between_the_check_and_the_commit_stops_the_whole_import(
    civil: Department, hr_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(hr_officer)
    rows = good_rows(3, start=7000)
    batch = upload(client, csv_file(rows))
    User.objects.create_person(id_number=rows[1][0], name="抢先注册", department=civil)
    commit(client, batch, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.FAILED
    assert "检查之后已注册" in batch.error
    assert not User.objects.filter(name__startswith="导入").exists()


def test_a_file_without_the_needed_columns_is_refused_with_the_reason(hr_officer: User) -> None:
    response = logged_in(hr_officer).post(
        reverse("hr:import-upload"),
        {"file": SimpleUploadedFile("x.csv", "姓名,手机\n张三,13800000000\n".encode())},
    )
    assert "缺少" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_template_downloads_in_both_formats(hr_officer: User) -> None:
    client = logged_in(hr_officer)
    text = client.get(reverse("hr:import-template", args=["csv"])).content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    xlsx = client.get(reverse("hr:import-template", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("hr:import-template", args=["exe"])).status_code == 404
