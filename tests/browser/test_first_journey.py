from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from portal.models import Department, User
from tests.factories import make_id_number

NEW_TEACHER = make_id_number(424)
NEWCOMER = make_id_number(425)
YEAR = timezone.localdate().year


def test_a_teacher_registers_changes_a_one_time_password_and_switches_language(
    live_server: Any, transactional_db: None, page: Any, screenshot: Any
) -> None:
    Department.objects.create(name="土木工程系")
    Department.objects.create(name="信息工程系")

    # Registration: from the login page, in Chinese.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    screenshot("login")
    page.get_by_role("link", name="用身份证号码注册").click()
    page.get_by_label("身份证号码").fill(NEW_TEACHER.lower())
    page.get_by_label("姓名").fill("赵新来")
    page.get_by_label("所属部门").select_option(label="信息工程系")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("密码", exact=True).fill("summer-Lotus-pond")
    page.get_by_label("再次输入密码").fill("summer-Lotus-pond")
    screenshot("register")
    page.get_by_role("button", name="注册").click()
    # The same answer whether or not the number was registered before: go and log in.
    expect(page.get_by_text("已收到您的注册")).to_be_visible()
    page.get_by_label("身份证号码").fill(NEW_TEACHER)
    page.get_by_label("密码").fill("summer-Lotus-pond")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=f"我的 {YEAR} 年度学时")).to_be_visible()
    page.get_by_role("link", name="个人信息").click()
    expect(page.get_by_text("等待系部管理员确认")).to_be_visible()
    screenshot("registered")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    # A person the HR office created logs in with a one-time password and must change it.
    _person, one_time = User.objects.create_person(
        id_number=NEWCOMER, name="钱一次", department=Department.objects.first()
    )
    page.get_by_label("身份证号码").fill(NEWCOMER)
    page.get_by_label("密码").fill(one_time or "")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("您正在使用一次性密码")).to_be_visible()
    screenshot("forced-password-change")
    page.get_by_label("旧密码").fill(one_time or "")
    page.get_by_label("新密码", exact=True).fill("autumn-Maple-leaves")
    page.get_by_label("新密码确认").fill("autumn-Maple-leaves")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    expect(page.get_by_role("heading", name=f"我的 {YEAR} 年度学时")).to_be_visible()
    screenshot("home")

    # English and back.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=f"My hours in {YEAR}")).to_be_visible()
    screenshot("english")
    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", name=f"我的 {YEAR} 年度学时")).to_be_visible()
    screenshot("chinese-again")
