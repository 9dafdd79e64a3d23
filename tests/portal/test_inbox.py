"""The in-portal inbox, its unread count, the address mail goes to, and mail retried."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

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
        reverse("portal:profile-edit"),
        {"phone": "13800000000", "email": "lin@example.edu.cn", "language": "en"},
    )
    teacher.refresh_from_db()
    assert (teacher.email, teacher.language) == ("lin@example.edu.cn", "en")


def test_a_bad_email_address_is_refused_and_changes_nothing(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("portal:profile-edit"),
        {"phone": "13800000000", "email": "not-an-address", "language": "zh-hans"},
    )
    assert 'class="field has-error"' in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.email == ""


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
