"""A batch's report as XLSX or CSV through the portal's spreadsheet writer: translated headers,
ID numbers masked, certificate numbers as text cells so spreadsheets keep every digit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from batches.models import Batch, BatchRow, State
from declarations.models import Status
from portal.spreadsheets import Column, spreadsheet_response

COLUMNS = (
    Column(gettext_lazy("Line")),
    Column(gettext_lazy("Name"), width=10),
    Column(gettext_lazy("ID number"), text=True, width=22),
    Column(gettext_lazy("Certificate number"), text=True, width=16),
    Column(gettext_lazy("Department"), width=16),
    Column(gettext_lazy("Hours")),
    Column(pgettext_lazy("a batch row's state", "Status"), width=12),
    Column(gettext_lazy("Problems"), width=40),
)


def write_report(batch: Batch, kind: str) -> HttpResponseBase:
    rows: Iterable[Sequence[Any]]
    if batch.state in (State.CHECKED, State.QUEUED, State.RUNNING, State.FAILED):
        ready = pgettext("a batch row", "Ready to commit")
        problem = pgettext("a batch row", "Has problems")
        separator = _("; ")
        rows = (
            (
                r["line"],
                r["name"],
                r["id_masked"],
                "",
                "",
                r["hours"],
                problem if r["problems"] else ready,
                separator.join(r["problems"]),
            )
            for r in batch.rows
        )
    else:
        labels = {value: str(label) for value, label in Status.choices}
        rows = (
            (
                r["line"],
                r["person__name"],
                r["person__id_masked"],
                r["person__certificate__number"],
                r["person__department__name"],
                r["hours"],
                labels.get(r["declaration__status"], r["declaration__status"]),
                "",
            )
            for r in BatchRow.objects.filter(batch=batch)
            .order_by("line", "pk")
            .values(
                "line",
                "person__name",
                "person__id_masked",
                "person__certificate__number",
                "person__department__name",
                "hours",
                "declaration__status",
            )
            .iterator(chunk_size=2000)
        )
    return spreadsheet_response(kind, COLUMNS, rows, f"batch-{batch.pk}", title=batch.title)
