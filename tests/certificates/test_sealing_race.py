"""Two HR officers sealing the same year at the same moment, each on their own connection: one
record is sealed, the other officer is told the year already has one. On both databases."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from certificates.exceptions import AlreadySealed
from certificates.models import SealedRecord
from portal.models import Department, User
from tests.certificates.conftest import complete_year
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_officers_sealing_at_once_seal_one_record() -> None:
    department = Department.objects.create(name="土木工程系")
    teacher = UserFactory.create(name="林老师", department=department)
    officers = [
        UserFactory.create(name=f"人事{n}", department=None, is_hr_office=True) for n in (1, 2)
    ]
    complete_year(teacher)
    start = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def seal(index: int, officer: User) -> None:
        try:
            start.wait(30)
            outcomes[index] = SealedRecord.seal(person=teacher, year=2025, by=officer)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=seal, args=item) for item in enumerate(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        AlreadySealed.__name__,
        SealedRecord.__name__,
    ]
    assert SealedRecord.objects.filter(year=2025).count() == 1
