from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from certificates.years import PersonYear, people_years, reminding
from portal.models import User


def shortfall(request: HttpRequest) -> dict[str, Any]:
    """`shortfall_reminder`: the person's year when it falls short in the reminder period.
    A callable, so only the pages that show it pay its queries. `reminding_year`: the year
    being reminded of, for pages that hold that year's summary already (我的学时)."""

    @cache
    def reminder() -> PersonYear | None:
        user = request.user
        today = timezone.localdate()
        if not user.is_authenticated or not reminding(today):
            return None
        assert isinstance(user, User)
        rows = people_years(User.objects.filter(pk=user.pk), today.year)
        return rows[0] if rows and not rows[0].met else None

    today = timezone.localdate()
    return {
        "shortfall_reminder": reminder,
        "reminding_year": today.year if reminding(today) else None,
    }
