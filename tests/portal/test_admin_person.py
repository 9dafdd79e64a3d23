"""Adding and editing a person in the Django admin keeps them whole: they can still log in."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.models import Department, User
from tests.factories import PASSWORD, logged_in, make_id_number


def test_editing_a_person_in_the_admin_keeps_their_login(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    client = logged_in(hr_officer)
    form = (
        client.get(reverse("admin:portal_user_change", args=[teacher.pk])).context["adminform"].form
    )
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"name": "林老师改名"})
    client.post(reverse("admin:portal_user_change", args=[teacher.pk]), data)
    teacher.refresh_from_db()
    assert teacher.name == "林老师改名"
    response = Client().post(
        reverse("login"), {"username": teacher.id_number, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_person_added_in_the_admin_exists_with_their_id_number(
    hr_officer: User, civil: Department
) -> None:
    number = make_id_number(4403)
    response = logged_in(hr_officer).post(
        reverse("admin:portal_user_add"),
        {"id_number": number, "name": "后台添加", "department": str(civil.pk)},
    )
    assert response.status_code == 302
    assert User.objects.with_id_number(number).get().name == "后台添加"
