"""A person's year at a glance: hours counted and pending against the year's requirement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

import rules
from declarations.models import LEAVE_ADJUSTMENT, PENDING, Declaration, Status, YearGroup

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


def summary_of_rows(year: int, rows: list[Declaration], threshold: int) -> YearSummary:
    """The same summary from a year's declarations already loaded (sealing, certificates):
    summed here instead of by the database, no further queries."""
    sums: dict[tuple[str, str, frozenset[str]], list[Decimal]] = {}
    adjustment = None
    for row in rows:
        if row.type == LEAVE_ADJUSTMENT and row.status != Status.REVOKED and adjustment is None:
            adjustment = row
        key = (row.status, row.subject, frozenset(row.covers or ()))
        claimed, counted = sums.setdefault(key, [Decimal(0), Decimal(0)])
        sums[key] = [claimed + row.claimed_hours, counted + row.counted_hours]
    groups = [
        YearGroup(year, status, subject, covers, claimed, counted, 0)
        for (status, subject, covers), (claimed, counted) in sums.items()
    ]
    return year_summary(year, groups, threshold, adjustment)
