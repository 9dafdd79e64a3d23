"""A year's figures for a dashboard: who met the requirement, who falls short and by how much,
pending and returned work, who declared nothing, hours by type, subject and month.

Every figure comes from a fixed number of grouped queries, whatever the number of people. A
person's year is judged by `declarations.summary.year_summary` over their year's sums (one row
per status, subject and coverage), never by rules re-derived here. Figures keep the department a
record belonged to at the time: `Declaration.department` for hours, and for a person's year the
department of their sealed record or else of their latest record that year; only people who
declared nothing are counted in the department they are in now.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

import rules
from certificates.models import SealedRecord
from declarations.models import (
    SCALING_TYPES,
    Declaration,
    DeclarationHistory,
    Status,
    YearGroup,
)
from declarations.summary import YearSummary, year_summary
from portal.models import EmploymentStatus, User

# Categories a person's year falls in: every person in exactly one.
MET, SHORT, NOTHING = "met", "short", "nothing"
# Further figures, overlapping the categories.
PENDING, RETURNED = "pending", "returned"
SHORT_PUBLIC, SHORT_PROFESSIONAL = "short_public", "short_professional"
FIGURES = (MET, SHORT, NOTHING, PENDING, RETURNED, SHORT_PUBLIC, SHORT_PROFESSIONAL)
# How far short, in hours still missing: (above, up to); None: no upper end.
BANDS: tuple[tuple[int, int | None], ...] = ((0, 10), (10, 30), (30, 60), (60, None))
# The 13th month: work declared or approved after the year ended.
LATER = 13


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers. `departments` None: the whole unit. `subject` "": both subjects;
    a bureau reviewer's scope narrows it to one. `statuses`: what the viewer may see."""

    departments: tuple[int, ...] | None
    subject: str = ""
    statuses: tuple[str, ...] = tuple(Status.DEPARTMENT_SEES)

    def records(self, year: int) -> QuerySet[Declaration]:
        """The year's declarations in scope, by the department they belonged to then."""
        rows = self._declared(year)
        if self.departments is not None:
            rows = rows.filter(department__in=self.departments)
        return rows

    def _declared(self, year: int) -> QuerySet[Declaration]:
        rows = Declaration.objects.filter(year=year, status__in=self.statuses)
        if self.subject:
            # A leave adjustment (第八条) has no subject and scales both requirements.
            rows = rows.filter(Q(subject=self.subject) | Q(subject=""))
        return rows


@dataclass
class PersonYear:
    person_id: int
    department_id: int | None
    summary: YearSummary | None = None  # None: declared nothing
    pending: bool = False
    returned: bool = False

    @property
    def category(self) -> str:
        if self.summary is None:
            return NOTHING
        return MET if self.met else SHORT

    @property
    def met(self) -> bool:
        return self.summary is not None and self.summary.status.met

    def missing(self, subject: str) -> Decimal:
        """Hours still missing in `subject` (public, professional or "total": what it takes
        to meet the year, at least the two subjects' shortfalls together)."""
        if self.summary is None or self.met:
            return Decimal(0)
        short = self.summary.status.shortfall
        if subject == "total":
            return max(short["total"], short[rules.PUBLIC] + short[rules.PROFESSIONAL])
        return short[subject]

    def figures(self, subject: str) -> set[str]:
        """Which figures this person counts in. For a one-subject scope, met and short speak of
        that subject."""
        found = {PENDING} if self.pending else set()
        if self.returned:
            found.add(RETURNED)
        if self.summary is None:
            return found | {NOTHING}
        if subject:
            short = self.summary.status.shortfall[subject]
            found.add(SHORT if short else MET)
            if short:
                found.add(SHORT_PUBLIC if subject == rules.PUBLIC else SHORT_PROFESSIONAL)
            return found
        found.add(self.category)
        if not self.met:
            shortfall = self.summary.status.shortfall
            found |= {SHORT_PUBLIC} if shortfall[rules.PUBLIC] else set()
            found |= {SHORT_PROFESSIONAL} if shortfall[rules.PROFESSIONAL] else set()
        return found


def band_of(hours: Decimal) -> int:
    for index, (above, up_to) in enumerate(BANDS):
        if hours > above and (up_to is None or hours <= up_to):
            return index
    return -1


@functools.cache
def covers_of(text: str | None) -> frozenset[str]:
    return frozenset(json.loads(text) if text else ())


