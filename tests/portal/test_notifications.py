from __future__ import annotations

import pytest
from django.core import mail

from portal.models import Notification, User
from portal.notifications import notify
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_on(settings: object) -> None:
    settings.NOTIFY_BY_MAIL = True  # type: ignore[attr-defined]
    settings.MAILERS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }


def test_a_notification_lands_in_the_inbox_and_by_mail_after_commit(
    teacher: User, mail_on: None, django_capture_on_commit_callbacks: object
) -> None:
    teacher.email = "lin@example.edu.cn"
    teacher.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        notify(teacher, subject="申报已退回", body="缺少单位证明", link="/hours/1/")
    assert Notification.objects.get(person=teacher).read_at is None
    assert [m.to for m in mail.outbox] == [["lin@example.edu.cn"]]
    assert Notification.objects.get(person=teacher).mailed_at is not None


def test_nobody_without_an_address_is_mailed(
    teacher: User, mail_on: None, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        notify(teacher, subject="申报已通过")
    assert mail.outbox == []
    assert Notification.objects.filter(person=teacher).count() == 1


def test_a_notification_never_keeps_a_full_id_number(teacher: User) -> None:
    number = make_id_number(77)
    note = notify(teacher, subject=f"关于 {number}", body=f"证件 {number}")
    assert number not in note.subject + note.body
