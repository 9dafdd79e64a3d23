"""The ID-number keys can be rotated: after re-encrypting, the old key can be dropped."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from pytest_django import Settings

from portal.models import User
from tests.factories import UserFactory, make_id_number

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()

pytestmark = pytest.mark.django_db


def fresh(person: User) -> User:
    return User.objects.get(pk=person.pk)


def test_after_rotating_the_new_key_alone_opens_every_id_number(settings: Settings) -> None:
    settings.ID_NUMBER_KEYS = [OLD]
    people = [UserFactory.create(id_number=make_id_number(n)) for n in (301, 302)]
    settings.ID_NUMBER_KEYS = [NEW, OLD]

    output = io.StringIO()
    call_command("rotate_id_number_keys", stdout=output)
    settings.ID_NUMBER_KEYS = [NEW]

    assert [fresh(p).id_number for p in people] == [make_id_number(301), make_id_number(302)]
    assert "2 people" in output.getvalue()


def test_without_rotating_the_new_key_alone_opens_nothing(settings: Settings) -> None:
    settings.ID_NUMBER_KEYS = [OLD]
    person = UserFactory.create(id_number=make_id_number(303))
    settings.ID_NUMBER_KEYS = [NEW]

    with pytest.raises(ValueError):
        _ = fresh(person).id_number


def test_a_missing_old_key_stops_the_rotation_and_changes_nothing(settings: Settings) -> None:
    settings.ID_NUMBER_KEYS = [OLD]
    person = UserFactory.create(id_number=make_id_number(304))
    stored = fresh(person).id_encrypted
    settings.ID_NUMBER_KEYS = [NEW]

    with pytest.raises(CommandError, match="no key in ID_NUMBER_KEYS"):
        call_command("rotate_id_number_keys", stdout=io.StringIO())

    assert fresh(person).id_encrypted == stored
