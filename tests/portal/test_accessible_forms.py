"""A failed form tells a screen-reader user what went wrong, field by field, in one place."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.test import Client
from django.urls import reverse

from portal.models import User
from tests.declarations.helpers import submitted
from tests.factories import logged_in


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.described_by: list[str] = []
        self.alerts = 0
        self.summaries: list[dict[str, str | None]] = []
        self.summary_links: list[str] = []
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        self.described_by += (attributes.get("aria-describedby") or "").split()
        self.alerts += attributes.get("role") == "alert"
        if "error-summary" in (attributes.get("class") or "").split():
            self.summaries.append(attributes)
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(str(attributes.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def markup(response: Any) -> _Markup:
    parser = _Markup()
    parser.feed(response.content.decode())
    return parser


def test_a_failed_login_ties_each_error_to_its_field_and_sums_them_up_once() -> None:
    page = markup(Client().post(reverse("login"), {"username": "", "password": ""}))

    assert set(page.described_by) >= {"id_username_error", "id_password_error"}
    assert set(page.described_by) <= set(page.ids)
    assert len(page.summaries) == 1
    assert page.summaries[0].get("tabindex") == "-1"
    assert "autofocus" in page.summaries[0]
    assert page.summary_links == ["#id_username", "#id_password"]
    assert page.alerts == 0


def test_help_text_is_tied_to_its_field(teacher: User) -> None:
    page = markup(logged_in(teacher).get(reverse("declarations:create", args=["training"])))

    assert "id_year_helptext" in page.described_by
    assert set(page.described_by) <= set(page.ids)
    assert page.summaries == []


def test_a_failed_declaration_has_one_summary_for_both_parts_of_the_form(teacher: User) -> None:
    url = reverse("declarations:create", args=["training"])
    page = markup(logged_in(teacher).post(url, {"title": ""}))

    assert len(page.summaries) == 1
    assert "#id_title" in page.summary_links
    assert "#id_facts-hours" in page.summary_links
    assert set(page.described_by) <= set(page.ids)
    assert page.alerts == 0


def test_a_failed_decision_links_to_the_first_choice_of_a_radio_group(
    teacher: User, civil_admin: User
) -> None:
    pending = submitted(teacher)
    url = reverse("review:department-review", args=[pending.pk])
    response = logged_in(civil_admin).post(url, {"decision": ""})
    page = markup(response)

    assert page.summary_links == ["#id_decision_0"]
    assert "id_decision_0" in page.ids
    assert re.search(
        r'<fieldset[^>]*aria-describedby="id_decision_error"', response.content.decode()
    )
    assert set(page.described_by) <= set(page.ids)


def test_the_current_language_button_can_be_reached(teacher: User) -> None:
    html = logged_in(teacher).get(reverse("portal:profile")).content.decode()
    current = re.search(r'<button[^>]*aria-current="true"[^>]*>', html)

    assert current is not None
    assert "disabled" not in current.group(0)


def test_every_page_starts_with_a_link_to_its_main_content() -> None:
    html = Client().get(reverse("login")).content.decode()

    assert re.search(r'<body>\s*<a class="skip-link" href="#main">', html)
    assert '<main class="page" id="main"' in html