def people_years(year: int, scope: Scope) -> list[PersonYear]:
    """Every person counted in the scope's year, in four queries whatever their number."""
    declared = scope._declared(year)
    if scope.departments is not None:
        members = declared.filter(department__in=scope.departments).values("person_id")
        sealed_here = (
            SealedRecord.objects.current()
            .filter(year=year, department__in=scope.departments)
            .values("certificate__person_id")
        )
        declared = declared.filter(Q(person_id__in=members) | Q(person_id__in=sealed_here))
    groups = (
        declared.order_by()
        # Coverage as its JSON text: a handful of distinct values, each decoded once below.
        .annotate(covers_text=Cast("covers", TextField()))
        .values("person_id", "department_id", "status", "subject", "covers_text")
        .annotate(
            claimed=Sum("claimed_hours"),
            counted=Sum(Coalesce("approved_hours", "claimed_hours")),
            adjustments=Count("pk", filter=Q(type__in=SCALING_TYPES)),
            latest=Max("pk"),
        )
    )
    by_person: dict[int, list[YearGroup]] = defaultdict(list)
    latest: dict[int, tuple[int, int | None]] = {}
    for g in groups:
        pid = g["person_id"]
        by_person[pid].append(
            YearGroup(
                year,
                g["status"],
                g["subject"],
                covers_of(g["covers_text"]),
                g["claimed"],
                g["counted"],
                g["adjustments"],
            )
        )
        if g["latest"] > latest.get(pid, (0, None))[0]:
            latest[pid] = (g["latest"], g["department_id"])
    adjustments = {
        d.person_id: d
        for d in declared.filter(type__in=SCALING_TYPES, status=Status.APPROVED)
        .only("person_id", "type", "facts", "year", "status")
        .order_by("-pk")
    }
    sealed_in = Q(department__in=scope.departments) if scope.departments is not None else Q()
    if scope.departments is not None:
        # The sealed records of everyone met here: a year sealed elsewhere counts there.
        sealed_in |= Q(certificate__person_id__in=list(by_person)) | Q(
            certificate__person__department__in=scope.departments
        )
    sealed = dict(
        SealedRecord.objects.current()
        .filter(sealed_in, year=year)
        .values_list("certificate__person_id", "department_id")
    )
    staff = User.objects.filter(employment_status=EmploymentStatus.ACTIVE, department__isnull=False)
    if scope.departments is not None:
        staff = staff.filter(Q(department__in=scope.departments) | Q(pk__in=list(sealed)))
    current = dict(
        staff.exclude(pk__in=scope._declared(year).values("person_id")).values_list(
            "pk", "department_id"
        )
    )
    threshold = settings.DECLARATION_OVER_THRESHOLD
    people = []
    # Many people's years add up alike (the same sums by status and subject): each distinct
    # year is judged once. A year with a leave adjustment is judged on its own.
    judged: dict[frozenset[YearGroup], YearSummary] = {}
    for pid, person_groups in by_person.items():
        adjustment = adjustments.get(pid)
        if adjustment is None:
            key = frozenset(person_groups)
            summary = judged.get(key)
            if summary is None:
                summary = judged[key] = year_summary(year, person_groups, threshold)
        else:
            summary = year_summary(year, person_groups, threshold, adjustment)
        statuses = {g.status for g in person_groups}
        people.append(
            PersonYear(
                pid,
                sealed.get(pid, latest[pid][1]),
                summary,
                pending=bool(statuses & set(Status.PENDING)),
                returned=Status.RETURNED in statuses,
            )
        )
    for pid in sealed.keys() - by_person.keys():
        people.append(PersonYear(pid, sealed[pid]))
    for pid, department_id in current.items():
        if pid not in sealed:
            people.append(PersonYear(pid, department_id))
    if scope.departments is None:
        return people
    wanted = set(scope.departments)
    return [p for p in people if p.department_id in wanted]


@dataclass
class Tally:
    """How many people each figure counts, with the shortfall's hours and bands."""

    counts: Counter[str] = field(default_factory=Counter)
    missing: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    bands: dict[str, list[int]] = field(
        default_factory=lambda: {s: [0] * len(BANDS) for s in (*rules.SUBJECTS, "total")}
    )

    @property
    def people(self) -> int:
        return self.counts[MET] + self.counts[SHORT] + self.counts[NOTHING]

    def add(self, figures: frozenset[str], missing: tuple[tuple[str, Decimal, int], ...]) -> None:
        self.counts.update(figures)
        for part, hours, band in missing:
            self.missing[part] += hours
            if band >= 0:
                self.bands[part][band] += 1

    def merge(self, other: Tally) -> None:
        self.counts.update(other.counts)
        for part, hours in other.missing.items():
            self.missing[part] += hours
        for part, counts in other.bands.items():
            self.bands[part] = [a + b for a, b in zip(self.bands[part], counts, strict=True)]


def _contribution(
    person: PersonYear, subject: str
) -> tuple[frozenset[str], tuple[tuple[str, Decimal, int], ...]]:
    """The figures a person counts in, and for the short the hours missing with their band."""
    figures = frozenset(person.figures(subject))
    if SHORT not in figures:
        return figures, ()
    parts = (subject,) if subject else (*rules.SUBJECTS, "total")
    return figures, tuple(
        (part, person.missing(part), band_of(person.missing(part))) for part in parts
    )


def tally(people: Iterable[PersonYear], subject: str) -> tuple[Tally, dict[int | None, Tally]]:
    """The scope's tally and one per department. People judged alike (the same summary, the
    same pending and returned work) are reckoned once."""
    by_department: dict[int | None, Tally] = defaultdict(Tally)
    reckoned: dict[tuple[int, bool, bool], Any] = {}
    for person in people:
        key = (id(person.summary), person.pending, person.returned)
        contribution = reckoned.get(key)
        if contribution is None:
            contribution = reckoned[key] = _contribution(person, subject)
        by_department[person.department_id].add(*contribution)
    whole = Tally()
    for part in by_department.values():
        whole.merge(part)
    return whole, by_department


