from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Role, Status
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import PASSWORD, logged_in, pdf_bytes, png_bytes

YEAR = timezone.localdate().year


@pytest.fixture
def person_page(chromium: Any, live_server: Any) -> Iterator[Callable[[User], Any]]:
    """Opens a browser window of a person's own, logged in through the login page; closes every
    window at the end so no request is still in flight when the test database goes."""
    contexts = []

    def open_for(user: User) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/login/")
        page.get_by_label("身份证号码").fill(user.id_number)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        return page

    yield open_for
    for context in contexts:
        context.close()


def decide(
    page: Any, title: str, decision: str, reason: str | None = None, shot: Any = None
) -> None:
    page.get_by_role("link", name=title).click()
    if shot:
        shot("review-page", page)
    page.get_by_label(decision).check()
    if reason:
        page.get_by_label("常用理由").select_option(label=reason)
    page.get_by_role("button", name="提交审核意见").click()


def test_a_return_for_a_missing_unit_proof_is_mended_and_approved_twice(
    live_server: Any,
    transactional_db: None,
    person_page: Callable[[User], Any],
    screenshot: Any,
    teacher: User,
    civil_admin: User,
    bureau_reviewer: User,
    tmp_path: Path,
) -> None:
    client = logged_in(teacher)
    declaration = declare(
        client,
        "training",
        {"hours": 32},
        title="省级骨干教师培训",
        starts_on=f"{YEAR}-04-01",
        ends_on=f"{YEAR}-04-05",
    )
    upload(client, declaration, "training_notice", "培训通知.pdf", pdf_bytes())
    upload(
        client, declaration, "completion_certificate", "结业证书.png", png_bytes((900, 600), "gold")
    )
    upload(client, declaration, "unit_proof", "照片.png", png_bytes((600, 400), "gray"))
    declaration.move(Status.SUBMITTED, by=teacher, role=Role.DECLARANT)

    admin = person_page(civil_admin)
    expect(admin.get_by_role("heading", name="系部初审")).to_be_visible()
    decide(admin, "省级骨干教师培训", "退回申报人", "缺少单位证明", screenshot)
    expect(admin.locator(".message")).to_contain_text("已退回 林老师")
    screenshot("admin-returned", admin)

    unit_proof = tmp_path / "单位证明.pdf"
    unit_proof.write_bytes(pdf_bytes())
    mine = person_page(teacher)
    row = mine.locator(".declaration", has_text="省级骨干教师培训")
    expect(row).to_contain_text("缺少单位证明")
    row.get_by_role("link", name="省级骨干教师培训").click()
    slot = mine.locator("#slot-unit_proof")
    slot.get_by_role("button", name="移除").click()
    slot = mine.locator("#slot-unit_proof")
    slot.locator("input[type=file]").set_input_files(str(unit_proof))
    with mine.expect_navigation():
        slot.get_by_role("button", name="上传").click()
    mine.get_by_role("button", name="重新提交").click()
    expect(mine.locator(".message")).to_contain_text("已提交")
    screenshot("teacher-resubmitted", mine)

    admin.goto(live_server.url + "/review/")
    decide(admin, "省级骨干教师培训", "通过")
    expect(admin.locator(".message")).to_contain_text("已通过")

    bureau = person_page(bureau_reviewer)
    expect(bureau.get_by_role("heading", name="主管部门审核")).to_be_visible()
    decide(bureau, "省级骨干教师培训", "通过")
    expect(bureau.locator(".message")).to_contain_text("已通过")
    screenshot("bureau-approved", bureau)

    mine.goto(live_server.url + "/hours/")
    expect(mine.locator(".progress-row").nth(1)).to_contain_text("32 / 60 学时")
    expect(mine.get_by_text("还差 28 专业学时")).to_be_visible()
    screenshot("teacher-counted", mine)
