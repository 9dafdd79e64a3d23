from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from declarations.models import Declaration, Status


@pytest.mark.django_db
def test_the_demo_work_gives_every_role_something_and_is_idempotent(
    media_in_tmp: object,
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_work", stdout=io.StringIO())
    call_command("seed_demo_work", stdout=io.StringIO())
    statuses = sorted(Declaration.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            Status.SUBMITTED,
            Status.APPROVED,
            Status.RETURNED,
            Status.SUBMITTED,
            Status.DEPARTMENT_APPROVED,
        ]
    )
    assert all(d.missing_materials() == [] for d in Declaration.objects.all())
