"""Role boundaries of every certificates URL: anonymous visitors log in first (verification
excepted), people see only their own certificate, HR's screens answer 403 to everyone else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Bundle, SealedRecord
from portal.models import Department, User
from tests.factories import logged_in

HR_ONLY_GET = ["year", "bundles", "person", "person-pdf", "bundle", "bundle-download"]
HR_ONLY_POST = ["seal-person", "revoke", "year", "bundles"]


@pytest.fixture
def objects(teacher: User, hr_officer: User, civil: Department) -> dict[str, list[int]]:
    record = SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    bundle = Bundle.objects.create(department=civil, year=2025, requested_by=hr_officer)
    return {
        "person": [teacher.pk],
        "person-pdf": [teacher.pk],
        "seal-person": [teacher.pk],
        "revoke": [record.pk],
        "bundle": [bundle.pk],
        "bundle-download": [bundle.pk],
    }


def url(name: str, objects: dict[str, list[int]]) -> str:
    return reverse(f"certificates:{name}", args=objects.get(name, []))


@pytest.mark.parametrize("name", ["mine", "my-pdf", *HR_ONLY_GET, "shortfall"])
def test_anonymous_visitors_are_sent_to_log_in(name: str, objects: dict[str, list[int]]) -> None:
    response = Client().get(url(name, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", HR_ONLY_GET)
@pytest.mark.parametrize("who", ["teacher", "civil_admin", "bureau_reviewer"])
def test_hr_screens_are_forbidden_to_others(
    name: str, who: str, objects: dict[str, list[int]], request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(who)
    assert logged_in(person).get(url(name, objects)).status_code == 403


@pytest.mark.parametrize("name", HR_ONLY_POST)
def test_hr_actions_are_forbidden_to_a_teacher_and_change_nothing(
    name: str, teacher: User, objects: dict[str, list[int]]
) -> None:
    response = logged_in(teacher).post(url(name, objects), {"year": 2025, "reason": "x"})
    assert response.status_code == 403
    assert SealedRecord.objects.get().revoked_at is None
    assert SealedRecord.objects.count() == 1


@pytest.mark.parametrize("name", ["person", "person-pdf", "year", "bundles", "bundle"])
def test_the_hr_office_opens_its_screens(
    name: str, hr_officer: User, objects: dict[str, list[int]]
) -> None:
    assert logged_in(hr_officer).get(url(name, objects)).status_code == 200


def test_hr_gets_404_for_a_person_who_does_not_exist(hr_officer: User) -> None:
    response = logged_in(hr_officer).get(reverse("certificates:person", args=[999999]))
    assert response.status_code == 404


def test_hr_gets_404_for_a_bundle_that_does_not_exist(hr_officer: User) -> None:
    response = logged_in(hr_officer).get(reverse("certificates:bundle", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["mine", "my-pdf"])
def test_everyone_opens_their_own_certificate(
    name: str, civil_admin: User, objects: dict[str, list[int]]
) -> None:
    response = logged_in(civil_admin).get(url(name, objects))
    assert response.status_code == 200
    number = civil_admin.certificate.number  # type: ignore[attr-defined]
    assert name == "my-pdf" or number in response.content.decode()


def test_a_teacher_cannot_see_who_falls_short(teacher: User) -> None:
    assert logged_in(teacher).get(reverse("certificates:shortfall")).status_code == 403


@pytest.mark.parametrize("who", ["civil_admin", "hr_officer"])
def test_administrators_and_hr_see_who_falls_short(
    who: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(who)
    assert logged_in(person).get(reverse("certificates:shortfall")).status_code == 200


def test_verification_needs_no_login(teacher: User) -> None:
    token = teacher.certificate.token  # type: ignore[attr-defined]
    assert Client().get(reverse("verify:form")).status_code == 200
    assert Client().get(reverse("verify:token", args=[token])).status_code == 200