def matching(
    people: Iterable[PersonYear], subject: str, figure: str, band: int | None
) -> list[PersonYear]:
    """The people behind one figure (and one band of how far short, for the shortfall)."""
    found = [p for p in people if figure in p.figures(subject)]
    if band is None:
        return found
    part = subject or {SHORT_PUBLIC: rules.PUBLIC, SHORT_PROFESSIONAL: rules.PROFESSIONAL}.get(
        figure, "total"
    )
    return [p for p in found if band_of(p.missing(part)) == band]


@dataclass(frozen=True)
class Hours:
    approved: Decimal = Decimal(0)
    pending: Decimal = Decimal(0)


def hours_by(year: int, scope: Scope) -> tuple[dict[str, Hours], dict[str, Hours]]:
    """Approved (counted) and pending (claimed) hours by type and by subject, in one query."""
    rows = (
        scope.records(year)
        .filter(status__in=(Status.APPROVED, *Status.PENDING))
        .order_by()
        .values("type", "subject", "status")
        .annotate(hours=Sum(Coalesce("approved_hours", "claimed_hours")))
    )
    by_type: dict[str, Hours] = defaultdict(Hours)
    by_subject: dict[str, Hours] = defaultdict(Hours)
    for row in rows:
        for table, key in ((by_type, row["type"]), (by_subject, row["subject"])):
            old = table[key]
            if row["status"] == Status.APPROVED:
                table[key] = Hours(old.approved + row["hours"], old.pending)
            else:
                table[key] = Hours(old.approved, old.pending + row["hours"])
    return by_type, by_subject


def _moved(to_status: str, *, first: bool) -> Subquery:
    moves = DeclarationHistory.objects.filter(declaration=OuterRef("pk"), to_status=to_status)
    return Subquery(moves.order_by("at" if first else "-at").values("at")[:1])


def by_month(year: int, scope: Scope) -> tuple[list[Decimal], list[Decimal]]:
    """Hours declared (claimed, by the month first submitted) and approved (counted, by the
    month of approval), months 1–12 and a 13th for after the year; two grouped queries."""
    records = scope.records(year)
    declared = _month_sums(
        records.annotate(
            moved_at=_moved(Status.SUBMITTED, first=True), moved_hours=F("claimed_hours")
        ),
        year,
    )
    approved = _month_sums(
        records.filter(status=Status.APPROVED).annotate(
            moved_at=_moved(Status.APPROVED, first=False),
            moved_hours=Coalesce("approved_hours", "claimed_hours"),
        ),
        year,
    )
    return declared, approved


def _month_sums(moves: QuerySet[Declaration], year: int) -> list[Decimal]:
    """`moved_hours` summed by the month of `moved_at` in the unit's time zone: January also
    holds anything earlier, the 13th month anything after the year (or never moved). The
    months are told apart by comparisons in the database, not by a function per row."""
    zone = timezone.get_current_timezone()
    starts = [datetime(year, m, 1, tzinfo=zone) for m in range(2, 13)]
    starts.append(datetime(year + 1, 1, 1, tzinfo=zone))
    inner, params = moves.values("moved_at", "moved_hours").query.sql_with_params()  # type: ignore[misc]
    cases = " ".join(f"WHEN moved_at < %s THEN {m}" for m in range(1, 13))
    adapt = connection.ops.adapt_datetimefield_value
    # The ORM wrote `inner`; every value stays a bound parameter.
    sql = (
        f"SELECT CASE {cases} ELSE {LATER} END, SUM(moved_hours) "  # noqa: S608
        f"FROM ({inner}) AS moves GROUP BY 1"
    )
    sums = [Decimal(0)] * LATER
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(adapt(start) for start in starts), *params])
        for month, hours in cursor.fetchall():
            # SQLite sums decimals as floats: back to hundredths.
            sums[month - 1] = Decimal(str(hours)).quantize(Decimal("0.01"))
    return sums


def in_month(
    records: QuerySet[Declaration], year: int, month: int, *, approved: bool
) -> QuerySet[Declaration]:
    """The records declared (or approved) in `month` of `year` (13: after the year), as
    `by_month` counts them."""
    if approved:
        records = records.filter(status=Status.APPROVED).annotate(
            at=_moved(Status.APPROVED, first=False)
        )
    else:
        records = records.annotate(at=_moved(Status.SUBMITTED, first=True))
    zone = timezone.get_current_timezone()
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    if month == LATER:
        return records.filter(Q(at__gte=end) | Q(at__isnull=True))
    high = datetime(year, month + 1, 1, tzinfo=zone) if month < 12 else end
    if month > 1:  # January also holds anything declared before the year began
        records = records.filter(at__gte=datetime(year, month, 1, tzinfo=zone))
    return records.filter(at__lt=high)
