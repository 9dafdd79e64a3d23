"""What each export holds: its columns (Chinese headers through the translations) and its rows,
read in chunks so that memory stays flat however many rows there are. Written by the generic
writer of `portal.spreadsheets`.

An export is described by its kind and JSON parameters (`Export.parameters`), so a background
task can make the same file the request would have made; `definition()` turns them back into
rows, checking again what the requester may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict as HttpQueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from declarations import i18n
from declarations.models import Declaration, Status
from hr.figures import summary_of
from hr.forms import RecordsFilterForm
from portal import idnumbers
from portal.models import Department, EmploymentStatus, User
from portal.spreadsheets import Column
from reports import access
from review.forms import QueueFilterForm
from review.queues import filter_declarations

# Rows read from the database at a time.
CHUNK = 2000
# People whose year is summed at a time (one query for them, one for their declarations).
PEOPLE_CHUNK = 500

ID_NUMBER = Column(gettext_lazy("ID number"), text=True, width=22)
CERTIFICATE = Column(gettext_lazy("Certificate number"), text=True, width=16)


def background_rows() -> int:
    """Bigger XLSX files are written by the background worker, with their progress shown."""
    return int(settings.EXPORT_BACKGROUND_ROWS)


@dataclass
class Definition:
    """One export's file: its columns, how many rows, the rows, and its file name."""

    columns: Sequence[Column]
    queryset: QuerySet[Any]
    rows_of: Callable[[QuerySet[Any], bool], Iterator[Sequence[Any]]]
    file_name: str
    title: str

    def count(self) -> int:
        return self.queryset.count()

    def rows(self, *, full_ids: bool = False) -> Iterator[Sequence[Any]]:
        return self.rows_of(self.queryset, full_ids)


# People of a department or of the unit, with their yearly figures ---------------------------


def people_definition(user: User, year: int, department: Department | None) -> Definition:
    departments = access.export_departments(user)
    if department is not None:
        departments = departments.filter(pk=department.pk)
    people = User.objects.filter(
        employment_status=EmploymentStatus.ACTIVE, department__in=departments
    ).order_by("department__name", "name", "pk")
    columns = [
        Column(gettext_lazy("Department"), width=16),
        Column(gettext_lazy("Name"), width=10),
        ID_NUMBER,
        CERTIFICATE,
        Column(gettext_lazy("Professional title"), width=10),
        Column(gettext_lazy("Year")),
        Column(gettext_lazy("Public subjects (hours)")),
        Column(gettext_lazy("Public subjects required")),
        Column(gettext_lazy("Professional subjects (hours)")),
        Column(gettext_lazy("Professional subjects required")),
        Column(gettext_lazy("Total (hours)")),
        Column(gettext_lazy("Total required")),
        Column(gettext_lazy("Short by (hours)")),
        Column(gettext_lazy("Awaiting review (hours)")),
        Column(pgettext_lazy("spreadsheet column, answered yes or no", "Met the requirement")),
    ]
    scope = department.name if department is not None else _("unit")
    return Definition(
        columns=columns,
        queryset=people,
        rows_of=lambda people, full_ids: _people_rows(people, year, full_ids=full_ids),
        file_name=_("hours-%(year)s-%(scope)s") % {"year": year, "scope": scope},
        title=str(year),
    )


PERSON_FIELDS = (
    "pk",
    "department__name",
    "name",
    "id_masked",
    "certificate__number",
    "title",
)


def _people_rows(people: QuerySet[User], year: int, *, full_ids: bool) -> Iterator[list[Any]]:
    """Each person's year in two queries per PEOPLE_CHUNK people: their columns, then their
    declarations of the year, summed here as on their own pages."""
    met, not_met = _("Met"), _("Not met")
    fields = (*PERSON_FIELDS, "id_encrypted") if full_ids else PERSON_FIELDS
    ids = list(people.values_list("pk", flat=True))
    for start in range(0, len(ids), PEOPLE_CHUNK):
        chunk = ids[start : start + PEOPLE_CHUNK]
        persons = people.filter(pk__in=chunk).values_list(*fields)
        declarations: dict[int, list[Declaration]] = defaultdict(list)
        for declaration in (
            Declaration.objects.visible()
            .filter(person__in=chunk, year=year)
            .only(
                "person_id",
                "status",
                "type",
                "subject",
                "facts",
                "year",
                "claimed_hours",
                "approved_hours",
                "covers",
            )
        ):
            declarations[declaration.person_id].append(declaration)
        for person in persons:
            summary = summary_of(year, declarations[person[0]])
            public, professional, total = summary.bars
            id_number = idnumbers.decrypt(person[6]) if full_ids else person[3]
            yield [
                person[1],
                person[2],
                id_number,
                person[4],
                person[5],
                year,
                public.counted,
                public.required,
                professional.counted,
                professional.required,
                total.counted,
                total.required,
                max(total.shortfall, public.shortfall + professional.shortfall),
                total.pending,
                met if summary.status.met else not_met,
            ]


