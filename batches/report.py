"""A batch's report as XLSX or CSV: Chinese headers, ID numbers masked, certificate numbers as
text so spreadsheets keep every digit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from batches.models import Batch, BatchRow, State
from declarations.models import Status

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_table(
    name: str, kind: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """One table as a download. Every cell is written as text (openpyxl's write-only mode, cells
    formatted "@"): long digit strings stay whole. Meant to move to a shared module as is."""
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(list(headers))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
                cell.number_format = "@"
                cells.append(cell)
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(["" if v is None else str(v) for v in row] for row in rows)
        # The BOM lets Excel read UTF-8 Chinese; CSV has no cell types, so numbers are text.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def write_report(batch: Batch, kind: str) -> HttpResponse:
    headers = ("行号", "姓名", "身份证号", "证书编号", "部门", "学时", "状态", "问题")
    if batch.state in (State.CHECKED, State.QUEUED, State.RUNNING, State.FAILED):
        rows: Iterable[Sequence[object]] = (
            (
                r["line"],
                r["name"],
                r["id_masked"],
                "",
                "",
                r["hours"],
                "有问题" if r["problems"] else "可提交",
                "；".join(r["problems"]),
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
    return write_table(f"batch-{batch.pk}", kind, headers, rows)
