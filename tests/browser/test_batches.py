"""A college training event for a whole department, in a browser in Chinese at phone width: the
HR office enters it once with its notice and sign-in sheet, the department administrator and the
bureau each approve it as a whole, the teachers find the approved hours on 我的学时, and the HR
office reads the year on its dashboard, in a chart, and exports it to Excel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from playwright.sync_api import expect

from batches.models import Batch, State
from declarations.models import Status
from portal.models import Department, User
from tests.browser.test_dashboards import PAINTED
from tests.factories import PASSWORD, AdminAssignmentFactory, UserFactory, pdf_bytes


@pytest.fixture
def window(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    contexts = []

    def open_for(user: User) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(live_server.url + "/login/")
        page.get_by_label("身份证号码").fill(user.id_number)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        return page

    yield open_for
    for context in contexts:
        context.close()


def label(state: str) -> str:
    with translation.override("zh-hans"):
        return str(State(state).label)


def test_a_college_event_for_30_people_goes_from_entry_to_approved_hours(
    live_server: Any,
    transactional_db: None,
    window: Callable[..., Any],
    screenshot: Any,
    civil: Department,
    info: Department,
    hr_officer: User,
    bureau_reviewer: User,
    tmp_path: Path,
) -> None:
    teachers = [UserFactory.create(name=f"教师{n:02d}", department=civil) for n in range(30)]
    admin = UserFactory.create(name="唐管理员", department=info)  # administers 土木工程系
    AdminAssignmentFactory.create(person=admin, department=civil)
    notice, sign_in = tmp_path / "培训通知.pdf", tmp_path / "签到表.pdf"
    notice.write_bytes(pdf_bytes())
    sign_in.write_bytes(pdf_bytes(2))

    hr = window(hr_officer)
    hr.get_by_role("link", name="批量申报").first.click()
    hr.get_by_role("link", name="录入批量申报").click()
    hr.get_by_label("类别").select_option("college_event")
    hr.get_by_label("科目").select_option("professional")
    hr.get_by_label("名称").fill("2026年教师信息化教学能力培训")
    hr.get_by_label("主办单位").fill("人事处")
    hr.get_by_label("开始日期").fill("2026-05-10")
    hr.get_by_label("结束日期").fill("2026-05-11")
    hr.get_by_label("每人学时").fill("16")
    hr.get_by_label("所属部门").select_option(label="土木工程系")
    hr.get_by_label("不用文件，取本部门全部人员（学院培训）").check()
    hr.get_by_label("培训通知（PDF、JPEG 或 PNG）").set_input_files(str(notice))
    hr.get_by_label("签到表或名册（PDF、JPEG 或 PNG）").set_input_files(str(sign_in))
    screenshot("batch-form", hr)
    hr.get_by_role("button", name="检查人员").click()
    expect(hr.get_by_text("共 30 行，有问题 0 行。")).to_be_visible()
    screenshot("batch-preview", hr)
    hr.get_by_role("button", name="提交：为 30 人认定学时").click()
    expect(hr.locator("#batch-state")).to_have_text(label(State.SUBMITTED))
    screenshot("batch-committed", hr)
    batch = Batch.objects.get()

    department = window(admin)
    department.goto(f"{live_server.url}/batches/")
    department.get_by_role("link", name="2026年教师信息化教学能力培训").click()
    department.get_by_role("link", name="系部整批审核").click()
    screenshot("batch-department-review", department)
    department.get_by_role("button", name="全部通过（30 条）").click()
    expect(department.locator("#batch-state")).to_have_text(label(State.DEPARTMENT_APPROVED))

    bureau = window(bureau_reviewer)
    bureau.get_by_role("link", name="批量申报").first.click()
    bureau.get_by_role("link", name="2026年教师信息化教学能力培训").click()
    bureau.get_by_role("link", name="主管部门整批审核").click()
    bureau.get_by_role("button", name="全部通过（30 条）").click()
    expect(bureau.locator("#batch-state")).to_have_text(label(State.APPROVED))
    screenshot("batch-approved", bureau)

    assert list(batch.declarations().values_list("status", flat=True)) == [Status.APPROVED] * 30
    for teacher in (teachers[0], teachers[14], teachers[29]):
        mine = window(teacher)
        mine.get_by_role("link", name="我的学时").first.click()
        row = mine.locator("li", has_text="2026年教师信息化教学能力培训")
        expect(row).to_contain_text("已通过")
        expect(row).to_contain_text("16")
    screenshot("teacher-my-hours", mine)

    # The HR office reads the year on its dashboard, drawn as a chart, and exports it to Excel.
    hr.get_by_role("link", name="统计看板").first.click()
    hr.get_by_label("年度").fill("2026")
    hr.get_by_role("button", name="查看").click()
    expect(hr.get_by_role("heading", name="2026 年度统计看板")).to_be_visible()
    chart = hr.locator('canvas[data-chart="people"]')
    hr.wait_for_function(
        "() => document.querySelector('canvas[data-chart=\"people\"]').dashboardChart"
    )
    hr.wait_for_timeout(500)  # the bars grow in
    assert chart.evaluate(PAINTED) > 500
    screenshot("hr-dashboard", hr)
    with hr.expect_download() as download:
        hr.get_by_role("link", name="Excel（XLSX）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with download.value.path().open("rb") as file:
        sheet = openpyxl.load_workbook(file).active
    assert sheet is not None
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    exported = {row[header.index("姓名")]: dict(zip(header, row, strict=True)) for row in rows}
    for teacher in teachers:
        assert exported[teacher.name]["专业科目学时"] == 16
        assert exported[teacher.name]["所属部门"] == "土木工程系"
