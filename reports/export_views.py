"""Excel and CSV exports of people's yearly figures and of declarations.

Small files are made in the request (CSV streamed at any size, XLSX through a temporary
file); an XLSX of more than `EXPORT_BACKGROUND_ROWS` rows, and every file with full ID numbers,
is written by the background worker while a page shows its progress."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.models import User
from portal.spreadsheets import CONTENT_TYPES, XLSX, spreadsheet_response
from reports import access
from reports.export_forms import FormatForm, FullIdsForm, PeopleExportForm
from reports.exports import Definition, background_rows, declarations_definition, people_definition
from reports.models import Export
from reports.tasks import build_export

logger = logging.getLogger(__name__)

# Filter parameters a list page passes on; paging and the format are not filters.
NOT_FILTERS = {"after", "page", "format"}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access.people_exporter_required
def people(request: HttpRequest) -> HttpResponse:
    """The form; with `format` in the query, the file."""
    user = _user(request)
    asked = "format" in request.GET
    initial = {"year": request.GET.get("year") or timezone.localdate().year}
    form = PeopleExportForm(request.GET if asked else None, user=user, initial=initial)
    if asked and form.is_valid():
        data = form.cleaned_data
        made = people_definition(user, data["year"], data["department"])
        parameters = {
            "year": data["year"],
            "department": data["department"].pk if data["department"] else None,
        }
        return _deliver(request, made, form.chosen_format(), Export.Kind.PEOPLE, parameters)
    full_ids_query = request.GET.copy()
    full_ids_query["kind"] = Export.Kind.PEOPLE
    return render(
        request,
        "reports/export_people.html",
        {"form": form, "full_ids_query": full_ids_query.urlencode()},
        status=400 if asked else 200,
    )


@access.exporter_required
def declarations(request: HttpRequest, scope: str) -> HttpResponse:
    """Every row of a list page (the HR office's records, a review queue) with its filters."""
    user = _user(request)
    made = declarations_definition(user, scope, request.GET)
    fmt = FormatForm(request.GET).chosen_format()
    return _deliver(
        request,
        made,
        fmt,
        Export.Kind.DECLARATIONS,
        {"scope": scope, "query": _filters(request)},
    )


def _deliver(
    request: HttpRequest, made: Definition, fmt: str, kind: str, parameters: dict[str, Any]
) -> HttpResponse:
    """The file in this response, or the page of a background export when it is a big XLSX."""
    if fmt == XLSX and made.count() > background_rows():
        export = Export.objects.create(
            kind=kind, format=fmt, parameters=parameters, requested_by=_user(request)
        )
        transaction.on_commit(lambda: build_export.enqueue(export.pk))
        return redirect("reports:export", pk=export.pk)
    return spreadsheet_response(  # type: ignore[return-value]
        fmt, made.columns, made.rows(), made.file_name, title=made.title
    )


@never_cache
@access.full_ids_required
def full_ids(request: HttpRequest) -> HttpResponse:
    """The HR office asks for a file with full ID numbers: a reason, a log row, then the file is
    written in the background and offered to the requester only. People: the year and
    department are chosen here; declarations: the list's filters come in the query string."""
    kind = request.GET.get("kind") or Export.Kind.PEOPLE
    if kind not in Export.Kind.values:
        raise Http404
    user = _user(request)
    posted = request.method == "POST"
    form = FullIdsForm(request.POST if posted else None)
    chosen = None
    described: Definition | None = None
    parameters: dict[str, Any] = {}
    if kind == Export.Kind.PEOPLE:
        given = request.POST if posted else (request.GET if "year" in request.GET else None)
        chosen = PeopleExportForm(given, user=user, initial={"year": timezone.localdate().year})
        del chosen.fields["format"]  # always XLSX: a CSV would lose the digits in Excel
        if chosen.is_valid():
            department = chosen.cleaned_data["department"]
            parameters = {
                "year": chosen.cleaned_data["year"],
                "department": department.pk if department else None,
            }
    else:
        scope = request.GET.get("scope") or "records"
        if scope not in access.DECLARATION_SCOPES:
            raise Http404
        query = _filters(request)
        query.pop("kind", None)
        query.pop("scope", None)
        parameters = {"scope": scope, "query": query}
        described = declarations_definition(user, scope, request.GET)
    if posted and form.is_valid() and (chosen is None or chosen.is_valid()):
        export = Export.objects.create(
            kind=kind,
            format=XLSX,
            parameters=parameters,
            requested_by=user,
            full_ids=True,
            reason=form.cleaned_data["reason"],
        )
        logger.info("Export %s with full ID numbers requested by person %s", export.pk, user.pk)
        transaction.on_commit(lambda: build_export.enqueue(export.pk))
        return redirect("reports:export", pk=export.pk)
    return render(
        request,
        "reports/export_full_ids.html",
        {
            "form": form,
            "chosen": chosen,
            "kind": kind,
            "file_name": described.file_name if described else "",
            "rows": described.count() if described else None,
        },
    )


@access.exporter_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/export.html", {"export": access.export_for(_user(request), pk)})


@never_cache
@access.exporter_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.export_for(_user(request), pk)
    if found.state != Export.State.READY or not found.file:
        raise Http404
    return FileResponse(  # type: ignore[return-value]
        default_storage.open(str(found.file.name), "rb"),
        as_attachment=True,
        filename=found.file_name or f"export.{found.format}",
        content_type=CONTENT_TYPES.get(found.format, CONTENT_TYPES[XLSX]),
    )


@access.exporter_required
def exports(request: HttpRequest) -> HttpResponse:
    """My recent exports; for the HR office also the log of every request for full ID numbers."""
    user = _user(request)
    mine = Export.objects.filter(requested_by=user).defer("parameters")[:20]
    full_log = (
        Export.objects.filter(full_ids=True).select_related("requested_by").defer("parameters")[:50]
        if user.is_hr_office
        else None
    )
    return render(request, "reports/exports.html", {"mine": mine, "full_log": full_log})


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        key: values if len(values) > 1 else values[0]
        for key, values in request.GET.lists()
        if key not in NOT_FILTERS and values
    }
