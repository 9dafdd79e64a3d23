"""A batch's people, from a file (ID number or certificate number, name, hours) or picked from a
department's roster, checked row by row before anything is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

import rules
from batches.models import Batch, BatchRow
from portal import idnumbers
from portal.models import User
from portal.tables import UnreadableFile, read_table

__all__ = ["UnreadableFile", "check_file", "check_people", "read_table"]

HEADERS = {
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "id number": "id_number",
    "id_number": "id_number",
    "证书编号": "certificate",
    "证书号": "certificate",
    "继续教育证书编号": "certificate",
    "certificate number": "certificate",
    "certificate": "certificate",
    "身份证号或证书编号": "either",
    "id or certificate number": "either",
    "姓名": "name",
    "name": "name",
    "学时": "hours",
    "hours": "hours",
}
TEMPLATE_HEADERS = ("身份证号或证书编号", "姓名", "学时")
MAX_ROWS = 5000
CERTIFICATE_NUMBER = re.compile(r"^\d{13}$")


def max_hours(batch: Batch) -> Decimal:
    """The most one row may credit: the hours fact's bound for the batch's type."""
    fact = next(f for f in rules.HOUR_TYPES[batch.type].facts if f.name == "hours")
    assert fact.maximum is not None
    return fact.maximum


def check_file(batch: Batch, table: list[list[str]]) -> list[dict[str, Any]]:
    """One report per data row of the file. Four queries whatever its size."""
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise UnreadableFile(_("The file is empty."))
    header = [HEADERS.get(cell.strip().lower(), "") for cell in table[0]]
    if "name" not in header or not {"id_number", "certificate", "either"} & set(header):
        raise UnreadableFile(
            _(
                "The first row must name the columns: ID number or certificate number, name "
                "and, unless every person gets the batch's hours, hours."
            )
        )
    if len(table) - 1 > MAX_ROWS:
        raise UnreadableFile(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
    raw = []
    for line, cells in enumerate(table[1:], start=2):
        values = {key: "" for key in ("id_number", "certificate", "either", "name", "hours")}
        for key, cell in zip(header, cells, strict=False):
            if key:
                values[key] = cell.strip()
        raw.append((line, values))
    hashes: dict[int, str] = {}
    numbers: dict[int, str] = {}
    problems: dict[int, list[str]] = {line: [] for line, _v in raw}
    for line, values in raw:
        identifier = values["id_number"] or values["certificate"] or values["either"]
        compact = "".join(identifier.split())
        if CERTIFICATE_NUMBER.match(compact):
            numbers[line] = compact
        elif compact:
            try:
                hashes[line] = idnumbers.lookup_hash(idnumbers.validate(compact))
            except ValidationError as error:
                problems[line].append(
                    _("ID number: %(error)s") % {"error": " ".join(error.messages)}
                )
        else:
            problems[line].append(_("Neither an ID number nor a certificate number."))
    people = User.objects.only("pk", "id_hash", "name", "id_masked", "department_id", "is_active")
    by_hash = {p.id_hash: p for p in people.filter(id_hash__in=hashes.values())}
    by_number = _by_certificate(people, set(numbers.values()))
    found: list[tuple[int, User | None, str, str]] = []
    for line, values in raw:
        person = by_hash.get(hashes.get(line, "")) or by_number.get(numbers.get(line, ""))
        if person is None and not problems[line]:
            problems[line].append(_("Unknown person: nobody in the portal has this number."))
        found.append((line, person, values["name"], values["hours"]))
    return _report(batch, found, problems)


def _by_certificate(people: QuerySet[User], numbers: set[str]) -> dict[str, User]:
    if not numbers:
        return {}
    rows = people.filter(certificate__number__in=numbers).values_list("certificate__number", "pk")
    pks = dict(rows)
    loaded = {p.pk: p for p in people.filter(pk__in=pks.values())}
    return {number: loaded[pk] for number, pk in pks.items()}


def check_people(batch: Batch, people: QuerySet[User]) -> list[dict[str, Any]]:
    """Reports for people picked from a roster: each gets the batch's hours."""
    found: list[tuple[int, User | None, str, str]] = [
        (line, person, person.name, "")
        for line, person in enumerate(
            people.only("pk", "name", "id_masked", "department_id", "is_active").order_by(
                "name", "pk"
            ),
            start=1,
        )
    ]
    return _report(batch, found, {line: [] for line, *_rest in found})


def _report(
    batch: Batch,
    found: list[tuple[int, User | None, str, str]],
    problems: dict[int, list[str]],
) -> list[dict[str, Any]]:
    credited = dict(
        BatchRow.objects.filter(
            event_key=batch.event_key,
            active=True,
            person__in=[p.pk for _l, p, _n, _h in found if p is not None],
        ).values_list("person", "batch__title")
    )
    limit = max_hours(batch)
    seen: dict[int, int] = {}
    reports = []
    for line, person, name, hours_text in found:
        issues = problems[line]
        if person is not None:
            if not person.is_active:
                issues.append(_("Unknown person: this account is closed."))
            if name and name != person.name:
                issues.append(
                    _("The name does not match the number: the portal has “%(name)s”.")
                    % {"name": person.name}
                )
            elif not name:
                issues.append(_("The name is empty."))
            if person.pk in seen:
                issues.append(_("The same person as row %(line)s.") % {"line": seen[person.pk]})
            else:
                seen[person.pk] = line
            if batch.department_id and person.department_id != batch.department_id:
                issues.append(_("Not in this batch's department."))
            if person.pk in credited:
                issues.append(
                    _("Already credited for this training (batch “%(title)s”).")
                    % {"title": credited[person.pk]}
                )
        hours = _hours(hours_text, batch, limit, issues)
        reports.append(
            {
                "line": line,
                "person": person.pk if person is not None else None,
                "id_masked": person.id_masked if person is not None else "",
                "name": name[:50],
                "hours": str(hours) if hours is not None else "",
                "problems": issues,
            }
        )
    return reports


def _hours(text: str, batch: Batch, limit: Decimal, issues: list[str]) -> Decimal | None:
    if not text:
        if batch.hours is None:
            issues.append(_("No hours: give them in the file or for the whole batch."))
        return batch.hours
    try:
        hours = Decimal(text)
    except InvalidOperation:
        issues.append(_("The hours are not a number: “%(text)s”.") % {"text": text[:20]})
        return None
    if not hours.is_finite() or hours <= 0 or hours > limit:
        issues.append(
            _("The hours are out of range: more than 0 and at most %(limit)s.") % {"limit": limit}
        )
        return None
    return hours.quantize(Decimal("0.01"))
