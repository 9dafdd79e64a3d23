"""A person's year at a glance: hours counted and pending against the year's requirement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

import rules
from declarations.models import PENDING, Declaration, Status, YearGroup

BAR_LABELS = {
    rules.PUBLIC: _("Public subjects"),
    rules.PROFESSIONAL: _("Professional subjects"),
    "total": _("Total"),
}


@dataclass(frozen=True)
class Bar:
    subject: str
    counted: Decimal
    pending: Decimal
    required: int
    shortfall: Decimal

    @property
    def counted_percent(self) -> int:
        return _percent(self.counted, self.required)

    @property
    def label(self) -> str:
        return str(BAR_LABELS[self.subject])


@dataclass(frozen=True)
class YearSummary:
    year: int
    status: rules.YearStatus
    bars: tuple[Bar, ...]
    on_duty_months: int
    adjustment: Declaration | None
    claimed: Decimal
    over_threshold: bool


def _percent(hours: Decimal, required: int) -> int:
    if required <= 0:
        return 100
    return int(min(hours / required * 100, Decimal(100)))


def year_summary(
    year: int, groups: list[YearGroup], threshold: int, adjustment: Declaration | None = None
) -> YearSummary:
    """Built from the year's summed groups and its leave adjustment (第八条), if any."""
    approved = [g for g in groups if g.status == Status.APPROVED]
    pending = [g for g in groups if g.status in PENDING]
    on_duty = 12
    if adjustment is not None and adjustment.status == Status.APPROVED:
        outcome = adjustment.assess()
        on_duty = outcome.on_duty_months if outcome.on_duty_months is not None else 12
    records = [rules.Record(g.subject, g.counted, g.covers) for g in approved if g.subject]
    status = rules.year_status(year, records, on_duty_months=on_duty, over_threshold=threshold)
    pending_by = {
        subject: sum((g.claimed for g in pending if g.subject == subject), Decimal(0))
        for subject in (rules.PUBLIC, rules.PROFESSIONAL)
    }
    pending_by["total"] = pending_by[rules.PUBLIC] + pending_by[rules.PROFESSIONAL]
    counted = {
        rules.PUBLIC: status.public,
        rules.PROFESSIONAL: status.professional,
        "total": status.total,
    }
    required = status.requirement
    needed = {
        rules.PUBLIC: required.public,
        rules.PROFESSIONAL: required.professional,
        "total": required.total,
    }
    bars = tuple(
        Bar(
            subject,
            counted[subject],
            pending_by[subject],
            needed[subject],
            status.shortfall[subject],
        )
        for subject in (rules.PUBLIC, rules.PROFESSIONAL, "total")
    )
    claimed = sum(
        (g.claimed for g in groups if g.status in (*PENDING, Status.APPROVED)), Decimal(0)
    )
    return YearSummary(
        year=year,
        status=status,
        bars=bars,
        on_duty_months=on_duty,
        adjustment=adjustment,
        claimed=claimed,
        over_threshold=claimed > threshold,
    )
