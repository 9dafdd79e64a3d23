"""Declarations made straight in the database as their reviews left them, with their history."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from declarations.models import Declaration, DeclarationHistory, Role, Status
from portal.models import Department, User

YEAR = 2025


def at(month: int, day: int = 10, year: int = YEAR) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


def record(
    person: User,
    hours: int | str,
    *,
    subject: str = "professional",
    status: str = Status.APPROVED,
    type: str = "training",
    facts: dict[str, Any] | None = None,
    submitted: datetime.datetime | None = None,
    approved: datetime.datetime | None = None,
    department: Department | None = None,
) -> Declaration:
    """A declaration of `hours` in YEAR as its reviews left it, with the history of its
    submission (and approval) at the given times."""
    declaration = Declaration.objects.create(
        person=person,
        created_by=person,
        department=department or person.department,
        type=type,
        title=f"{type} {hours}",
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 2),
        year=YEAR,
        subject=subject,
        facts=facts if facts is not None else {"hours": str(hours)},
        computed_hours=Decimal(hours),
        claimed_hours=Decimal(hours),
        approved_hours=Decimal(hours) if status == Status.APPROVED else None,
        status=status,
    )
    history = [(Status.SUBMITTED, submitted or at(3))]
    if status == Status.APPROVED:
        history.append((Status.APPROVED, approved or at(4)))
    DeclarationHistory.objects.bulk_create(
        DeclarationHistory(
            declaration=declaration, actor=person, role=Role.DECLARANT, to_status=s, at=t
        )
        for s, t in history
    )
    return declaration
