from __future__ import annotations

import pytest
from django.db import transaction

from portal import idnumbers
from portal.models import User
from portal.signals import person_created
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def test_it_announces_each_new_person_inside_the_creating_transaction() -> None:
    seen: list[tuple[str, bool]] = []

    def receiver(sender: object, person: User, **kwargs: object) -> None:
        seen.append((person.name, transaction.get_connection().in_atomic_block))

    person_created.connect(receiver)
    try:
        User.objects.create_person(id_number=make_id_number(901), name="新来的")
    finally:
        person_created.disconnect(receiver)
    assert seen == [("新来的", True)]


def test_a_receiver_that_fails_leaves_no_person_behind() -> None:
    def receiver(sender: object, person: User, **kwargs: object) -> None:
        raise RuntimeError("allocation failed")

    person_created.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            User.objects.create_person(id_number=make_id_number(902), name="没建成")
    finally:
        person_created.disconnect(receiver)
    assert not User.objects.filter(name="没建成").exists()


def test_showing_the_masked_number_decrypts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    number = make_id_number(903)
    User.objects.create_person(id_number=number, name="掩码")

    def no_decrypt(token: str) -> str:
        raise AssertionError("decrypted to show a masked number")

    monkeypatch.setattr(idnumbers, "decrypt", no_decrypt)
    person = User.objects.get(name="掩码")
    assert person.masked_id_number == idnumbers.mask(number)