# Declarations, filtered as on the list they are exported from --------------------------------

DECLARATION_FIELDS = (
    "pk",
    "person__name",
    "person__id_masked",
    "person__certificate__number",
    "department__name",
    "year",
    "type",
    "subject",
    "title",
    "organiser",
    "starts_on",
    "ends_on",
    "claimed_hours",
    "computed_hours",
    "approved_hours",
    "status",
)

SCOPE_STATUSES = {
    "records": (Status.DRAFT, *Status.DEPARTMENT_SEES),
    "department": Status.DEPARTMENT_SEES,
    "bureau": Status.BUREAU_SEES,
}
SCOPE_DEFAULT_STATUS = {
    "records": "all",
    "department": Status.AWAITING["department"],
    "bureau": Status.AWAITING["bureau"],
}


def declaration_filter_form(scope: str, query: HttpQueryDict | dict[str, Any]) -> QueueFilterForm:
    """The list page's own filter form, bound to its query string."""
    data = query if isinstance(query, HttpQueryDict) else _query_dict(query)
    if scope == "records":
        return RecordsFilterForm(data or None, statuses=SCOPE_STATUSES[scope])
    return QueueFilterForm(
        data or None,
        statuses=SCOPE_STATUSES[scope],
        initial={"status": SCOPE_DEFAULT_STATUS[scope]},
    )


def declarations_definition(
    user: User, scope: str, query: HttpQueryDict | dict[str, Any]
) -> Definition:
    """What the list at `scope` shows this user with these filters, every page of it."""
    everything = access.declarations_to_export(user, scope)
    form = declaration_filter_form(scope, query)
    filtered = filter_declarations(everything, form, SCOPE_DEFAULT_STATUS[scope])
    if form.is_valid() and form.cleaned_data.get("department"):
        filtered = filtered.filter(department=form.cleaned_data["department"])
    filtered = filtered.order_by("pk")
    columns = [
        Column(gettext_lazy("No.")),
        Column(gettext_lazy("Name"), width=10),
        ID_NUMBER,
        CERTIFICATE,
        Column(gettext_lazy("Department"), width=16),
        Column(gettext_lazy("Year")),
        Column(gettext_lazy("Type"), width=24),
        Column(gettext_lazy("Subject"), width=10),
        Column(gettext_lazy("Title"), width=30),
        Column(gettext_lazy("Organiser"), width=20),
        Column(gettext_lazy("Start date"), width=12),
        Column(gettext_lazy("End date"), width=12),
        Column(gettext_lazy("Claimed hours")),
        Column(gettext_lazy("Computed hours")),
        Column(gettext_lazy("Approved hours")),
        Column(gettext_lazy("Status"), width=14),
    ]
    return Definition(
        columns=columns,
        queryset=filtered,
        rows_of=lambda rows, full_ids: _declaration_rows(rows, full_ids=full_ids),
        file_name=_("declarations-%(date)s") % {"date": timezone.localdate().isoformat()},
        title=_("Declarations"),
    )


def _declaration_rows(queryset: QuerySet[Declaration], *, full_ids: bool) -> Iterator[list[Any]]:
    statuses = {code: str(label) for code, label in Status.choices}
    subjects = {
        code: str(label) for code, label in Declaration._meta.get_field("subject").choices or ()
    }
    types: dict[str, str] = {}
    fields = (*DECLARATION_FIELDS, "person__id_encrypted") if full_ids else DECLARATION_FIELDS
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        values = list(row[:16])
        if full_ids:
            values[2] = idnumbers.decrypt(row[16])
        code = values[6]
        label = types.get(code)
        if label is None:
            label = types[code] = i18n.type_label(code)
        values[6] = label
        values[7] = subjects.get(values[7], "")
        values[15] = statuses.get(values[15], values[15])
        yield values


# From an Export row's parameters -----------------------------------------------------------


def definition(user: User, kind: str, parameters: dict[str, Any]) -> Definition:
    """The definition an export's parameters describe, as `user` may see it now."""
    if kind == "people":
        department = None
        if parameters.get("department"):
            department = access.export_departments(user).filter(pk=parameters["department"]).first()
            if department is None:
                raise PermissionDenied
        return people_definition(user, int(parameters["year"]), department)
    return declarations_definition(user, parameters["scope"], parameters.get("query") or {})


def _query_dict(values: dict[str, Any]) -> HttpQueryDict:
    query = HttpQueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = str(value)
    return query
