from __future__ import annotations

import datetime
from decimal import Decimal

from declarations.models import Declaration, Status, StatusCount
from portal.models import User


def bulk(person: User, n: int, **fields: object) -> list[Declaration]:
    """Declarations made straight in the database, for counts and sizes."""
    values: dict[str, object] = {
        "type": "training",
        "facts": {"hours": "8"},
        "computed_hours": Decimal(8),
        "claimed_hours": Decimal(8),
        "status": Status.SUBMITTED,
        "year": 2026,
        "subject": "professional",
        "department_id": person.department_id,
    } | fields
    title = str(values.pop("title", "培训"))
    made = Declaration.objects.bulk_create(
        Declaration(
            person=person,
            created_by=person,
            title=f"{title} {i}" if n > 1 else title,
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 2),
            **values,
        )
        for i in range(n)
    )
    StatusCount.add_created(made)  # as `create_draft` counts
    return made
