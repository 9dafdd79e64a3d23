"""The HR office reads a year's dashboard on a phone, in Chinese: the charts are drawn by the
vendored Chart.js within the strict CSP, their numbers are in tables, nothing scrolls sideways,
and a figure leads to the people behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from declarations.models import Status
from portal.models import Department, User
from tests.browser.conftest import sideways_overflow
from tests.factories import PASSWORD, UserFactory
from tests.reports.helpers import YEAR, at, record

# Counts a canvas's painted (non-transparent) pixels.
PAINTED = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) painted++; }
  return painted;
}"""


@pytest.fixture
def phone(chromium: Any, live_server: Any) -> Iterator[Callable[[User], Any]]:
    contexts = []

    def open_for(user: User) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
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


def test_the_hr_office_reads_the_year_in_charts_and_follows_a_figure_to_its_people(
    live_server: Any,
    transactional_db: None,
    phone: Callable[[User], Any],
    screenshot: Any,
    civil: Department,
    hr_officer: User,
) -> None:
    met = UserFactory.create(name="林思远", department=civil, password=PASSWORD)
    record(met, 30, subject="public", submitted=at(2), approved=at(3))
    record(met, 60, submitted=at(5), approved=at(6))
    short = UserFactory.create(name="钱雨桐", department=civil, password=PASSWORD)
    record(short, 12, subject="public")
    record(short, 20, status=Status.SUBMITTED, submitted=at(9))
    UserFactory.create(name="孙若溪", department=civil, password=PASSWORD)

    page = phone(hr_officer)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.get_by_role("link", name="统计看板").click()
    page.get_by_label("年度").fill(str(YEAR))
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name=f"{YEAR} 年度统计看板")).to_be_visible()

    people_chart = page.locator('canvas[data-chart="people"]')
    expect(people_chart).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart=\"people\"]').dashboardChart"
    )
    page.wait_for_timeout(500)  # the bars grow in for 0.3 s
    assert people_chart.evaluate(PAINTED) > 500
    assert page.locator('canvas[data-chart="months"]').evaluate(PAINTED) > 500
    # The numbers behind the people chart, as a table a screen reader reads.
    numbers = page.locator("table.numbers").first
    expect(numbers.get_by_role("row", name="达到要求 1")).to_be_visible()
    assert sideways_overflow(page) == []
    screenshot("dashboard", page)

    page.locator('li[data-figure="short"] a').click()
    expect(page.get_by_role("heading", name=f"{YEAR} 年已申报但未达标")).to_be_visible()
    expect(page.get_by_role("cell", name="钱雨桐")).to_be_visible()
    expect(page.get_by_role("cell", name="林思远")).to_have_count(0)
    assert sideways_overflow(page) == []
    screenshot("dashboard-people", page)
    assert problems == []
