"""Whichever door a person comes in by, they have their number; editing them never changes it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.models import Department, User
from tests.factories import logged_in, make_id_number


def test_a_registrant_has_a_number_on_her_profile(civil: Department) -> None:
    client = Client()
    client.post(
        reverse("portal:register"),
        {
            "id_number": make_id_number(4401),
            "name": "新老师",
            "department": str(civil.pk),
            "phone": "13912345678",
            "title": "讲师",
            "password1": "spring-Rain-falls",
            "password2": "spring-Rain-falls",
        },
    )
    person = User.objects.get(name="新老师")
    number = person.certificate.number  # type: ignore[attr-defined]
    assert number.startswith("410100")
    client.force_login(person)  # registration sends her to log in
    assert number in client.get(reverse("portal:profile")).content.decode()


def test_a_person_added_in_the_admin_has_a_number(hr_officer: User, civil: Department) -> None:
    logged_in(hr_officer).post(
        reverse("admin:portal_user_add"),
        {
            "id_number": make_id_number(4402),
            "name": "后台添加",
            "department": str(civil.pk),
            "phone": "",
            "title": "",
        },
    )
    assert User.objects.get(name="后台添加").certificate.number  # type: ignore[attr-defined]


def test_editing_a_person_in_the_admin_keeps_the_number(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    number = teacher.certificate.number  # type: ignore[attr-defined]
    client = logged_in(hr_officer)
    form = (
        client.get(reverse("admin:portal_user_change", args=[teacher.pk])).context["adminform"].form
    )
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"name": "林老师改名", "department": str(civil.pk)})
    client.post(reverse("admin:portal_user_change", args=[teacher.pk]), data)
    teacher.refresh_from_db()
    assert teacher.certificate.number == number  # type: ignore[attr-defined]
    assert client.get(reverse("admin:certificates_certificate_changelist")).status_code == 200
