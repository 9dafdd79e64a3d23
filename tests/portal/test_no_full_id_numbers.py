"""No page shows a full ID number, to anyone (PIPL 第二十八条)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from portal.idnumbers import ID_NUMBER_PATTERN
from portal.models import User
from tests.declarations.helpers import submitted
from tests.factories import PASSWORD, logged_in

PAGES = [
    reverse_args
    for reverse_args in (
        ("portal:home", ()),
        ("portal:profile", ()),
        ("portal:department-people", ()),
        ("portal:organisation", ()),
        ("password_change", ()),
        ("declarations:my-hours", ()),
        ("declarations:choose-type", ()),
        ("review:queue", ()),
        ("review:bureau-queue", ()),
        ("review:not-declared", ()),
        ("review:spot-checks", ()),
        ("reports:exports", ()),
        ("reports:export-people", ()),
        ("reports:dashboard", ()),
        ("reports:dashboard-people", ()),
        ("reports:dashboard-records", ()),
        ("admin:index", ()),
        ("admin:portal_user_changelist", ()),
        ("admin:portal_adminassignment_changelist", ()),
    )
]


@pytest.fixture
def everyone(
    teacher: User, civil_admin: User, info_admin: User, hr_officer: User, bureau_reviewer: User
) -> list[User]:
    return [teacher, civil_admin, info_admin, hr_officer, bureau_reviewer]


def test_no_page_shows_a_full_id_number_to_any_role(everyone: list[User], teacher: User) -> None:
    pending = submitted(teacher)
    pages = [
        *PAGES,
        ("declarations:detail", (pending.pk,)),
        ("review:department-review", (pending.pk,)),
    ]
    shown = []
    for user in everyone:
        client = logged_in(user)
        for name, args in pages:
            response = client.get(reverse(name, args=args), follow=True)
            shown += ID_NUMBER_PATTERN.findall(response.content.decode())
        response = client.get(reverse("admin:portal_user_change", args=[user.pk]), follow=True)
        shown += ID_NUMBER_PATTERN.findall(response.content.decode())
    assert shown == []


def test_the_pages_show_masked_numbers(everyone: list[User], hr_officer: User) -> None:
    page = logged_in(hr_officer).get(reverse("admin:portal_user_changelist")).content.decode()
    assert all(user.masked_id_number in page for user in everyone)


def test_anonymous_pages_and_failed_forms_do_not_echo_the_number(teacher: User) -> None:
    client = Client()
    pages = [
        client.get(reverse("login")),
        client.post(reverse("login"), {"username": teacher.id_number, "password": "wrong-one-x"}),
        client.get(reverse("portal:register")),
        client.post(reverse("portal:register"), {"id_number": teacher.id_number, "name": "x"}),
    ]
    for _ in range(5):
        pages.append(
            client.post(reverse("login"), {"username": teacher.id_number, "password": "wrong-x"})
        )
    assert pages[-1].status_code == 429
    assert [ID_NUMBER_PATTERN.findall(p.content.decode()) for p in pages] == [[]] * len(pages)


def test_no_log_line_shows_a_full_id_number(
    teacher: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client()
    for password in ["wrong-one-x"] * 6 + [PASSWORD]:
        client.post(reverse("login"), {"username": teacher.id_number, "password": password})
    logging.getLogger("portal").info("registration of %s", teacher.id_number)
    text = "\n".join(handler_text for handler_text in caplog.text.splitlines())
    assert teacher.id_number not in text


def test_an_error_report_does_not_carry_the_id_number(
    civil: object, settings: object, monkeypatch: pytest.MonkeyPatch, mailoutbox: list[object]
) -> None:
    from portal.models import User
    from tests.factories import make_id_number

    settings.ADMINS = ["admin@example.edu.cn"]  # type: ignore[attr-defined]
    number = make_id_number(808)

    def crash(**kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(User.objects, "create_person", crash)
    client = Client(raise_request_exception=False)
    response = client.post(
        reverse("portal:register"),
        {
            "id_number": number,
            "name": "出错的人",
            "department": str(civil.pk),  # type: ignore[attr-defined]
            "phone": "13912345678",
            "password1": "spring-Rain-falls",
            "password2": "spring-Rain-falls",
        },
    )
    assert response.status_code == 500
    report = "\n".join(str(m.body) for m in mailoutbox)  # type: ignore[attr-defined]
    assert "database went away" in report
    assert number not in report
