"""Fifty people registering at once, each on their own database connection, get fifty distinct,
consecutive numbers: on PostgreSQL through the counter row's lock, on SQLite through its
IMMEDIATE write transactions. `make test` runs this on both."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from certificates.models import Certificate
from portal.models import Department
from tests.factories import UserFactory

PEOPLE = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_registrations_get_fifty_consecutive_numbers() -> None:
    department = Department.objects.create(name="土木工程系")
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            start.wait(30)
            UserFactory.create(name=f"并发{n}", department=department)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert errors == []
    assert numbers == [f"410100{serial:07d}" for serial in range(1, PEOPLE + 1)]
