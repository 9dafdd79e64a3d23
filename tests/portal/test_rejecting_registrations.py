"""An administrator rejects a registration made with someone else's ID number: the number is
free again, the record stays, and nobody without an account is told anything."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from declarations.models import Declaration
from portal.models import Department, User
from tests.declarations.helpers import submitted
from tests.factories import PASSWORD, UserFactory, logged_in

REGISTRATION = {
    "name": "真正的本人",
    "phone": "13912345678",
    "password1": "spring-Rain-falls",
    "password2": "spring-Rain-falls",
}


def registrant(department: Department) -> User:
    """Someone who registered themselves: not confirmed."""
    return UserFactory.create(name="冒名者", department=department, confirmed_at=None)


def reject(admin: User, person: User, reason: str = "本系无此人") -> object:
    return logged_in(admin).post(
        reverse("portal:reject-person", args=[person.pk]), {"reason": reason}
    )


def test_rejecting_frees_the_id_number_for_its_holder(civil: Department, civil_admin: User) -> None:
    impostor = registrant(civil)
    number = impostor.id_number
    reject(civil_admin, impostor)
    Client().post(
        reverse("portal:register"),
        {**REGISTRATION, "id_number": number, "department": str(civil.pk)},
    )
    holder = User.objects.get_by_natural_key(number)
    assert holder.pk != impostor.pk
    assert holder.name == "真正的本人"


def test_a_rejected_registrant_cannot_log_in_and_their_records_stay(
    civil: Department, civil_admin: User
) -> None:
    impostor = registrant(civil)
    number = impostor.id_number
    declaration = submitted(impostor)
    session = logged_in(impostor)
    reject(civil_admin, impostor)
    impostor.refresh_from_db()
    client = Client()
    client.post(reverse("login"), {"username": number, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert session.get(reverse("portal:profile")).status_code == 302
    assert Declaration.objects.filter(pk=declaration.pk, person=impostor).exists()
    assert (impostor.rejected_by, impostor.rejection_reason) == (civil_admin, "本系无此人")
    assert impostor.masked_id_number == f"{number[:4]}{'*' * 10}{number[-4:]}"


def test_a_rejected_registrant_with_an_address_is_told_by_mail_with_the_reason(
    civil: Department,
    civil_admin: User,
    settings: object,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MAILERS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    settings.NOTIFY_BY_MAIL = True  # type: ignore[attr-defined]
    impostor = registrant(civil)
    impostor.email = "impostor@example.com"
    impostor.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        reject(civil_admin, impostor)
    assert [(m.to, "本系无此人" in m.body) for m in mail.outbox] == [
        (["impostor@example.com"], True)
    ]
    assert not re.search(r"\d{17}[\dX]", str(mail.outbox[0].body))


def test_a_confirmed_person_cannot_be_rejected(teacher: User, civil_admin: User) -> None:
    reject(civil_admin, teacher)
    teacher.refresh_from_db()
    assert teacher.rejected_at is None
    assert teacher.is_active


def test_a_rejection_needs_a_reason(civil: Department, civil_admin: User) -> None:
    impostor = registrant(civil)
    reject(civil_admin, impostor, reason="")
    impostor.refresh_from_db()
    assert impostor.rejected_at is None


def test_only_the_persons_department_administrator_rejects(
    civil: Department, info_admin: User, teacher: User
) -> None:
    impostor = registrant(civil)
    assert reject(info_admin, impostor).status_code == 404  # type: ignore[attr-defined]
    assert reject(teacher, impostor).status_code == 403  # type: ignore[attr-defined]
    impostor.refresh_from_db()
    assert impostor.rejected_at is None


def test_the_people_page_offers_to_reject_an_unconfirmed_registration(
    civil: Department, civil_admin: User
) -> None:
    impostor = registrant(civil)
    page = logged_in(civil_admin).get(reverse("portal:department-people")).content.decode()
    assert reverse("portal:reject-person", args=[impostor.pk]) in page
    assert "拒绝注册" in page
