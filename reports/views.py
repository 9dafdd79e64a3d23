"""Dashboards: a year's figures with charts, and the lists behind every figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import rules
from declarations import i18n
from declarations.models import Status
from portal.models import Department, User
from reports import access, dashboards
from reports.access import Dashboard

PAGE_SIZE = 50
SUBJECT_LABELS = {
    rules.PUBLIC: gettext_lazy("Public subjects"),
    rules.PROFESSIONAL: gettext_lazy("Professional subjects"),
    "": gettext_lazy("No subject (leave adjustment)"),
}


class DashboardForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=2017, max_value=2100, required=False
    )
    department = forms.IntegerField(required=False, min_value=1)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _chosen(request: HttpRequest) -> tuple[int, Dashboard, DashboardForm]:
    """The year and the dashboard asked for; a bad year falls back to this year with the form's
    error shown, a department the user may not see is a 404."""
    this_year = timezone.localdate().year
    form = DashboardForm(request.GET or None, initial={"year": this_year})
    valid = form.is_valid()
    year = (form.cleaned_data["year"] if valid else None) or this_year
    department = form.cleaned_data.get("department") if valid else None
    return year, access.dashboard_for(_user(request), department), form


def _query(year: int, board: Dashboard, **more: Any) -> str:
    params: dict[str, Any] = {"year": year}
    if board.department is not None:
        params["department"] = board.department.pk
    params.update({k: v for k, v in more.items() if v is not None})
    return urlencode(params)


def _number(value: Decimal) -> float:
    return float(value)


@access.dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    year, board, form = _chosen(request)
    scope = board.scope
    people = dashboards.people_years(year, scope)
    whole, by_department = dashboards.tally(people, board.subject)
    by_type, by_subject = dashboards.hours_by(year, scope)
    declared, approved = dashboards.by_month(year, scope)

    people_url = reverse("reports:dashboard-people")
    records_url = reverse("reports:dashboard-records")

    def people_link(figure: str, band: int | None = None, department: int | None = None) -> str:
        query = _query(year, board, figure=figure, band=band)
        if department is not None:
            query = urlencode({"year": year, "department": department, "figure": figure})
        return f"{people_url}?{query}"

    def records_link(**more: Any) -> str:
        return f"{records_url}?{_query(year, board, **more)}"

    categories = [
        (dashboards.MET, _("Met the requirement")),
        (dashboards.SHORT, _("Declared, but fall short")),
        (dashboards.NOTHING, _("Declared nothing")),
    ]
    headline = [
        (figure, label, whole.counts[figure], people_link(figure))
        for figure, label in [
            *categories,
            (dashboards.PENDING, _("With work awaiting review")),
            (dashboards.RETURNED, _("With work returned to them")),
        ]
        if not (board.kind == "bureau" and figure == dashboards.RETURNED)
    ]
    subjects = (board.subject,) if board.subject else (rules.PUBLIC, rules.PROFESSIONAL)
    short_rows = [
        (
            subject,
            SUBJECT_LABELS[subject],
            whole.counts[_short_figure(subject)],
            whole.missing[subject],
            people_link(_short_figure(subject)),
        )
        for subject in subjects
    ]
    band_labels = [_band_label(b) for b in dashboards.BANDS]
    bands = [
        (
            label,
            [
                (whole.bands[subject][i], people_link(_short_figure(subject), band=i))
                for subject in subjects
            ],
        )
        for i, label in enumerate(band_labels)
    ]
    types = [
        (
            code,
            i18n.type_label(code),
            by_type[code],
            records_link(type=code, state="approved"),
            records_link(type=code, state="pending"),
        )
        for code in rules.HOUR_TYPES
        if code in by_type
    ]
    subject_rows = [
        (
            subject,
            SUBJECT_LABELS[subject],
            by_subject[subject],
            records_link(subject=subject or "none", state="approved"),
            records_link(subject=subject or "none", state="pending"),
        )
        for subject in (*(rules.PUBLIC, rules.PROFESSIONAL), "")
        if subject in by_subject
    ]
    month_labels = [date_format(date(year, m, 1), "YEAR_MONTH_FORMAT") for m in range(1, 13)] + [
        _("After the year")
    ]
    months = []
    running_declared = running_approved = Decimal(0)
    for m in range(dashboards.LATER):
        running_declared += declared[m]
        running_approved += approved[m]
        months.append(
            (
                month_labels[m],
                (declared[m], running_declared, records_link(declared_month=m + 1)),
                (approved[m], running_approved, records_link(approved_month=m + 1)),
            )
        )
    departments = []
    if board.department is None and len(board.choices) > 1:
        shown = [d for d in board.choices if d.active or d.pk in by_department]
        departments = [
            (
                d,
                by_department[d.pk].people,
                [
                    (by_department[d.pk].counts[f], people_link(f, department=d.pk))
                    for f, _label in categories
                ],
                f"{reverse('reports:dashboard')}?{urlencode({'year': year, 'department': d.pk})}",
            )
            for d in shown
        ]
    charts = {
        "people": {
            "type": "bar",
            "labels": [label for _f, label in categories],
            "datasets": [
                {"label": _("People"), "data": [whole.counts[f] for f, _label in categories]}
            ],
            "links": [people_link(f) for f, _label in categories],
        },
        "bands": {
            "type": "bar",
            "labels": band_labels,
            "datasets": [
                {
                    "label": str(SUBJECT_LABELS[subject]),
                    "data": [whole.bands[subject][i] for i in range(len(band_labels))],
                }
                for subject in subjects
            ],
        },
        "types": {
            "type": "bar",
            "horizontal": True,
            "labels": [row[1] for row in types],
            "datasets": [
                {"label": _("Approved"), "data": [_number(row[2].approved) for row in types]},
                {"label": _("Pending"), "data": [_number(row[2].pending) for row in types]},
            ],
            "stacked": True,
        },
        "subjects": {
            "type": "bar",
            "labels": [str(row[1]) for row in subject_rows],
            "datasets": [
                {"label": _("Approved"), "data": [_number(r[2].approved) for r in subject_rows]},
                {"label": _("Pending"), "data": [_number(r[2].pending) for r in subject_rows]},
            ],
            "stacked": True,
        },
        "months": {
            "type": "line",
            "labels": month_labels,
            "datasets": [
                {"label": _("Declared, running total"), "data": [_number(r[1][1]) for r in months]},
                {"label": _("Approved, running total"), "data": [_number(r[2][1]) for r in months]},
            ],
        },
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "year": year,
            "board": board,
            "form": form,
            "people_total": whole.people,
            "headline": headline,
            "short_rows": short_rows,
            "subject_headers": [SUBJECT_LABELS[s] for s in subjects],
            "bands": bands,
            "types": types,
            "subject_rows": subject_rows,
            "months": months,
            "departments": departments,
            "charts": charts,
            "work_links": _work_links(year, board),
        },
    )


def _short_figure(subject: str) -> str:
    return dashboards.SHORT_PUBLIC if subject == rules.PUBLIC else dashboards.SHORT_PROFESSIONAL


def _band_label(band: tuple[int, int | None]) -> str:
    above, up_to = band
    if up_to is None:
        return _("over %(n)s hours") % {"n": above}
    if above == 0:
        return _("up to %(n)s hours") % {"n": up_to}
    return _("%(low)s–%(high)s hours") % {"low": above, "high": up_to}


def _work_links(year: int, board: Dashboard) -> list[tuple[str, str]]:
    """The pages where the work behind the figures is done."""
    if board.kind == "bureau":
        query = urlencode({"year": year, "status": Status.DEPARTMENT_APPROVED})
        return [(_("Bureau approval queue"), f"{reverse('review:bureau-queue')}?{query}")]
    links = [(_("Department review queue"), f"{reverse('review:queue')}?year={year}")]
    if board.kind == "departments":
        links.append((_("Who has not declared"), f"{reverse('review:not-declared')}?year={year}"))
    else:
        records = {"year": year}
        if board.department is not None:
            records["department"] = board.department.pk
        links.append(
            (_("Every department's records"), f"{reverse('hr:records')}?{urlencode(records)}")
        )
        links.append((_("Progress by department"), f"{reverse('hr:progress')}?year={year}"))
    return links


FIGURE_TITLES = {
    dashboards.MET: gettext_lazy("Met the requirement"),
    dashboards.SHORT: gettext_lazy("Declared, but fall short"),
    dashboards.NOTHING: gettext_lazy("Declared nothing"),
    dashboards.PENDING: gettext_lazy("With work awaiting review"),
    dashboards.RETURNED: gettext_lazy("With work returned to them"),
    dashboards.SHORT_PUBLIC: gettext_lazy("Short of public-subject hours"),
    dashboards.SHORT_PROFESSIONAL: gettext_lazy("Short of professional-subject hours"),
}


@access.dashboard_required
def dashboard_people(request: HttpRequest) -> HttpResponse:
    """The people behind one figure of the dashboard, a page at a time."""
    year, board, _form = _chosen(request)
    figure = request.GET.get("figure", "")
    if figure not in FIGURE_TITLES:
        figure = dashboards.SHORT
    band = _int(request.GET.get("band"))
    if band is not None and not 0 <= band < len(dashboards.BANDS):
        band = None
    people = dashboards.matching(
        dashboards.people_years(year, board.scope), board.subject, figure, band
    )
    found = {
        p.pk: p for p in User.objects.filter(pk__in=[x.person_id for x in people]).only("name")
    }
    departments = dict(Department.objects.values_list("pk", "name"))
    people.sort(
        key=lambda p: (
            departments.get(p.department_id or 0, ""),
            found[p.person_id].name,
            p.person_id,
        )
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "person": found[p.person_id],
            "department": departments.get(p.department_id or 0, ""),
            "summary": p.summary,
            "missing": p.missing(board.subject or "total"),
            "pending": p.pending,
            "returned": p.returned,
        }
        for p in page
    ]
    return render(
        request,
        "reports/dashboard_people.html",
        {
            "year": year,
            "board": board,
            "title": FIGURE_TITLES[figure],
            "band": _band_label(dashboards.BANDS[band]) if band is not None else "",
            "rows": rows,
            "page": page,
            "extra": _query(year, board, figure=figure, band=band),
            "back": f"{reverse('reports:dashboard')}?{_query(year, board)}",
            "person_links": board.kind == "unit",
        },
    )


STATES = {
    "approved": (Status.APPROVED,),
    "pending": tuple(Status.PENDING),
}


@access.dashboard_required
def dashboard_records(request: HttpRequest) -> HttpResponse:
    """The declarations behind an hours figure (by type, subject or month), a page at a time."""
    year, board, _form = _chosen(request)
    records = board.scope.records(year)
    described = []
    state = request.GET.get("state", "")
    if state in STATES:
        records = records.filter(status__in=STATES[state])
        described.append(_("approved") if state == "approved" else _("pending"))
    code = request.GET.get("type", "")
    if code in rules.HOUR_TYPES:
        records = records.filter(type=code)
        described.append(i18n.type_label(code))
    subject = request.GET.get("subject", "")
    if subject in (*rules.SUBJECTS, "none"):
        records = records.filter(subject="" if subject == "none" else subject)
        described.append(str(SUBJECT_LABELS["" if subject == "none" else subject]))
    for name, approved in (("declared_month", False), ("approved_month", True)):
        month = _int(request.GET.get(name))
        if month is not None and 1 <= month <= dashboards.LATER:
            records = dashboards.in_month(records, year, month, approved=approved)
            label = (
                _("After the year")
                if month == dashboards.LATER
                else date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
            )
            described.append(
                (_("approved in %(month)s") if approved else _("declared in %(month)s"))
                % {"month": label}
            )
    after = _int(request.GET.get("after"))
    page = records.order_by("-pk")
    if after is not None:
        page = page.filter(pk__lt=after)
    rows = list(page.select_related("person", "department")[: PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "reports/dashboard_records.html",
        {
            "year": year,
            "board": board,
            "described": i18n.join(described),
            "rows": rows[:PAGE_SIZE],
            "next_after": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
            "query": query.urlencode(),
            "back": f"{reverse('reports:dashboard')}?{_query(year, board)}",
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
