"""Login throttling stops guessing without letting anyone lock a person out for good."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests.factories import PASSWORD

WRONG = "not-the-password"


def log_in(number: str, password: str, *, address: str = "10.1.1.1", **headers: Any) -> Any:
    client = Client(REMOTE_ADDR=address, **headers)
    response: Any = client.post(reverse("login"), {"username": number, "password": password})
    response.logged_in = "_auth_user_id" in client.session
    return response


def fail(number: str, times: int, **kwargs: Any) -> None:
    for _ in range(times):
        log_in(number, WRONG, **kwargs)


def age_attempts(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_the_holders_correct_password_during_a_lock_does_not_extend_it(teacher: User) -> None:
    fail(teacher.id_number, 5)
    age_attempts(10)
    during = log_in(teacher.id_number, PASSWORD)
    assert during.status_code == 429
    age_attempts(6)
    assert log_in(teacher.id_number, PASSWORD).logged_in


def test_guesses_during_a_lock_do_not_extend_it(teacher: User) -> None:
    fail(teacher.id_number, 5)
    age_attempts(10)
    fail(teacher.id_number, 20)
    age_attempts(6)
    assert log_in(teacher.id_number, PASSWORD).logged_in


def test_a_lock_holds_for_its_whole_time(teacher: User) -> None:
    fail(teacher.id_number, 5)
    age_attempts(14)
    assert log_in(teacher.id_number, PASSWORD).status_code == 429


def test_a_lock_on_one_address_leaves_the_holder_free_elsewhere(teacher: User) -> None:
    fail(teacher.id_number, 5, address="10.1.1.1")
    assert log_in(teacher.id_number, PASSWORD, address="10.1.1.1").status_code == 429
    assert log_in(teacher.id_number, PASSWORD, address="10.2.2.2").logged_in


def test_twenty_failures_from_twenty_addresses_lock_the_id_number(teacher: User) -> None:
    for n in range(20):
        fail(teacher.id_number, 1, address=f"10.9.0.{n + 1}")
    assert log_in(teacher.id_number, PASSWORD, address="10.2.2.2").status_code == 429


def test_nineteen_failures_from_many_addresses_do_not(teacher: User) -> None:
    for n in range(19):
        fail(teacher.id_number, 1, address=f"10.9.0.{n + 1}")
    assert log_in(teacher.id_number, PASSWORD, address="10.2.2.2").logged_in


def test_a_lock_of_the_id_number_ends_after_the_cool_off(teacher: User) -> None:
    for n in range(20):
        fail(teacher.id_number, 1, address=f"10.9.0.{n + 1}")
    age_attempts(16)
    assert log_in(teacher.id_number, PASSWORD, address="10.2.2.2").logged_in


def test_a_successful_login_forgets_earlier_failures(teacher: User) -> None:
    fail(teacher.id_number, 4)
    assert log_in(teacher.id_number, PASSWORD).logged_in
    fail(teacher.id_number, 4)
    assert log_in(teacher.id_number, PASSWORD).logged_in


def test_without_a_proxy_a_forwarded_header_is_ignored(teacher: User) -> None:
    for n in range(5):
        fail(teacher.id_number, 1, HTTP_X_FORWARDED_FOR=f"10.7.0.{n + 1}")
    assert log_in(teacher.id_number, PASSWORD, HTTP_X_FORWARDED_FOR="10.7.0.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(
    teacher: User, settings: object
) -> None:
    settings.BEHIND_PROXY = True  # type: ignore[attr-defined]
    proxy = "172.16.0.1"
    fail(teacher.id_number, 5, address=proxy, HTTP_X_FORWARDED_FOR="10.7.0.1")
    other_client = log_in(
        teacher.id_number, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="10.7.0.2"
    )
    assert other_client.logged_in
    assert (
        log_in(
            teacher.id_number, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="10.7.0.1"
        ).status_code
        == 429
    )


def test_behind_the_proxy_a_spoofed_forwarded_entry_changes_nothing(
    teacher: User, settings: object
) -> None:
    settings.BEHIND_PROXY = True  # type: ignore[attr-defined]
    for n in range(5):
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        fail(
            teacher.id_number, 1, address="172.16.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.7.0.1"
        )
    locked = log_in(
        teacher.id_number, PASSWORD, address="172.16.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.7.0.1"
    )
    assert locked.status_code == 429
