from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from portal.models import User
from tests.factories import PASSWORD, pdf_bytes, png_bytes


def log_in(page: Any, live_server: Any, user: User) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("身份证号码").fill(user.id_number)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def upload(page: Any, slot: str, path: Path) -> None:
    form = page.locator(f"#slot-{slot} form.upload-form")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():  # the page reloads to show the new file
        form.get_by_role("button", name="上传").click()
        expect(form.locator("progress")).to_be_visible()
        expect(form.locator(".upload-status")).to_have_text("上传完成。")


def test_a_teacher_declares_a_conference_with_proof_and_a_research_project(
    live_server: Any,
    transactional_db: None,
    page: Any,
    screenshot: Any,
    teacher: User,
    tmp_path: Path,
) -> None:
    notice, unit, paper = (
        tmp_path / "会议通知.png",
        tmp_path / "单位证明.pdf",
        tmp_path / "论文.pdf",
    )
    notice.write_bytes(png_bytes((1200, 900), "navy"))
    unit.write_bytes(pdf_bytes(1))
    paper.write_bytes(pdf_bytes(3))

    log_in(page, live_server, teacher)
    page.get_by_role("link", name="申报学时").first.click()
    page.get_by_role("link", name="学术会议").click()
    page.get_by_label("会议级别").select_option(label="国家级")
    page.get_by_label("天数").fill("3")
    page.get_by_label("宣读或报告论文").check()
    expect(page.locator("#hours-preview")).to_contain_text("= 24 学时")
    page.get_by_label("名称").fill("全国职业教育学术年会")
    page.get_by_label("开始日期").fill("2026-05-10")
    page.get_by_label("结束日期").fill("2026-05-12")
    screenshot("conference-form")
    page.get_by_role("button", name="保存并上传材料").click()
    expect(page.get_by_text("已保存为草稿")).to_be_visible()

    upload(page, "meeting_notice", notice)
    upload(page, "unit_proof", unit)
    upload(page, "paper_proof", paper)
    expect(page.locator("#slot-meeting_notice img.thumb")).to_be_visible()
    expect(page.locator("#slot-paper_proof")).to_contain_text("3 页")
    screenshot("materials")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("已提交")).to_be_visible()

    page.get_by_role("link", name="我的学时").first.click()
    page.get_by_label("年度").select_option("2026")
    page.get_by_role("button", name="查看").click()
    row = page.locator(".declaration", has_text="全国职业教育学术年会")
    expect(row).to_contain_text("待系部初审")
    expect(row).to_contain_text("申报 24 学时")
    screenshot("my-hours-pending")

    page.get_by_role("link", name="申报学时").first.click()
    page.get_by_role("link", name="课题研究与项目开发").click()
    page.get_by_label("课题级别").select_option(label="国家级")
    page.get_by_label("课题组").select_option(label="主课题（项目）")
    page.get_by_label("排名（按职责排序）").fill("2")
    expect(page.locator("#hours-preview")).to_contain_text("60 学时")
    page.get_by_label("名称").fill("国家社科基金课题")
    page.get_by_label("开始日期").fill("2026-01-01")
    page.get_by_label("结束日期").fill("2026-12-31")
    screenshot("research-form")
    page.get_by_role("button", name="保存并上传材料").click()
    expect(page.get_by_text("已保存为草稿")).to_be_visible()
    expect(page.locator(".details")).to_contain_text("60 学时")
