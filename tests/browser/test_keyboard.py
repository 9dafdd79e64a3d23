"""A person who uses no mouse logs in and declares hours with the keyboard alone, and always sees
where the focus is."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from portal.models import User
from tests.browser.conftest import check_a11y
from tests.factories import PASSWORD

# Where the focus is and whether a person can see it: an outline of 2 px or more, not "none".
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    id: el.id,
    classes: el.className,
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    inView: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
  };
}"""


def focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def tab_to(page: Any, text: str, *, limit: int = 60) -> dict[str, Any]:
    """Press Tab until the focus is on the element whose text starts with `text`; every stop on
    the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["outline"], f"focus not visible on {now}"
        if now["text"].startswith(text) or now["id"] == text:
            return now
    raise AssertionError(f"{text!r} not reached in {limit} presses of Tab")


def date_keys(page: Any, iso: str) -> str:
    """The digits to type into a date field for `iso`, in the order this browser's date fields
    take them (month first in an en-US Chromium, year first in a Chinese one): found by typing
    into a probe field that is removed again."""
    page.evaluate(
        "() => { const probe = document.createElement('input'); probe.type = 'date';"
        " probe.id = 'date-probe'; document.body.append(probe); probe.focus(); }"
    )
    page.keyboard.type("01022033")
    typed = page.evaluate(
        "() => { const p = document.getElementById('date-probe');"
        " const v = p.value; p.remove(); return v; }"
    )
    year, month, day = iso.split("-")
    return {"2033-01-02": month + day + year, "2033-02-01": day + month + year}.get(
        typed, year + month + day
    )


def follow(page: Any) -> None:
    """Press Enter on a link or a submit button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_teacher_logs_in_and_declares_a_training_by_keyboard_alone(
    live_server: Any, transactional_db: None, page: Any, screenshot: Any, teacher: User
) -> None:
    page.goto(live_server.url + "/login/")

    # The login page starts in the ID number field.
    assert focused(page)["id"] == "id_username"
    page.keyboard.type(teacher.id_number)
    tab_to(page, "id_password")
    page.keyboard.type(PASSWORD)
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度学时")

    # The first Tab offers the skip link, and it leads past the header to the content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "跳到主要内容"
    assert focused(page)["outline"] and focused(page)["inView"]
    screenshot("skip-link")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    tab_to(page, "申报学时")
    follow(page)
    tab_to(page, "2\n培训、研修")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("培训、研修")

    # A first try without a title: the error summary takes the focus and leads to the field.
    tab_to(page, "id_facts-hours")
    page.keyboard.type("32")
    tab_to(page, "保存并上传材料")
    follow(page)
    expect(page.locator(".error-summary")).to_be_focused()
    check_a11y(page)
    screenshot("error-summary")
    summary_link = tab_to(page, "名称")
    assert "这个字段是必填项" in summary_link["text"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_title"

    page.keyboard.type("省级骨干教师培训")
    starts, ends = date_keys(page, "2026-04-01"), date_keys(page, "2026-04-05")
    tab_to(page, "id_starts_on")
    page.keyboard.type(starts)
    tab_to(page, "id_ends_on")
    page.keyboard.type(ends)
    screenshot("filled")
    tab_to(page, "保存并上传材料")
    follow(page)
    screenshot("after-save")
    expect(page.get_by_text("已保存为草稿")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("省级骨干教师培训")
    screenshot("saved")
