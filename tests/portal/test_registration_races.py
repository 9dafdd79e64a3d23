"""A registration is decided once: two administrators confirming and rejecting it at the same
moment, on two real connections (row locks on PostgreSQL, IMMEDIATE transactions on SQLite)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from portal.exceptions import RegistrationAlreadyDecided
from portal.models import Department, User
from tests.factories import AdminAssignmentFactory, UserFactory

HOLD_SECONDS = 0.3
WAIT_SECONDS = 30


@pytest.fixture
def second_admin(civil: Department) -> User:
    """A second administrator of 土木工程系."""
    person = UserFactory.create(name="宋管理员", department=civil)
    AdminAssignmentFactory.create(person=person, department=civil)
    return person


def in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            outcomes[index] = job()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    return outcomes


def decide(pk: int, decision: Callable[[User], None], start: threading.Barrier) -> str:
    """Load the person as the people page would, wait for the other administrator, decide and
    hold the transaction a moment."""
    person = User.objects.get(pk=pk)
    start.wait(WAIT_SECONDS)
    with transaction.atomic():
        decision(person)
        time.sleep(HOLD_SECONDS)
    return "decided"


@pytest.fixture
def race(transactional_db: None, civil: Department, civil_admin: User, second_admin: User) -> Any:
    registrant = UserFactory.create(name="新注册", department=civil, confirmed_at=None)
    start = threading.Barrier(2)
    outcomes = in_threads(
        lambda: decide(
            registrant.pk, lambda p: p.reject_registration(by=civil_admin, reason="无此人"), start
        ),
        lambda: decide(registrant.pk, lambda p: p.confirm(by=second_admin), start),
    )
    registrant.refresh_from_db()
    return outcomes, registrant


def test_of_a_simultaneous_confirm_and_reject_exactly_one_wins(race: Any) -> None:
    outcomes, _registrant = race
    assert sorted(type(o).__name__ for o in outcomes) == ["RegistrationAlreadyDecided", "str"]
    assert any(isinstance(o, RegistrationAlreadyDecided) for o in outcomes)


def test_the_registration_ends_either_confirmed_or_rejected_never_both(race: Any) -> None:
    _outcomes, registrant = race
    assert (registrant.confirmed_at is None) != (registrant.rejected_at is None)
    assert registrant.is_active == (registrant.confirmed_at is not None)
