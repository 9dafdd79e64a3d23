from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Department, User
from tests.factories import UserFactory, make_id_number

NUMBER = make_id_number(101)


def form(department: Department, **changes: str) -> dict[str, str]:
    data = {
        "id_number": NUMBER,
        "name": "新老师",
        "department": str(department.pk),
        "phone": "13912345678",
        "title": "讲师",
        "password1": "spring-Rain-falls",
        "password2": "spring-Rain-falls",
    }
    data.update(changes)
    return data


def test_a_registrant_is_sent_to_log_in_and_then_can_start(civil: Department) -> None:
    client = Client()
    response = client.post(reverse("portal:register"), form(civil), follow=True)
    person = User.objects.get_by_natural_key(NUMBER)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "已收到您的注册" in response.content.decode()
    assert person.department == civil
    assert person.confirmed_at is None
    assert not person.must_change_password
    client.post(reverse("login"), {"username": NUMBER, "password": "spring-Rain-falls"})
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_known_id_number_gets_the_same_answer_and_changes_nothing(civil: Department) -> None:
    unknown = Client().post(
        reverse("portal:register"), form(civil, id_number=make_id_number(102)), follow=True
    )
    existing = UserFactory.create(id_number=NUMBER, name="原来的人")
    known = Client().post(reverse("portal:register"), form(civil, name="冒名者"), follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [
        str(m) for m in unknown.context["messages"]
    ]
    assert User.objects.with_id_number(NUMBER).get() == existing
    existing.refresh_from_db()
    assert existing.name == "原来的人"
    assert "_auth_user_id" not in known.client.session


def test_registration_is_throttled_per_address(civil: Department, settings: object) -> None:
    settings.REGISTRATION_LIMIT_PER_HOUR = 3  # type: ignore[attr-defined]
    for n in range(3):
        Client(REMOTE_ADDR="10.3.3.3").post(
            reverse("portal:register"), form(civil, id_number=make_id_number(200 + n))
        )
    refused = Client(REMOTE_ADDR="10.3.3.3").post(
        reverse("portal:register"), form(civil, id_number=make_id_number(210))
    )
    elsewhere = Client(REMOTE_ADDR="10.4.4.4").post(
        reverse("portal:register"), form(civil, id_number=make_id_number(211))
    )
    assert refused.status_code == 429
    assert "注册次数过多" in refused.content.decode()
    assert not User.objects.with_id_number(make_id_number(210)).exists()
    assert elsewhere.status_code == 302


def test_the_throttled_page_speaks_english_too(civil: Department, settings: object) -> None:
    settings.REGISTRATION_LIMIT_PER_HOUR = 0  # type: ignore[attr-defined]
    client = Client(headers={"accept-language": "en"})
    response = client.post(reverse("portal:register"), form(civil))
    assert response.status_code == 429
    assert "Too many registrations" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")}, "校验位不正确"),
        ({"id_number": "410105900101001"}, "旧的15位身份证号码"),
        (
            {"password1": "ab" + NUMBER[-6:] + "xyzw", "password2": "ab" + NUMBER[-6:] + "xyzw"},
            "不能包含身份证号码",
        ),
        (
            {"password1": f"pw{NUMBER[6:14]}x", "password2": f"pw{NUMBER[6:14]}x"},
            "不能包含身份证号码",
        ),
        ({"password2": "something-else-x"}, "两次输入的密码不一致"),
        ({"phone": "12345"}, "11位手机号码"),
    ],
    ids=["wrong check digit", "15 digits", "last six digits", "birth date", "mismatch", "phone"],
)
def test_bad_input_gets_a_chinese_message_and_creates_nobody(
    civil: Department, changes: dict[str, str], message: str
) -> None:
    response = Client().post(reverse("portal:register"), form(civil, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_an_impossible_birth_date_is_named(civil: Department) -> None:
    from portal.idnumbers import ric

    body = "41010519900230001"
    number = body + ric.calc_check_digit(body + "0")
    response = Client().post(reverse("portal:register"), form(civil, id_number=number))
    assert "出生日期" in response.content.decode()
    assert not User.objects.exists()


def test_english_speakers_get_english_messages(civil: Department) -> None:
    client = Client(headers={"accept-language": "en"})
    response = client.post(reverse("portal:register"), form(civil, phone="1"))
    assert "Enter an 11-digit mobile number" in response.content.decode()


def test_a_missing_csrf_token_is_refused(civil: Department) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("portal:register"), form(civil))
    assert response.status_code == 403
    assert not User.objects.exists()
