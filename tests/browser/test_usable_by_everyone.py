"""Every main page of every role, in both languages: it reflows at 320 px with no sideways
scrolling outside a data table, passes axe-core, and reads as English in English.

One browser for all; one session per role (logged in once, by cookie); phone screenshots
(390 × 844) of every page land in test-artifacts/browser/<test>/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from declarations.models import Declaration, Evidence, Status
from portal.demo import PEOPLE
from portal.models import Department, User
from review.models import SpotCheck
from tests.browser.conftest import check_a11y, sideways_overflow
from tests.factories import logged_in

LANGUAGES = ["zh-hans", "en"]
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")

Pages = dict[str, list[tuple[str, str]]]


def _demo(role: str) -> User:
    person = next(p for p in PEOPLE if p.role == role)
    return User.objects.get_by_natural_key(person.id_number)


@pytest.fixture
def main_pages(transactional_db: None, media_in_tmp: object) -> tuple[dict[str, User], Pages]:
    """The demo people with their demo work (every state, real proof files) and a spot check."""
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_work", stdout=io.StringIO())
    people = {
        role: _demo(role)
        for role in ("teacher", "department_admin", "bureau_reviewer_professional", "hr_office")
    }
    teacher, admin, bureau = (
        people["teacher"],
        people["department_admin"],
        people["bureau_reviewer_professional"],
    )
    mine = Declaration.objects.filter(person=teacher).order_by("pk").first()
    pending = Declaration.objects.filter(
        status=Status.SUBMITTED, person__department=admin.department
    ).first()
    approved = Declaration.objects.filter(status=Status.DEPARTMENT_APPROVED).first()
    assert mine and pending and approved
    year = Declaration.objects.filter(status=Status.APPROVED).values_list("year", flat=True).first()
    check = SpotCheck.draw(
        by=bureau,
        population=Declaration.objects.filter(status=Status.APPROVED),
        size=1,
        year=year,
        subject_scope=bureau.bureau_scope,
    )
    pages: Pages = {
        "anonymous": [("login", reverse("login")), ("register", reverse("portal:register"))],
        "teacher": [
            ("my-hours", reverse("declarations:my-hours")),
            ("choose-type", reverse("declarations:choose-type")),
            ("declare-training", reverse("declarations:create", args=["training"])),
            ("declare-research", reverse("declarations:create", args=["research"])),
            ("declaration", reverse("declarations:detail", args=[mine.pk])),
            ("profile", reverse("portal:profile")),
            ("password", reverse("password_change")),
        ],
        "department_admin": [
            ("queue", reverse("review:queue")),
            ("review", reverse("review:department-review", args=[pending.pk])),
            ("people", reverse("portal:department-people")),
            ("not-declared", reverse("review:not-declared")),
            ("declare-for", reverse("declarations:choose-type")),
            ("dashboard", reverse("reports:dashboard")),
            ("export-people", reverse("reports:export-people")),
        ],
        "bureau_reviewer_professional": [
            ("queue", reverse("review:bureau-queue")),
            ("review", reverse("review:bureau-review", args=[approved.pk])),
            ("spot-checks", reverse("review:spot-checks")),
            ("spot-check", reverse("review:spot-check", args=[check.pk])),
            ("dashboard", reverse("reports:dashboard")),
        ],
        "hr_office": [
            ("organisation", reverse("portal:organisation")),
            ("queue", reverse("review:queue")),
            ("dashboard", reverse("reports:dashboard") + f"?year={year}"),
            ("dashboard-people", reverse("reports:dashboard-people") + f"?year={year}"),
            ("dashboard-records", reverse("reports:dashboard-records") + f"?year={year}"),
            ("exports", reverse("reports:exports")),
            ("batches", reverse("batches:list")),
            ("batch-new", reverse("batches:create")),
        ],
    }
    return people, pages


@pytest.fixture
def open_as(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """A browser window of a person's own (or nobody's), in a language, at a size."""
    contexts: list[Any] = []

    def open_for(user: User | None, language: str, viewport: dict[str, int]) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport=viewport, device_scale_factor=1)
        contexts.append(context)
        cookies = [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        ]
        if user is not None:
            session = logged_in(user).cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
            )
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_for
    for context in contexts:
        context.close()


def test_every_main_page_of_every_role_reflows_at_320_px_with_phone_screenshots(
    main_pages: tuple[dict[str, User], Pages],
    open_as: Callable[..., Any],
    live_server: Any,
    screenshot: Any,
) -> None:
    people, pages = main_pages
    sideways: list[str] = []
    for role, visits in pages.items():
        for language in LANGUAGES:
            page = open_as(people.get(role), language, NARROWEST)
            for name, path in visits:
                page.set_viewport_size(NARROWEST)
                page.goto(live_server.url + path)
                sideways += [
                    f"{role} {language} {name} 320px: {e}" for e in sideways_overflow(page)
                ]
                check_a11y(page)
                page.set_viewport_size(PHONE)
                sideways += [
                    f"{role} {language} {name} 390px: {e}" for e in sideways_overflow(page)
                ]
                screenshot(f"{role}-{name}-{language}", page)

    assert sideways == [], "\n".join(sideways)


def _user_data() -> list[str]:
    """What people typed or uploaded, or the college named: shown as it is in any language."""
    data: set[str] = set()
    for person in User.objects.all():
        data |= {person.name, person.title}
    data |= set(Department.objects.values_list("name", flat=True))
    for declaration in Declaration.objects.all():
        data |= {declaration.title, declaration.organiser, declaration.note}
        data |= {str(value) for value in declaration.facts.values()}
        data |= {event.reason for event in declaration.history.all()}  # type: ignore[attr-defined]
    data |= set(Evidence.objects.values_list("original_name", flat=True))
    return sorted((d for d in data if d), key=len, reverse=True)


# Text a person reads or hears, outside any element marked as Chinese with lang="zh…".
READABLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[lang^="zh"], script, style')) continue;
    if (node.textContent.trim()) out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (el.closest('[lang^="zh"]')) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  out.push(document.title);
  return out;
}"""


def test_english_pages_show_no_chinese_outside_user_data_and_marked_terms(
    main_pages: tuple[dict[str, User], Pages], open_as: Callable[..., Any], live_server: Any
) -> None:
    people, pages = main_pages
    data = _user_data()
    chinese: list[str] = []
    for role, visits in pages.items():
        page = open_as(people.get(role), "en", {"width": 1200, "height": 900})
        for name, path in visits:
            page.goto(live_server.url + path)
            for text in page.evaluate(READABLE_TEXT):
                for item in data:
                    text = text.replace(item, " ")
                chinese += [f"{role} {name}: {found!r} in {text!r}" for found in CJK.findall(text)]

    assert chinese == [], "\n".join(dict.fromkeys(chinese))
