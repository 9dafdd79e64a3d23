"""The Django admin is a door people use: saving a person there must keep them whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.test import Client
from django.urls import reverse

from portal.models import BureauScope, Department, EmploymentStatus, User
from tests.factories import PASSWORD, UserFactory, logged_in, make_id_number


def change_form_data(client: Client, person: User) -> dict[str, Any]:
    """What the admin's change form posts when saved unchanged."""
    response = client.get(reverse("admin:portal_user_change", args=[person.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


def logs_in(number: str, password: str = PASSWORD) -> bool:
    client = Client()
    client.post(reverse("login"), {"username": number, "password": password})
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"name": "林思远（改）"},
        {"phone": "13911112222"},
        {"title": "副教授"},
        {"bureau_scope": BureauScope.PUBLIC},
        {"is_hr_office": "on"},
        {"is_staff": "on"},
    ],
    ids=["unchanged", "name", "phone", "title", "bureau scope", "hr office", "staff"],
)
def test_a_person_saved_in_the_admin_still_logs_in_with_their_id_number(
    hr_officer: User, teacher: User, changes: dict[str, str]
) -> None:
    number = teacher.id_number
    client = logged_in(hr_officer)
    data = {**change_form_data(client, teacher), **changes}
    response = client.post(reverse("admin:portal_user_change", args=[teacher.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert logs_in(number)


def test_the_admin_cannot_transfer_a_person_around_the_hr_office_door(
    hr_officer: User, teacher: User, info: Department
) -> None:
    """A transfer made here would skip the department history and leave undecided work behind:
    the admin shows the department and points to the HR office's person page."""
    client = logged_in(hr_officer)
    page = client.get(reverse("admin:portal_user_change", args=[teacher.pk]))
    assert reverse("hr:person", args=[teacher.pk]) in page.content.decode()
    data = {**change_form_data(client, teacher), "department": info.pk}
    response = client.post(reverse("admin:portal_user_change", args=[teacher.pk]), data)
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.department != info
    assert logs_in(teacher.id_number)


def test_two_people_with_the_same_masked_number_can_both_be_saved(
    hr_officer: User, civil: Department
) -> None:
    # Same region, same last four characters: the masked forms agree.
    first = UserFactory.create(id_number="410105199003031234"[:17] + "0", department=civil)
    twin_body = "410105198807071234"[:14] + first.id_number[14:17]
    from stdnum.cn import ric

    second = UserFactory.create(
        id_number=twin_body + ric.calc_check_digit(twin_body + "0"), department=civil
    )
    client = logged_in(hr_officer)
    for person in (first, second):
        data = change_form_data(client, person)
        response = client.post(reverse("admin:portal_user_change", args=[person.pk]), data)
        assert response.status_code == 302
    assert logs_in(first.id_number)
    assert logs_in(second.id_number)


def test_after_an_admin_save_the_id_number_cannot_register_again(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    client = logged_in(hr_officer)
    client.post(
        reverse("admin:portal_user_change", args=[teacher.pk]),
        change_form_data(client, teacher),
    )
    Client().post(
        reverse("portal:register"),
        {
            "id_number": teacher.id_number,
            "name": "冒名者",
            "department": str(civil.pk),
            "phone": "13912345678",
            "password1": "spring-Rain-falls",
            "password2": "spring-Rain-falls",
        },
    )
    assert User.objects.count() == 2


def test_leaving_is_not_recorded_in_the_admin_but_on_the_hr_office_page(
    hr_officer: User, teacher: User
) -> None:
    client = logged_in(hr_officer)
    data = {**change_form_data(client, teacher), "employment_status": EmploymentStatus.RETIRED}
    client.post(reverse("admin:portal_user_change", args=[teacher.pk]), data)
    teacher.refresh_from_db()
    assert teacher.employment_status == EmploymentStatus.ACTIVE
    assert logs_in(teacher.id_number)


def add_form(department: Department, number: str) -> dict[str, Any]:
    return {
        "id_number": number,
        "name": "新同事",
        "department": department.pk,
        "phone": "13900001111",
        "title": "讲师",
    }


def test_the_admin_adds_a_person_who_logs_in_with_the_one_time_password(
    hr_officer: User, civil: Department
) -> None:
    number = make_id_number(4242)
    client = logged_in(hr_officer)
    response = client.post(
        reverse("admin:portal_user_add"), add_form(civil, f" {number[:6]} {number[6:]}".lower())
    )
    assert response.status_code == 302
    person = User.objects.get_by_natural_key(number)
    assert response["Location"] == reverse("admin:portal_user_change", args=[person.pk])
    assert person.confirmed_by == hr_officer
    assert LogEntry.objects.get(action_flag=ADDITION).object_id == str(person.pk)
    one_time = next(
        str(m).split("：")[1].split("。")[0].strip()
        for m in client.get(response["Location"]).context["messages"]
    )
    assert logs_in(number, one_time)


def test_the_admin_add_form_refuses_a_bad_or_known_id_number(
    hr_officer: User, teacher: User, civil: Department
) -> None:
    client = logged_in(hr_officer)
    wrong = make_id_number(4243)[:17] + "Y"
    bad = client.post(reverse("admin:portal_user_add"), add_form(civil, wrong))
    known = client.post(reverse("admin:portal_user_add"), add_form(civil, teacher.id_number))
    assert bad.status_code == known.status_code == 200
    assert "18" in bad.content.decode()
    assert "已注册" in known.content.decode()
    assert User.objects.count() == 2


def test_the_admin_add_form_shows_no_hash_or_ciphertext_field(hr_officer: User) -> None:
    response = logged_in(hr_officer).get(reverse("admin:portal_user_add"))
    fields = set(response.context["adminform"].form.fields)
    assert fields == {"id_number", "name", "department", "phone", "title"}


def test_an_id_number_in_the_admin_search_address_is_refused(
    hr_officer: User, teacher: User
) -> None:
    client = logged_in(hr_officer)
    url = reverse("admin:portal_user_changelist")
    for written in (teacher.id_number, f"{teacher.id_number[:6]} {teacher.id_number[6:]}"):
        response = client.get(
            url, {"q": written, "department__id__exact": str(teacher.department_id)}
        )
        assert response.status_code == 302
        assert teacher.id_number[6:14] not in response["Location"]
        assert "department__id__exact" in response["Location"]


def test_a_phone_number_is_still_searched_in_the_admin(hr_officer: User, teacher: User) -> None:
    response = logged_in(hr_officer).get(
        reverse("admin:portal_user_changelist"), {"q": teacher.phone}
    )
    assert response.status_code == 200
    assert teacher.pk in [person.pk for person in response.context["cl"].result_list]


def test_the_admin_finds_a_person_by_id_number_sent_by_post(
    hr_officer: User, teacher: User
) -> None:
    client = logged_in(hr_officer)
    page = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert f'method="post" action="{reverse("admin:portal_user_find")}"' in page
    assert "身份证号码请用下方的“按身份证号码查找”" in page
    found = client.post(reverse("admin:portal_user_find"), {"id_number": teacher.id_number})
    unknown = client.post(reverse("admin:portal_user_find"), {"id_number": make_id_number(9191)})
    assert found["Location"] == reverse("admin:portal_user_change", args=[teacher.pk])
    assert unknown["Location"] == reverse("admin:portal_user_changelist")
    assert client.get(reverse("admin:portal_user_find")).status_code == 405


def test_finding_by_id_number_needs_the_admin(teacher: User) -> None:
    response = logged_in(teacher).post(
        reverse("admin:portal_user_find"), {"id_number": teacher.id_number}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
