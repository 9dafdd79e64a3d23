from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from portal.models import Department, User
from tests.factories import PASSWORD, UserFactory


def test_an_administrator_rejects_a_registration_on_a_phone(
    live_server: Any,
    transactional_db: None,
    page: Any,
    screenshot: Any,
    civil: Department,
    civil_admin: User,
) -> None:
    impostor = UserFactory.create(name="冒名者", department=civil, confirmed_at=None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("身份证号码").fill(civil_admin.id_number)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/department/people/")
    row = page.get_by_role("row").filter(has_text="冒名者")
    row.get_by_text("拒绝…").click()
    row.get_by_label("理由").fill("本系无此人")
    screenshot("people-with-a-registration-to-decide")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row.get_by_role("button", name="拒绝注册").click()
    expect(page.get_by_text("已拒绝冒名者的注册")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="冒名者")).to_contain_text("已拒绝")
    screenshot("registration-rejected")
    impostor.refresh_from_db()
    assert impostor.rejected_by == civil_admin
