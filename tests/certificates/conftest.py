from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from declarations.models import Declaration, Status
from portal.models import User


def approved(
    person: User,
    *,
    year: int = 2025,
    subject: str = "professional",
    hours: int | str = 60,
    title: str = "全国职业教育学术年会",
) -> Declaration:
    """An approved declaration of `hours`, as if reviewed through both stages."""
    return Declaration.objects.create(
        person=person,
        created_by=person,
        type="training",
        title=title,
        starts_on=datetime.date(year, 5, 10),
        ends_on=datetime.date(year, 5, 12),
        year=year,
        subject=subject,
        facts={"hours": str(hours)},
        computed_hours=Decimal(hours),
        claimed_hours=Decimal(hours),
        approved_hours=Decimal(hours),
        status=Status.APPROVED,
    )


def complete_year(person: User, year: int = 2025) -> list[Declaration]:
    """Public 30 and professional 60: the year is met."""
    return [
        approved(person, year=year, subject="public", hours=30, title="公需科目网络学习"),
        approved(person, year=year, subject="professional", hours=60),
    ]


@pytest.fixture(autouse=True)
def fresh_cache(db: None) -> None:
    """The verification rate limit counts in the cache: each test starts from nothing."""
    cache.clear()
