from __future__ import annotations

import datetime
import re
from typing import Any as SettingsWrapper

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import EmploymentStatus, OrganisationEvent, User
from tests.factories import logged_in


def log_in(client: Client, number: str, password: str) -> object:
    return client.post(reverse("login"), {"username": number, "password": password})


def test_a_department_administrator_issues_a_one_time_password_that_forces_a_new_one(
    teacher: User, civil_admin: User
) -> None:
    response = logged_in(civil_admin).post(reverse("hr:one-time-password", args=[teacher.pk]))
    secret = response.context["secret"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    event = OrganisationEvent.objects.get(kind="one_time_password")
    assert (event.person, event.by) == (teacher, civil_admin)
    assert secret not in event.note
    client = Client()
    log_in(client, teacher.id_number, secret)
    assert client.get(reverse("declarations:my-hours"))["Location"] == reverse("password_change")
    client.post(
        reverse("password_change"),
        {
            "old_password": secret,
            "new_password1": "Lin-own-Pass-2026",
            "new_password2": "Lin-own-Pass-2026",
        },
    )
    teacher.refresh_from_db()
    assert not teacher.must_change_password and teacher.one_time_expires_at is None
    assert client.get(reverse("declarations:my-hours")).status_code == 200


def test_another_departments_administrator_cannot_issue_one(
    teacher: User, info_admin: User
) -> None:
    response = logged_in(info_admin).post(reverse("hr:one-time-password", args=[teacher.pk]))
    assert response.status_code == 404
    assert not OrganisationEvent.objects.exists()


def test_a_teacher_cannot_issue_one(teacher: User, civil_admin: User) -> None:
    response = logged_in(teacher).post(reverse("hr:one-time-password", args=[civil_admin.pk]))
    assert response.status_code == 403


def test_a_one_time_password_stops_working_after_72_hours(teacher: User, hr_officer: User) -> None:
    secret = teacher.issue_one_time_password(by=hr_officer)
    User.objects.filter(pk=teacher.pk).update(
        one_time_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = Client()
    response = log_in(client, teacher.id_number, secret)
    assert "已过期" in response.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session


def test_the_reset_link_answers_the_same_for_a_known_and_an_unknown_address(
    teacher: User, settings: SettingsWrapper
) -> None:
    settings.PASSWORD_RESET_BY_MAIL = True
    teacher.email = "lin@example.cn"
    teacher.save()
    known = Client().post(reverse("password_reset"), {"email": "lin@example.cn"}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.cn"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lin@example.cn"]
    link = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert link is not None
    client = Client()
    response = client.get(link.group(0), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Lin-reset-Pass-2026", "new_password2": "Lin-reset-Pass-2026"},
    )
    teacher.refresh_from_db()
    assert teacher.check_password("Lin-reset-Pass-2026")


def test_a_reset_for_a_closed_account_sends_nothing_and_says_the_same(
    teacher: User, hr_officer: User, settings: SettingsWrapper
) -> None:
    settings.PASSWORD_RESET_BY_MAIL = True
    teacher.email = "lin@example.cn"
    teacher.save()
    teacher.leave(EmploymentStatus.RESIGNED, by=hr_officer)
    password = User.objects.get(pk=teacher.pk).password
    response = Client().post(reverse("password_reset"), {"email": "lin@example.cn"}, follow=True)
    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert mail.outbox == []
    assert User.objects.get(pk=teacher.pk).password == password


def test_without_mail_the_page_says_to_ask_for_a_one_time_password(
    teacher: User, settings: SettingsWrapper
) -> None:
    settings.PASSWORD_RESET_BY_MAIL = False
    page = Client().get(reverse("password_reset")).content.decode()
    assert "一次性密码" in page
    Client().post(reverse("password_reset"), {"email": "lin@example.cn"})
    assert mail.outbox == []


def test_the_login_page_offers_forgot_password(db: None) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "忘记密码" in page and reverse("password_reset") in page
