"""The HR office's day, in a browser in Chinese at phone width: an administrator flagged 需调换
is replaced by a person just imported, who gets in with a one-time password and finds the
department's pending work; a department is emptied and closed; a teacher's move is approved."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from declarations.models import Status
from portal.models import Department, User
from tests.factories import PASSWORD, UserFactory, make_id_number
from tests.hr.helpers import bulk


@pytest.fixture
def window(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    contexts = []

    def open_for(user: User | None, password: str = PASSWORD) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/login/")
        if user is not None:
            page.get_by_label("身份证号码").fill(user.id_number)
            page.get_by_label("密码").fill(password)
            page.get_by_role("button", name="登录").click()
        return page

    yield open_for
    for context in contexts:
        context.close()


def test_the_hr_office_replaces_an_administrator_closes_a_department_and_approves_a_move(
    live_server: Any,
    transactional_db: None,
    window: Callable[..., Any],
    screenshot: Any,
    teacher: User,
    civil_admin: User,
    info: Department,
    hr_officer: User,
    tmp_path: Path,
) -> None:
    bulk(teacher, 1, status=Status.SUBMITTED, title="省级骨干教师培训")
    hr = window(hr_officer)
    expect(hr.get_by_role("heading", name="部门", exact=True)).to_be_visible()

    # Import the future administrator from a file.
    number = make_id_number(4242)
    people = tmp_path / "people.csv"
    people.write_text(
        f"身份证号,姓名,部门,手机\n{number},宋新任,土木工程系,13700000000\n", "utf-8-sig"
    )
    hr.get_by_role("link", name="批量导入人员").click()
    hr.get_by_label("文件（CSV 或 XLSX）").set_input_files(str(people))
    hr.get_by_role("button", name="检查文件").click()
    expect(hr.get_by_text("新增 1 人，已注册 0 人，有问题 0 行")).to_be_visible()
    screenshot("import-preview", hr)
    hr.get_by_role("button", name="导入 1 名新人员").click()
    expect(hr.locator("#import-state")).to_have_text("已导入")

    # Flag the current administrator 需调换, then replace them with the imported person.
    hr.get_by_role("link", name="部门", exact=True).click()
    screenshot("departments", hr)
    hr.get_by_role("link", name="土木工程系").click()
    hr.get_by_text("标记为需调换").click()
    hr.get_by_label("备注").fill("调任教务处")
    hr.get_by_role("button", name="标记需调换").click()
    expect(hr.get_by_text("调任教务处", exact=True)).to_be_visible()
    hr.get_by_text("调换", exact=True).first.click()
    hr.get_by_label("新管理员").select_option(
        label=f"宋新任 · 土木工程系 · {number[:4]}**********{number[-4:]}"
    )
    hr.get_by_role("button", name="调换", exact=True).click()
    expect(hr.get_by_text("唐管理员已由宋新任接替。")).to_be_visible()
    screenshot("replaced", hr)

    # A one-time password for the new administrator, shown once.
    hr.get_by_role("link", name="宋新任").first.click()
    screenshot("person", hr)
    hr.get_by_text("一次性密码", exact=True).click()
    hr.get_by_role("button", name="发放一次性密码").click()
    secret = hr.locator("#one-time-password").inner_text().strip()
    screenshot("one-time-password", hr)

    newcomer = User.objects.with_id_number(number).get()
    admin = window(newcomer, secret)
    admin.get_by_label("旧密码").fill(secret)
    admin.get_by_label("新密码", exact=True).fill("spring-Willow-branch")
    admin.get_by_label("新密码确认").fill("spring-Willow-branch")
    admin.get_by_role("button", name="修改密码").click()
    admin.get_by_role("link", name="系部初审").first.click()
    expect(admin.get_by_role("link", name="省级骨干教师培训")).to_be_visible()
    screenshot("new-administrator-queue", admin)

    # The 中职 case: move the last staff member out, then close.
    vocational = Department.objects.create(name="中职教育教学部")
    UserFactory.create(name="最后一人", department=vocational)
    hr.goto(live_server.url + f"/hr/departments/{vocational.pk}/")
    hr.get_by_text("撤销这个部门").click()
    hr.get_by_role("button", name="撤销部门").click()
    expect(hr.get_by_text("请先把他们调到其他部门")).to_be_visible()
    hr.get_by_label("本部门全部在职人员").check()
    hr.get_by_label("调往").select_option(label="信息工程系")
    hr.get_by_role("button", name="调动", exact=True).click()
    expect(hr.get_by_text("1 人已调往信息工程系。")).to_be_visible()
    hr.get_by_text("撤销这个部门").click()
    hr.get_by_role("button", name="撤销部门").click()
    expect(hr.get_by_text("中职教育教学部已撤销。")).to_be_visible()
    screenshot("closed", hr)

    # A teacher asks to move; the HR office approves; the teacher sees it.
    lin = window(teacher)
    lin.get_by_role("link", name="个人信息").click()
    lin.get_by_role("link", name="申请调整部门").click()
    lin.get_by_label("调往").select_option(label="信息工程系")
    lin.get_by_label("原因").fill("注册时选错了系部")
    lin.get_by_role("button", name="提交申请").click()
    expect(lin.get_by_text("申请已提交")).to_be_visible()
    hr.get_by_role("link", name="部门调整申请").first.click()
    hr.get_by_label("通过", exact=True).check()
    hr.get_by_role("button", name="处理").click()
    expect(hr.get_by_text("已处理，已通知林老师。")).to_be_visible()
    lin.reload()
    expect(lin.get_by_text("已通过")).to_be_visible()
    screenshot("move-approved", lin)
    teacher.refresh_from_db()
    assert teacher.department == info
