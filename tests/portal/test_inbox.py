"""The in-portal inbox, its unread count, the address mail goes to, and mail retried."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal import notifications
from portal.models import Department, Notification, User
from portal.notifications import notify
from tests.factories import logged_in


def test_the_header_counts_unread_notifications(teacher: User) -> None:
    notify(teacher, subject="申报被退回：培训", body="理由：缺少单位证明", link="/hours/1/")
    notify(teacher, subject="申报已通过：会议")
    page = logged_in(teacher).get(reverse("declarations:my-hours")).content.decode()
    assert '<span class="count" aria-label="2 条未读">2</span>' in page


def test_the_inbox_lists_notifications_newest_first(teacher: User, civil_admin: User) -> None:
    notify(teacher, subject="第一条")
    notify(teacher, subject="第二条")
    notify(civil_admin, subject="别人的")
    page = logged_in(teacher).get(reverse("portal:inbox")).content.decode()
    assert page.index("第二条") < page.index("第一条")
    assert "别人的" not in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(teacher: User) -> None:
    note = notify(teacher, subject="申报被退回", link="/hours/1/")
    response = logged_in(teacher).post(reverse("portal:mark-read"), {"pk": note.pk})
    assert response["Location"] == "/hours/1/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_all_read_clears_the_count(teacher: User) -> None:
    notify(teacher, subject="一")
    notify(teacher, subject="二")
    client = logged_in(teacher)
    client.post(reverse("portal:mark-read"))
    assert not Notification.objects.filter(person=teacher, read_at__isnull=True).exists()
    assert 'class="count"' not in client.get(reverse("portal:inbox")).content.decode()


def test_nobody_marks_another_persons_notification_read(teacher: User, civil_admin: User) -> None:
    note = notify(civil_admin, subject="别人的")
    logged_in(teacher).post(reverse("portal:mark-read"), {"pk": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


def test_a_person_adds_an_email_address_and_a_language_on_the_profile(teacher: User) -> None:
    logged_in(teacher).post(
        reverse("portal:profile"), {"email": "lin@example.edu.cn", "language": "en"}
    )
    teacher.refresh_from_db()
    assert (teacher.email, teacher.language) == ("lin@example.edu.cn", "en")


def test_a_bad_email_address_is_refused_and_changes_nothing(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("portal:profile"), {"email": "not-an-address", "language": "zh-hans"}
    )
    assert 'class="field has-error"' in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.email == ""


@pytest.fixture
def flaky_mail(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Mail on; the first two sends fail as a down mail server would."""
    settings.NOTIFY_BY_MAIL = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    attempts: list[int] = []
    real = notifications.send_mail

    def send(*args: Any, **kwargs: Any) -> int:
        attempts.append(1)
        if len(attempts) <= 2:
            raise ConnectionRefusedError("mail server down")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", send)
    return attempts


def test_a_failed_mail_is_retried_until_it_goes(
    teacher: User, flaky_mail: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    teacher.email = "lin@example.edu.cn"
    teacher.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(teacher, subject="申报已通过")
    note.refresh_from_db()
    assert len(flaky_mail) == 3
    assert note.mailed_at is not None
    assert len(mail.outbox) == 1


def test_a_mail_that_keeps_failing_gives_up_after_a_few_attempts(
    teacher: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NOTIFY_BY_MAIL = True
    calls: list[int] = []

    def down(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    teacher.email = "lin@example.edu.cn"
    teacher.save(update_fields=["email"])
    note = notify(teacher, subject="申报已通过")
    notifications.send_notification_mail.call(note.pk)  # the immediate backend retries at once
    note.refresh_from_db()
    assert len(calls) == notifications.MAIL_ATTEMPTS
    assert note.mailed_at is None


def test_a_retry_waits_longer_each_time_where_the_backend_can_defer(
    teacher: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(notifications, "send_mail", _down)
    teacher.email = "lin@example.edu.cn"
    teacher.save(update_fields=["email"])
    note = Notification.objects.create(person=teacher, subject="申报已通过")
    notifications.send_notification_mail.call(note.pk, 2)
    from django.tasks import default_task_backend

    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [r.args for r in queued] == [[note.pk, 3]]
    assert queued[0].task.run_after is not None


def _down(*args: Any, **kwargs: Any) -> int:
    raise ConnectionRefusedError("mail server down")


def test_a_person_registering_in_english_hears_in_english(civil: Department) -> None:
    from tests.factories import make_id_number

    client = Client()
    client.post(reverse("set_language"), {"language": "en"})
    client.post(
        reverse("portal:register"),
        {
            "id_number": make_id_number(901),
            "name": "Reg Person",
            "password1": "a-long-Passphrase-here",
            "password2": "a-long-Passphrase-here",
            "department": civil.pk,
            "phone": "13800000000",
            "title": "",
        },
    )
    assert User.objects.get(name="Reg Person").language == "en"
