"""Excel and CSV exports: what HR offices and administrators check when they open the file."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from declarations.models import Status
from portal.idnumbers import ID_NUMBER_PATTERN
from portal.models import Department, User
from reports.models import Export
from reports.tasks import sweep_expired
from tests.factories import DepartmentFactory, UserFactory, logged_in
from tests.hr.helpers import bulk

YEAR = 2025


def download_body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_of(response: Any) -> Worksheet:
    body = download_body(response)
    return load_workbook(io.BytesIO(body)).active  # type: ignore[return-value]


def table(sheet: Worksheet) -> list[dict[str, Any]]:
    """Rows as header → cell, as a reader finds a column by its heading."""
    rows = list(sheet.iter_rows())
    headers = [str(c.value) for c in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def csv_text(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def met_year(person: User) -> None:
    """24 public and 66 professional hours approved in YEAR: the year is met."""
    bulk(person, 1, status=Status.APPROVED, year=YEAR, subject="public", claimed_hours=Decimal(24))
    bulk(person, 1, status=Status.APPROVED, year=YEAR, claimed_hours=Decimal(66))


@pytest.fixture
def short_teacher(civil: Department) -> User:
    """A colleague of the teacher with 10 professional hours approved and 8 awaiting review."""
    person = UserFactory.create(name="钱老师", department=civil)
    bulk(person, 1, status=Status.APPROVED, year=YEAR, claimed_hours=Decimal(10))
    bulk(person, 1, status=Status.SUBMITTED, year=YEAR)
    return person


def people_url(department: Department | None = None, fmt: str = "xlsx") -> str:
    query = f"?year={YEAR}&format={fmt}"
    if department is not None:
        query += f"&department={department.pk}"
    return reverse("reports:export-people") + query


def test_people_export_shows_each_persons_year_under_chinese_headers(
    hr_officer: User, teacher: User, short_teacher: User, civil: Department
) -> None:
    met_year(teacher)
    response = logged_in(hr_officer).get(people_url(civil))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = {r["姓名"].value: r for r in table(sheet_of(response))}
    mine, short = rows["林老师"], rows["钱老师"]
    assert (mine["公需科目学时"].value, mine["专业科目学时"].value, mine["总学时"].value) == (
        24,
        66,
        90,
    )
    assert (mine["总学时要求"].value, mine["是否达标"].value) == (90, "已达标")
    assert (short["专业科目学时"].value, short["待审核学时"].value) == (10, 8)
    assert (short["是否达标"].value, short["还差学时"].value) == ("未达标", 80)
    assert short["所属部门"].value == "土木工程系"


def test_id_numbers_are_masked_and_certificate_numbers_keep_all_13_digits_as_text(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    row = table(sheet_of(logged_in(hr_officer).get(people_url(civil))))[0]
    number = teacher.certificate.number  # type: ignore[attr-defined]
    assert row["身份证号码"].value == teacher.masked_id_number
    assert row["证书编号"].value == number
    assert len(row["证书编号"].value) == 13
    assert row["证书编号"].data_type == "s"
    assert row["证书编号"].number_format == "@"
    assert row["身份证号码"].number_format == "@"


def test_csv_opens_in_excel_with_a_bom_and_chinese_headers(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    met_year(teacher)
    response = logged_in(hr_officer).get(people_url(civil, fmt="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = csv_text(response)
    assert text.startswith("\ufeff所属部门,姓名,身份证号码,证书编号")
    assert "林老师" in text
    assert ",已达标" in text.splitlines()[1]


def test_an_administrator_exports_their_departments_only(
    civil_admin: User, teacher: User, info: Department
) -> None:
    UserFactory.create(name="外系老师", department=info)
    client = logged_in(civil_admin)
    names = [r["姓名"].value for r in table(sheet_of(client.get(people_url())))]
    assert "林老师" in names
    assert "外系老师" not in names
    assert client.get(people_url(info)).status_code == 400


@pytest.mark.parametrize("who", ["teacher", "bureau_reviewer"])
def test_people_export_is_refused_to_teachers_and_bureau_reviewers(
    who: str, request: pytest.FixtureRequest, civil: Department
) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(people_url(civil)).status_code == 403


def test_declarations_export_honours_the_queue_filters(
    civil_admin: User, teacher: User, short_teacher: User
) -> None:
    bulk(teacher, 2, status=Status.SUBMITTED, year=YEAR, type="training", title="培训")
    bulk(teacher, 1, status=Status.SUBMITTED, year=2024, title="去年")
    bulk(teacher, 1, status=Status.APPROVED, year=YEAR, title="已通过")
    url = reverse("reports:export-department-queue")
    rows = table(sheet_of(logged_in(civil_admin).get(f"{url}?year={YEAR}&person=林")))
    assert sorted(r["名称"].value for r in rows) == ["培训 0", "培训 1"]
    assert {r["状态"].value for r in rows} == {"待系部初审"}
    assert {r["类型"].value for r in rows} == {"2. 培训、研修"}
    assert rows[0]["身份证号码"].value == teacher.masked_id_number
    everything = table(sheet_of(logged_in(civil_admin).get(f"{url}?status=all")))
    assert len(everything) == 6


def test_a_bureau_reviewer_exports_their_scope_only(
    bureau_reviewer: User, teacher: User, civil_admin: User
) -> None:
    bulk(teacher, 1, status=Status.DEPARTMENT_APPROVED, title="专业")
    bulk(teacher, 1, status=Status.DEPARTMENT_APPROVED, subject="public", title="公需")
    bulk(teacher, 1, status=Status.SUBMITTED, title="未到")
    url = reverse("reports:export-bureau-queue")
    rows = table(sheet_of(logged_in(bureau_reviewer).get(url)))
    assert [r["名称"].value for r in rows] == ["专业"]
    assert logged_in(civil_admin).get(url).status_code == 403
    assert logged_in(bureau_reviewer).get(reverse("reports:export-records")).status_code == 403


def test_the_hr_office_exports_every_departments_records_by_department(
    hr_officer: User, teacher: User, info: Department
) -> None:
    other = UserFactory.create(name="外系老师", department=info)
    bulk(teacher, 1, title="土木")
    bulk(other, 1, title="信息")
    url = reverse("reports:export-records")
    everything = table(sheet_of(logged_in(hr_officer).get(url)))
    assert sorted(r["名称"].value for r in everything) == ["信息", "土木"]
    only_info = table(sheet_of(logged_in(hr_officer).get(f"{url}?department={info.pk}")))
    assert [r["名称"].value for r in only_info] == ["信息"]


def test_a_title_that_looks_like_a_formula_stays_text(hr_officer: User, teacher: User) -> None:
    bulk(teacher, 1, title='=HYPERLINK("http://evil")')
    url = reverse("reports:export-records")
    cell = table(sheet_of(logged_in(hr_officer).get(url)))[0]["名称"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil")', "s")
    text = csv_text(logged_in(hr_officer).get(url + "?format=csv"))
    assert "'=HYPERLINK" in text


def full_ids(client: Client, reason: str = "省平台年度备案") -> Any:
    url = reverse("reports:export-full-ids") + "?kind=people"
    return client.post(url, {"reason": reason, "year": YEAR})


def test_full_id_numbers_only_when_the_hr_office_asks_with_a_reason_and_it_is_logged(
    hr_officer: User, teacher: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(hr_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = full_ids(client)
    export = Export.objects.get()
    assert response["Location"] == reverse("reports:export", args=[export.pk])
    assert (export.full_ids, export.reason, export.requested_by) == (
        True,
        "省平台年度备案",
        hr_officer,
    )
    assert export.state == Export.State.READY
    row = table(sheet_of(client.get(reverse("reports:export-download", args=[export.pk]))))[0]
    assert row["身份证号码"].value == teacher.id_number
    assert row["身份证号码"].number_format == "@"
    log = client.get(reverse("reports:exports")).content.decode()
    assert "省平台年度备案" in log
    assert ID_NUMBER_PATTERN.findall(log) == []


def test_full_id_numbers_need_a_reason(hr_officer: User, teacher: User) -> None:
    response = full_ids(logged_in(hr_officer), reason="")
    assert response.status_code == 200
    assert Export.objects.count() == 0


def test_an_administrator_cannot_ask_for_full_id_numbers(civil_admin: User, teacher: User) -> None:
    assert full_ids(logged_in(civil_admin)).status_code == 403
    assert Export.objects.count() == 0


def test_nobody_else_downloads_a_file_with_full_id_numbers(
    hr_officer: User, teacher: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        full_ids(logged_in(hr_officer))
    export = Export.objects.get()
    other_hr = UserFactory.create(department=None, is_hr_office=True)
    url = reverse("reports:export-download", args=[export.pk])
    assert logged_in(other_hr).get(url).status_code == 404


def test_a_large_export_is_written_in_the_background_with_progress_and_a_download(
    hr_officer: User, teacher: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EXPORT_BACKGROUND_ROWS = 3
    bulk(teacher, 5)
    client = logged_in(hr_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("reports:export-records"))
    export = Export.objects.get()
    assert response["Location"] == reverse("reports:export", args=[export.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in waiting
    assert "排队中" in waiting
    for callback in callbacks:
        callback()
    page = client.get(response["Location"]).content.decode()
    assert "已写入 5 / 5 行" in page
    assert reverse("reports:export-download", args=[export.pk]) in page
    download = client.get(reverse("reports:export-download", args=[export.pk]))
    assert len(table(sheet_of(download))) == 5
    assert "attachment" in download["Content-Disposition"]


def test_a_large_csv_streams_instead(hr_officer: User, teacher: User, settings: Any) -> None:
    settings.EXPORT_BACKGROUND_ROWS = 3
    bulk(teacher, 5)
    response = logged_in(hr_officer).get(reverse("reports:export-records") + "?format=csv")
    assert response.streaming
    assert len(csv_text(response).splitlines()) == 6
    assert Export.objects.count() == 0


def populate(size: int) -> Department:
    department = DepartmentFactory.create(name="建筑系")
    for _n in range(size):
        person = UserFactory.create(department=department)
        bulk(person, 2, year=YEAR)
        bulk(person, 1, year=YEAR, status=Status.APPROVED, subject="public")
    return department


@pytest.mark.parametrize("size", [3, 40])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_run_a_fixed_number_of_queries(
    size: int, fmt: str, hr_officer: User, django_assert_num_queries: Any
) -> None:
    department = populate(size)
    client = logged_in(hr_officer)
    # The session, the user, the department chosen, (XLSX: how many rows,) the people's ids,
    # their declarations and their columns.
    with django_assert_num_queries(7 if fmt == "xlsx" else 6):
        response = client.get(people_url(department, fmt=fmt))
        body = download_body(response)
    assert len(body) > 0
    with django_assert_num_queries(4 if fmt == "xlsx" else 3):
        response = client.get(reverse("reports:export-records") + f"?format={fmt}")
        body = download_body(response)
    assert len(body) > 0


def test_no_export_holds_a_full_id_number_unless_asked(
    hr_officer: User, civil_admin: User, bureau_reviewer: User, teacher: User, civil: Department
) -> None:
    met_year(teacher)
    bulk(teacher, 1, status=Status.DEPARTMENT_APPROVED)
    found = []
    urls = {
        hr_officer: [people_url(), reverse("reports:export-records")],
        civil_admin: [
            people_url(civil),
            reverse("reports:export-department-queue") + "?status=all",
        ],
        bureau_reviewer: [reverse("reports:export-bureau-queue")],
    }
    for user, pages in urls.items():
        client = logged_in(user)
        for url in pages:
            sheet = sheet_of(client.get(url))
            found += [
                c.value
                for row in sheet.iter_rows()
                for c in row
                if isinstance(c.value, str) and ID_NUMBER_PATTERN.search(c.value)
            ]
            found += ID_NUMBER_PATTERN.findall(
                csv_text(client.get(url + "&format=csv" if "?" in url else url + "?format=csv"))
            )
    assert found == []


def test_the_list_pages_link_to_their_export_with_their_filters(
    civil_admin: User, hr_officer: User
) -> None:
    queue = logged_in(civil_admin).get(reverse("review:queue") + f"?year={YEAR}").content.decode()
    assert f"{reverse('reports:export-department-queue')}?year={YEAR}&amp;format=xlsx" in queue
    records = logged_in(hr_officer).get(reverse("hr:records") + "?status=all").content.decode()
    assert f"{reverse('reports:export-records')}?status=all&amp;format=csv" in records
    assert reverse("reports:export-full-ids") + "?kind=declarations&amp;scope=records" in records


def test_a_finished_file_is_deleted_after_24_hours_and_its_log_row_stays(
    hr_officer: User, teacher: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        full_ids(logged_in(hr_officer))
    export = Export.objects.get()
    stored = str(export.file.name)
    Export.objects.filter(pk=export.pk).update(
        finished_at=export.finished_at - datetime.timedelta(hours=25)  # type: ignore[operator]
    )
    assert sweep_expired() == 1
    export.refresh_from_db()
    assert export.state == Export.State.EXPIRED
    assert not default_storage.exists(stored)
    assert export.reason == "省平台年度备案"
    url = reverse("reports:export-download", args=[export.pk])
    assert logged_in(hr_officer).get(url).status_code == 404


def test_full_id_numbers_of_a_filtered_list_keep_its_filters(
    hr_officer: User, teacher: User, django_capture_on_commit_callbacks: Any
) -> None:
    bulk(teacher, 1, year=YEAR, title="今年")
    bulk(teacher, 1, year=2024, title="去年")
    url = reverse("reports:export-full-ids") + f"?kind=declarations&scope=records&year={YEAR}"
    client = logged_in(hr_officer)
    assert "1 行" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "职称评审材料报送"})
    export = Export.objects.get()
    rows = table(sheet_of(client.get(reverse("reports:export-download", args=[export.pk]))))
    assert [(r["名称"].value, r["身份证号码"].value) for r in rows] == [("今年", teacher.id_number)]
