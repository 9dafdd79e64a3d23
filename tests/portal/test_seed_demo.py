from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.demo import DEPARTMENTS
from portal.models import AdminAssignment, Department, User

SEED_NAMES = (
    "高海红 王以贤 李奎 张斌 苏磊 宋振庭 李伟 刘琪 尚苏芳 张卉 "
    "于博 王夏秋 胡永辉 孙玉恒 周思潮 张月霞 黄海啸 宋保红 吕世尊"
)


def seed_json() -> list[dict[str, str]]:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_it_creates_the_seed_departments_and_every_role() -> None:
    logins = seed_json()
    assert list(Department.objects.values_list("name", flat=True)) == list(DEPARTMENTS)
    assert {row["role"] for row in logins} >= {
        "teacher",
        "department_admin",
        "hr_office",
        "bureau_reviewer_public",
        "bureau_reviewer_professional",
    }


@pytest.mark.django_db
def test_one_department_has_two_administrators() -> None:
    seed_json()
    civil = Department.objects.get(name="土木工程系")
    assert AdminAssignment.objects.current().filter(department=civil).count() == 2


@pytest.mark.django_db
def test_it_is_idempotent() -> None:
    first = seed_json()
    counts = (User.objects.count(), Department.objects.count(), AdminAssignment.objects.count())
    assert seed_json() == first
    assert counts == (
        User.objects.count(),
        Department.objects.count(),
        AdminAssignment.objects.count(),
    )


@pytest.mark.django_db
def test_the_printed_logins_work_without_a_forced_change() -> None:
    teacher = next(row for row in seed_json() if row["role"] == "teacher")
    client = Client()
    client.post(
        reverse("login"), {"username": teacher["id_number"], "password": teacher["password"]}
    )
    assert client.get(reverse("portal:profile")).status_code == 200


@pytest.mark.django_db
def test_it_uses_none_of_the_names_in_the_seed() -> None:
    names = {row["name"] for row in seed_json()}
    assert names.isdisjoint(SEED_NAMES.split())


@pytest.mark.django_db
def test_demo_accounts_exist_only_when_asked_for() -> None:
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_hr_officer_prints_a_one_time_password() -> None:
    from tests.factories import make_id_number

    out = StringIO()
    number = make_id_number(77)
    call_command("create_hr_officer", "--id-number", number, "--name", "人事甲", stdout=out)
    officer = User.objects.get_by_natural_key(number)
    one_time = out.getvalue().split("One-time password: ")[1].split()[0]
    assert officer.is_hr_office and officer.must_change_password
    assert officer.check_password(one_time)
    assert number not in out.getvalue()
