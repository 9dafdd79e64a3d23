"""From a configurable date before the year's deadline, people short of hours are told once, see
it on their pages, and their administrators see who falls short."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import ShortfallReminder
from certificates.tasks import send_reminders
from portal.models import Department, Notification, User
from tests.certificates.conftest import complete_year
from tests.factories import UserFactory, logged_in

IN_WINDOW = datetime.date(2026, 12, 1)  # 30 days before 12-31, inside the default 45
BEFORE_WINDOW = datetime.date(2026, 10, 1)


@pytest.fixture
def short_and_met(teacher: User, civil_admin: User) -> tuple[User, User]:
    """林老师 has declared nothing in 2026; 唐管理员 has completed 2026."""
    complete_year(civil_admin, 2026)
    return teacher, civil_admin


def test_people_short_of_hours_are_notified_once_a_year(short_and_met: tuple[User, User]) -> None:
    short, met = short_and_met
    assert send_reminders(IN_WINDOW) == 1
    assert send_reminders(IN_WINDOW + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(person=short).count() == 1
    assert not Notification.objects.filter(person=met).exists()
    assert "2026" in Notification.objects.get(person=short).subject


def test_nobody_is_reminded_before_the_reminder_date(short_and_met: tuple[User, User]) -> None:
    assert send_reminders(BEFORE_WINDOW) == 0
    assert not ShortfallReminder.objects.exists()


def test_the_reminder_date_is_configurable(
    short_and_met: tuple[User, User], settings: object
) -> None:
    settings.CERTIFICATE_REMINDER_DAYS = 100  # type: ignore[attr-defined]
    assert send_reminders(BEFORE_WINDOW) == 1


def test_the_command_run_daily_reminds_once(
    short_and_met: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "certificates.management.commands.remind_shortfall.timezone.localdate", lambda: IN_WINDOW
    )
    call_command("remind_shortfall")
    call_command("remind_shortfall")
    assert list(ShortfallReminder.objects.values_list("person", "year")) == [
        (short_and_met[0].pk, 2026)
    ]


def test_a_teacher_short_of_hours_sees_it_on_her_pages(
    teacher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("certificates.context_processors.timezone.localdate", lambda: IN_WINDOW)
    client = logged_in(teacher)
    for name in ("portal:profile", "declarations:my-hours", "certificates:mine"):
        assert 'class="warning reminder"' in client.get(reverse(name)).content.decode(), name


def test_a_teacher_who_has_met_the_year_sees_no_reminder(
    civil_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete_year(civil_admin, 2026)
    monkeypatch.setattr("certificates.context_processors.timezone.localdate", lambda: IN_WINDOW)
    page = logged_in(civil_admin).get(reverse("portal:profile")).content.decode()
    assert 'class="warning reminder"' not in page


def test_before_the_reminder_date_nobody_sees_one(
    teacher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("certificates.context_processors.timezone.localdate", lambda: BEFORE_WINDOW)
    page = logged_in(teacher).get(reverse("portal:profile")).content.decode()
    assert 'class="warning reminder"' not in page


def test_an_administrator_sees_who_in_her_department_falls_short(
    teacher: User, civil_admin: User, info_admin: User, civil: Department
) -> None:
    complete_year(civil_admin, timezone.localdate().year)
    page = logged_in(civil_admin).get(reverse("certificates:shortfall"))
    assert [row.person for row in page.context["rows"]] == [teacher]


def test_the_shortfall_page_query_count_does_not_grow_with_people(
    civil_admin: User, civil: Department, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(civil_admin)
    for n in range(3):
        UserFactory.create(department=civil, name=f"少{n}")
    with django_assert_max_num_queries(14):
        assert len(client.get(reverse("certificates:shortfall")).context["rows"]) == 4
    for n in range(20):
        UserFactory.create(department=civil, name=f"多{n}")
    with django_assert_max_num_queries(14):
        assert len(client.get(reverse("certificates:shortfall")).context["rows"]) == 24
