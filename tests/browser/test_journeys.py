"""Journeys that stopped people, driven in Chromium in zh-hans."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Declaration, Status
from portal.models import User
from tests.browser.test_declaring import log_in, upload
from tests.browser.test_review import decide
from tests.declarations.helpers import declare
from tests.factories import PASSWORD, logged_in, pdf_bytes

YEAR = timezone.localdate().year


@pytest.fixture
def window(chromium: Any, live_server: Any) -> Iterator[Callable[[User], Any]]:
    """A logged-in browser window per person, closed at the end."""
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


def test_a_declaration_edited_in_chinese_saves_unchanged_with_its_dates(
    live_server: Any, transactional_db: None, page: Any, screenshot: Any, teacher: User
) -> None:
    declaration = declare(
        logged_in(teacher),
        "conference",
        {"level": "national", "days": 3},
        starts_on="2026-05-10",
        ends_on="2026-05-12",
    )
    log_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/hours/{declaration.pk}/edit/")
    expect(page.get_by_label("开始日期")).to_have_value("2026-05-10")
    expect(page.get_by_label("结束日期")).to_have_value("2026-05-12")
    screenshot("edit-form")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(".message")).to_contain_text("修改已保存")
    declaration.refresh_from_db()
    assert (declaration.starts_on, declaration.ends_on) == (
        datetime.date(2026, 5, 10),
        datetime.date(2026, 5, 12),
    )


def test_a_maternity_adjustment_goes_through_both_reviews_and_scales_the_requirement(
    live_server: Any,
    transactional_db: None,
    window: Callable[[User], Any],
    screenshot: Any,
    teacher: User,
    civil_admin: User,
    bureau_reviewer: User,
    tmp_path: Path,
) -> None:
    proof = tmp_path / "单位证明.pdf"
    proof.write_bytes(pdf_bytes())
    mine = window(teacher)
    mine.get_by_role("link", name="申报学时").first.click()
    mine.get_by_role("link", name="境外工作/病假/生育等折算").click()
    expect(mine.get_by_label("主办单位")).to_have_count(0)
    mine.get_by_label("情况").select_option(label="生育")
    mine.get_by_label("实际在岗月数").fill("6")
    mine.get_by_label("名称").fill("产假")
    mine.get_by_label("开始日期").fill(f"{YEAR}-01-01")
    mine.get_by_label("结束日期").fill(f"{YEAR}-06-30")
    screenshot("adjustment-form", mine)
    mine.get_by_role("button", name="保存并上传材料").click()
    expect(mine.get_by_text("已保存为草稿")).to_be_visible()
    upload(mine, "unit_proof", proof)
    mine.get_by_role("button", name="提交", exact=True).click()
    expect(mine.locator(".message")).to_contain_text("已提交")
    assert Declaration.objects.get(title="产假").over_declared is False

    admin = window(civil_admin)
    admin.goto(live_server.url + "/review/")
    decide(admin, "产假", "通过")
    expect(admin.locator(".message")).to_contain_text("已通过")

    bureau = window(bureau_reviewer)
    bureau.goto(live_server.url + "/review/bureau/")
    decide(bureau, "产假", "通过")
    expect(bureau.locator(".message")).to_contain_text("已通过")
    assert Declaration.objects.get(title="产假").status == Status.APPROVED

    mine.goto(live_server.url + "/hours/")
    expect(mine.locator(".progress-row").nth(0)).to_contain_text("0 / 12 学时")
    expect(mine.locator(".progress-row").nth(1)).to_contain_text("0 / 30 学时")
    expect(mine.locator(".progress-row").nth(2)).to_contain_text("0 / 45 学时")
    expect(mine.get_by_text("按在岗 6 个月折算")).to_be_visible()
    expect(mine.locator(".inbox-link .count")).to_have_text("1")
    screenshot("prorated-requirement", mine)
