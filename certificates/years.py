"""People's years as the certificate shows them: live figures from approved declarations next to
what the HR office sealed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from certificates.models import SealedRecord, counted_declarations
from declarations.models import Declaration
from declarations.summary import YearSummary, summary_of_rows
from portal.models import EmploymentStatus, User


@dataclass(frozen=True)
class PersonYear:
    person: User
    year: int
    summary: YearSummary
    counted: list[Declaration]
    record: SealedRecord | None
    revisions: list[SealedRecord] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.summary.status.met

    @property
    def stale(self) -> bool:
        return bool(self.record is not None and getattr(self.record, "stale", False))


def in_unit() -> QuerySet[User]:
    """Everyone whose year the HR office closes: staff on the books, in a department."""
    return User.objects.filter(
        employment_status=EmploymentStatus.ACTIVE, department__isnull=False
    ).select_related("department", "certificate")


def people_years(people: QuerySet[User], year: int) -> list[PersonYear]:
    """Each person's year in three queries, whatever the number of people."""
    persons = list(people.order_by("department__name", "name", "pk"))
    rows: dict[int, list[Declaration]] = defaultdict(list)
    for declaration in Declaration.objects.visible().filter(person__in=people, year=year):
        rows[declaration.person_id].append(declaration)
    records = {
        r.certificate.person_id: r
        for r in SealedRecord.objects.current()
        .with_stale()
        .select_related("certificate", "sealed_by")
        .filter(certificate__person__in=people, year=year)
    }
    threshold = settings.DECLARATION_OVER_THRESHOLD
    result = []
    for person in persons:
        summary = summary_of_rows(year, rows[person.pk], threshold)
        result.append(
            PersonYear(
                person=person,
                year=year,
                summary=summary,
                counted=counted_declarations(rows[person.pk], summary),
                record=records.get(person.pk),
            )
        )
    return result


def years_of(person: User, *, with_revoked: bool) -> list[PersonYear]:
    """Every year the person declared in or has a sealed record for, newest first."""
    rows: dict[int, list[Declaration]] = defaultdict(list)
    for declaration in Declaration.objects.visible().filter(person=person):
        rows[declaration.year].append(declaration)
    revisions: dict[int, list[SealedRecord]] = defaultdict(list)
    records = SealedRecord.objects.with_stale().select_related("sealed_by", "revoked_by")
    if not with_revoked:
        records = records.current()
    for record in records.filter(certificate__person=person):
        revisions[record.year].append(record)
    years = sorted({timezone.localdate().year, *rows, *revisions}, reverse=True)
    threshold = settings.DECLARATION_OVER_THRESHOLD
    result = []
    for year in years:
        summary = summary_of_rows(year, rows[year], threshold)
        result.append(
            PersonYear(
                person=person,
                year=year,
                summary=summary,
                counted=counted_declarations(rows[year], summary),
                record=next((r for r in revisions[year] if r.is_current), None),
                revisions=revisions[year],
            )
        )
    return result


def deadline(year: int) -> date:
    month, day = (int(part) for part in settings.CERTIFICATE_YEAR_DEADLINE.split("-"))
    return date(year, month, day)


def reminding(today: date) -> bool:
    """From CERTIFICATE_REMINDER_DAYS before the year's deadline until the deadline itself."""
    end = deadline(today.year)
    return (end - today).days <= settings.CERTIFICATE_REMINDER_DAYS and today <= end
