from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from portal.models import Department, User
from tests.certificates.conftest import complete_year
from tests.factories import PASSWORD


@pytest.fixture
def window(chromium: Any, live_server: Any) -> Iterator[Callable[[User | None], Any]]:
    """A phone-sized browser window (390 px), logged in as the person, or anonymous."""
    contexts = []

    def open_for(user: User | None) -> Any:
        context = chromium.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if user is not None:
            page.goto(live_server.url + "/login/")
            page.get_by_label("身份证号码").fill(user.id_number)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
        return page

    yield open_for
    for context in contexts:
        context.close()


def test_hr_seals_2025_a_teacher_downloads_and_a_stranger_verifies_by_qr_code(
    live_server: Any,
    transactional_db: None,
    window: Callable[[User | None], Any],
    screenshot: Any,
    teacher: User,
    civil_admin: User,
    hr_officer: User,
    civil: Department,
    tmp_path: Path,
) -> None:
    complete_year(teacher, 2025)

    hr = window(hr_officer)
    hr.get_by_role("link", name="年度审验").click()
    hr.get_by_label("年度").fill("2025")
    hr.get_by_label("部门").select_option(label="土木工程系")
    hr.get_by_role("button", name="预览").click()
    expect(hr.get_by_text("1 人未达标")).to_be_visible()
    screenshot("hr-preview", hr)
    hr.get_by_role("button", name="为 2 条记录盖章").click()
    expect(hr.get_by_text("已为 2 条 2025 年度记录盖章。")).to_be_visible()
    screenshot("hr-sealed", hr)

    own = window(teacher)
    own.get_by_role("link", name="我的证书").click()
    expect(own.get_by_text(teacher.certificate.number)).to_be_visible()  # type: ignore[attr-defined]
    expect(own.locator("#year-2025").get_by_text("已盖章")).to_be_visible()
    screenshot("teacher-certificate", own)
    with own.expect_download() as download:
        own.get_by_role("link", name="下载证书（PDF）").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    image = pypdfium2.PdfDocument(pdf.read_bytes())[0].render(scale=3).to_pil()
    (link,) = [result.text for result in zxingcpp.read_barcodes(image)]
    assert link.startswith(live_server.url + "/verify/")

    stranger = window(None)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", name="河南省专业技术人员继续教育证书")).to_be_visible()
    expect(stranger.get_by_text(teacher.certificate.number)).to_be_visible()  # type: ignore[attr-defined]
    record = stranger.locator("li.current")
    expect(record).to_contain_text("2025 年度")
    expect(record).to_contain_text("有效")
    expect(stranger.get_by_text("林老师")).to_have_count(0)
    assert stranger.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("stranger-verifies", stranger)
