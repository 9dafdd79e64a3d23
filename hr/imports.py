"""Reading and checking a file of people (CSV or XLSX) before anything is written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from portal import idnumbers
from portal.forms import PHONE_PATTERN
from portal.models import Department, User
from portal.tables import UnreadableFile, read_table

__all__ = ["UnreadableFile", "check", "read_table"]

COLUMNS = ("id_number", "name", "department", "phone", "title", "email")
# Headers as people write them, in either language.
HEADERS = {
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "id number": "id_number",
    "id_number": "id_number",
    "姓名": "name",
    "name": "name",
    "部门": "department",
    "系部": "department",
    "department": "department",
    "手机": "phone",
    "手机号": "phone",
    "电话": "phone",
    "phone": "phone",
    "职称": "title",
    "title": "title",
    "邮箱": "email",
    "电子邮箱": "email",
    "e-mail": "email",
    "email": "email",
}
TEMPLATE_HEADERS = ("身份证号", "姓名", "部门", "手机", "职称", "邮箱")
MAX_ROWS = 5000


def check(table: list[list[str]]) -> list[dict[str, Any]]:
    """One report per data row: the values (the ID number encrypted and masked), what is wrong,
    and whether the person is already registered. Two queries whatever the size."""
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise UnreadableFile(_("The file is empty."))
    header = [HEADERS.get(cell.strip().lower(), "") for cell in table[0]]
    missing = [c for c in ("id_number", "name", "department") if c not in header]
    if missing:
        raise UnreadableFile(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise UnreadableFile(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
    departments = {d.name: d.pk for d in Department.objects.filter(active=True)}
    reports: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        values = {key: "" for key in COLUMNS}
        for key, cell in zip(header, cells, strict=False):
            if key:
                values[key] = cell
        reports.append(_check_row(line, values, departments, seen))
    registered = set(
        User.objects.filter(
            id_hash__in=[r["id_hash"] for r in reports if r["id_hash"]]
        ).values_list("id_hash", flat=True)
    )
    for report in reports:
        report["existing"] = report["id_hash"] in registered
    return reports


def _check_row(
    line: int, values: dict[str, str], departments: dict[str, int], seen: dict[str, int]
) -> dict[str, Any]:
    problems = []
    number = ""
    try:
        number = idnumbers.validate(values["id_number"])
    except ValidationError as error:
        problems.append(_("ID number: %(error)s") % {"error": " ".join(error.messages)})
    if number and number in seen:
        problems.append(_("The same ID number as row %(line)s.") % {"line": seen[number]})
    elif number:
        seen[number] = line
    name = values["name"].strip()
    if not name:
        problems.append(_("The name is empty."))
    elif len(name) > 50:
        problems.append(_("The name is longer than 50 characters."))
    department = departments.get(values["department"].strip())
    if department is None:
        problems.append(
            _("Unknown department: “%(name)s”.") % {"name": values["department"].strip()}
        )
    phone = "".join(values["phone"].split())
    if phone and not PHONE_PATTERN.match(phone):
        problems.append(_("The phone number is not a mobile or landline number."))
    email = values["email"].strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("The e-mail address is not valid."))
    return {
        "line": line,
        "id_hash": idnumbers.lookup_hash(number) if number else "",
        "id_encrypted": idnumbers.encrypt(number) if number else "",
        "id_masked": idnumbers.mask(number) if number else "",
        "name": name[:50],
        "department": department,
        "department_name": values["department"].strip()[:100],
        "phone": phone[:20],
        "title": values["title"].strip()[:50],
        "email": email[:254],
        "problems": problems,
    }
