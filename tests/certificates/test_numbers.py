"""一人一证一号: every person gets a 13-digit number in the transaction that creates them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from certificates.checks import region_is_known
from certificates.exceptions import SerialExhausted
from certificates.models import Certificate, SerialCounter
from certificates.receivers import number_new_person
from certificates.regions import format_number
from portal.models import Department, User
from portal.signals import person_created
from tests.factories import UserFactory, logged_in


def test_a_new_person_gets_41_the_region_and_a_seven_digit_serial(civil: Department) -> None:
    first = UserFactory.create(department=civil)
    second = UserFactory.create(department=civil)
    assert (first.certificate.number, second.certificate.number) == (  # type: ignore[attr-defined]
        "4101000000001",
        "4101000000002",
    )


def test_the_region_comes_from_configuration(civil: Department, settings: object) -> None:
    settings.CERTIFICATE_REGION = "0302"  # type: ignore[attr-defined]
    person = UserFactory.create(department=civil)
    assert person.certificate.number == "4103020000001"  # type: ignore[attr-defined]


def test_a_registration_that_rolls_back_leaves_no_gap(civil: Department) -> None:
    UserFactory.create(department=civil)
    with pytest.raises(RuntimeError), transaction.atomic():
        UserFactory.create(department=civil)
        raise RuntimeError("the registration failed after numbering")
    later = UserFactory.create(department=civil)
    assert later.certificate.number == "4101000000002"  # type: ignore[attr-defined]


def test_exhausting_the_serial_is_a_clear_error_and_creates_nobody(civil: Department) -> None:
    SerialCounter.objects.create(prefix="410100", last=9_999_999)
    with pytest.raises(SerialExhausted, match="9,999,999"):
        UserFactory.create(name="满号", department=civil)
    assert not User.objects.filter(name="满号").exists()


def test_the_database_refuses_a_duplicate_number(teacher: User, civil_admin: User) -> None:
    with pytest.raises(IntegrityError):
        Certificate.objects.filter(person=civil_admin).update(
            number=teacher.certificate.number  # type: ignore[attr-defined]
        )


def test_issuing_again_keeps_the_number(teacher: User) -> None:
    number = teacher.certificate.number  # type: ignore[attr-defined]
    assert Certificate.objects.issue(teacher).number == number
    assert Certificate.objects.filter(person=teacher).count() == 1


def test_the_command_numbers_people_from_before(civil: Department) -> None:
    UserFactory.create(department=civil)
    person_created.disconnect(dispatch_uid="certificates.number_new_person")
    try:  # registered before numbering existed
        earlier = UserFactory.create(name="老员工", department=civil)
    finally:
        person_created.connect(number_new_person, dispatch_uid="certificates.number_new_person")
    assert not Certificate.objects.filter(person=earlier).exists()
    call_command("number_people")
    call_command("number_people")
    earlier.refresh_from_db()
    assert Certificate.objects.get(person=earlier).number == "4101000000002"


def test_a_region_outside_the_table_fails_the_system_check(settings: object) -> None:
    settings.CERTIFICATE_REGION = "3301"  # type: ignore[attr-defined]
    assert [message.id for message in region_is_known()] == ["certificates.E001"]


def test_a_known_region_passes_the_system_check(settings: object) -> None:
    settings.CERTIFICATE_REGION = "9001"  # type: ignore[attr-defined]
    assert region_is_known() == []


def test_format_refuses_a_serial_past_seven_digits() -> None:
    with pytest.raises(ValueError, match="serial"):
        format_number("410100", 10_000_000)


def test_the_profile_shows_the_number(teacher: User) -> None:
    page = logged_in(teacher).get(reverse("portal:profile")).content.decode()
    assert teacher.certificate.number in page  # type: ignore[attr-defined]
