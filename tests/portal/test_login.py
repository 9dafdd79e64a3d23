from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.urls import reverse

from portal.models import EmploymentStatus, User
from tests.factories import PASSWORD, make_id_number


def log_in(client: Client, number: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": number, "password": password})


def test_a_person_logs_in_with_id_number_and_lands_on_their_page(teacher: User) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": teacher.id_number.lower(), "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == teacher
    assert response.redirect_chain[-1][0] == reverse("declarations:my-hours")


def test_an_unknown_id_and_a_wrong_password_get_the_same_answer(teacher: User) -> None:
    unknown = log_in(Client(), make_id_number(999), PASSWORD)
    wrong = log_in(Client(), teacher.id_number, "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert "身份证号码或密码不正确" in wrong.content.decode()


def test_the_sixth_failed_login_is_locked_even_with_the_right_password(teacher: User) -> None:
    client = Client()
    for _ in range(5):
        log_in(client, teacher.id_number, "not-the-password")
    response = log_in(client, teacher.id_number, PASSWORD)
    assert response.status_code == 429
    assert "15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_id_number(teacher: User, civil_admin: User) -> None:
    client = Client()
    for _ in range(5):
        log_in(client, teacher.id_number, "not-the-password")
    response = log_in(client, civil_admin.id_number, PASSWORD)
    assert response.status_code == 302


def test_the_attempt_log_keeps_no_plain_id_number(teacher: User) -> None:
    log_in(Client(), teacher.id_number, "not-the-password")
    stored = " ".join(
        str(v)
        for row in [*AccessAttempt.objects.values(), *AccessLog.objects.values()]
        for v in row.values()
    )
    assert AccessAttempt.objects.exists()
    assert teacher.id_number not in stored
    assert teacher.id_number[-6:] not in stored


def test_a_person_who_left_is_told_the_account_is_closed(teacher: User) -> None:
    teacher.leave(EmploymentStatus.RETIRED)
    response = log_in(Client(), teacher.id_number, PASSWORD)
    page = response.content.decode()
    assert "账号已关闭" in page
    assert "身份证号码或密码不正确" not in page
    assert "_auth_user_id" not in response.client.session
    assert User.objects.filter(pk=teacher.pk).exists()


def test_a_wrong_password_for_a_closed_account_reveals_nothing(teacher: User) -> None:
    teacher.leave(EmploymentStatus.RETIRED)
    response = log_in(Client(), teacher.id_number, "not-the-password")
    page = response.content.decode()
    assert "身份证号码或密码不正确" in page
    assert "账号已关闭" not in page


def test_a_one_time_password_must_be_changed_before_anything_else(civil: object) -> None:
    person, one_time = User.objects.create_person(id_number=make_id_number(55), name="新人")
    assert one_time is not None
    client = Client()
    log_in(client, person.id_number, one_time)
    response = client.get(reverse("portal:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    client.post(
        reverse("password_change"),
        {
            "old_password": one_time,
            "new_password1": "my-Own-secret-42",
            "new_password2": "my-Own-secret-42",
        },
    )
    assert client.get(reverse("portal:profile")).status_code == 200
    person.refresh_from_db()
    assert not person.must_change_password


def test_a_new_password_may_not_contain_the_id_number(teacher: User) -> None:
    client = Client()
    log_in(client, teacher.id_number, PASSWORD)
    bad = f"Aa{teacher.id_number[-6:]}bbcc"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": bad, "new_password2": bad},
    )
    assert "不能包含身份证号码" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_log_out_ends_the_session(teacher: User) -> None:
    client = Client()
    log_in(client, teacher.id_number, PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("portal:profile")).status_code == 302


def test_first_passwords_are_random_and_never_derived_from_the_id() -> None:
    first = {User.make_one_time_password() for _ in range(20)}
    assert len(first) == 20
    assert all(len(p) == 16 for p in first)


def test_marking_a_person_retired_closes_the_login(teacher: User, hr_officer: User) -> None:
    from tests.factories import logged_in

    logged_in(hr_officer).post(
        reverse("hr:person-leave", args=[teacher.pk]),
        {"status": EmploymentStatus.RETIRED, "reason": ""},
    )
    teacher.refresh_from_db()
    assert (teacher.employment_status, teacher.is_active) == (EmploymentStatus.RETIRED, False)
    # The person learns their account is closed, not that the password is wrong (issue #10).
    assert "账号已关闭" in log_in(Client(), teacher.id_number, PASSWORD).content.decode()
