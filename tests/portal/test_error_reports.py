"""An error report (the 500 mail, the DEBUG page) never carries a full ID number, whatever the
view, however the number was written."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.models import Department, User
from tests.factories import logged_in, make_id_number

NUMBER = "41010519950403105X"
BIRTH = NUMBER[6:14]


@pytest.fixture
def admins_get_mail(settings: object) -> None:
    settings.ADMINS = ["ops@example.edu.cn"]  # type: ignore[attr-defined]
    settings.MAILERS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }


def fail_with_id_numbers_everywhere() -> Client:
    client = Client(
        raise_request_exception=False,
        HTTP_X_CLIENT_NOTE=f"holder {NUMBER}",
    )
    client.cookies["last_search"] = NUMBER
    response = client.post(
        "/fails/?q=410105%2019950403%20105X&plus=410105+19950403+105x",
        {"note": NUMBER, "spaced": "410105 19950403 105X", NUMBER: "as a key"},
    )
    assert response.status_code == 500
    return client


@pytest.mark.urls("tests.portal.failing_urls")
def test_the_500_mail_masks_id_numbers_in_post_get_cookies_and_meta(
    db: None, admins_get_mail: None
) -> None:
    fail_with_id_numbers_everywhere()
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    html = "".join(str(a[0]) for a in getattr(report, "alternatives", []))
    text = f"{report.subject}{report.body}{html}"
    assert "4101**********105X" in text
    assert BIRTH not in text


@pytest.mark.urls("tests.portal.failing_urls")
def test_the_debug_page_masks_id_numbers(db: None, settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    client = Client(raise_request_exception=False)
    client.cookies["last_search"] = NUMBER
    response = client.post(
        "/fails/?q=410105%2019950403%20105X", {"note": NUMBER}, HTTP_X_CLIENT_NOTE=NUMBER
    )
    page = response.content.decode()
    assert response.status_code == 500
    assert "RuntimeError" in page
    assert "4101**********105X" in page
    assert BIRTH not in page


def test_registration_hides_the_id_number_in_a_500_mail(
    civil: Department, admins_get_mail: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(User.objects, "create_person", broken)
    number = make_id_number(321)
    Client(raise_request_exception=False).post(
        reverse("portal:register"),
        {
            "id_number": number,
            "name": "新老师",
            "department": str(civil.pk),
            "phone": "13912345678",
            "password1": "spring-Rain-falls",
            "password2": "spring-Rain-falls",
        },
    )
    body = mail.outbox[0].body
    assert "id_number = '********************'" in body
    assert number[6:14] not in body


@pytest.mark.parametrize(
    "written",
    [
        NUMBER,
        NUMBER.lower(),
        "410105 19950403 105X",
        "410105%2019950403%20105X",
        "410105+19950403+105X",
        "/admin/portal/user/?q=410105%2019950403%20105x",
    ],
    ids=["plain", "lower x", "spaced", "url-encoded", "plus", "in a URL"],
)
def test_logs_mask_id_numbers_however_written(
    written: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("django.request").warning("Not Found: %s", written)
    assert BIRTH not in caplog.text
    assert "4101**********105X" in caplog.text


def test_a_logged_traceback_masks_id_numbers(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError(f"no person with {NUMBER}")
    except ValueError:
        logging.getLogger("portal").exception("lookup failed")
    assert "ValueError" in caplog.text
    assert BIRTH not in caplog.text


def test_the_admin_add_form_hides_the_id_number_in_a_500_mail(
    hr_officer: User, civil: Department, admins_get_mail: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(User.objects, "create_person", broken)
    number = make_id_number(322)
    client = logged_in(hr_officer)
    client.raise_request_exception = False
    client.post(
        reverse("admin:portal_user_add"),
        {"id_number": number, "name": "新同事", "department": civil.pk, "phone": "13900001111"},
    )
    body = mail.outbox[0].body
    assert "id_number = '********************'" in body
    assert number[6:14] not in body
