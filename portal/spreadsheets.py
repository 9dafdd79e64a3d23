"""Spreadsheets people download: XLSX (openpyxl's write-only mode) and CSV (UTF-8 with a BOM,
so Excel opens Chinese correctly), from any iterable of rows, in flat memory.

Any app may use it (portal imports no feature app): the exports of `reports` and the batch
reports of `batches`. Columns say which cells are text: ID numbers and certificate numbers are
written as text cells (number format "@") so Excel keeps every digit instead of showing
4.10105E+17. Text that looks like a formula (=, +, -, @) is never a formula: in XLSX it is a
string cell, in CSV it gets a leading apostrophe (OWASP's advice against CSV injection).

    columns = [Column(_("Name")), Column(_("Certificate number"), text=True)]
    return spreadsheet_response("xlsx", columns, rows, "people-2025")
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
BOM = "\ufeff"
# Rows between two calls of `progress`.
PROGRESS_EVERY = 1000
# What makes a spreadsheet program read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its header (a translatable string, rendered in the active language when the
    file is written), whether its cells are text whatever they look like, and its width."""

    header: str | Promise
    text: bool = False
    width: int | None = None


ProgressCallback = Callable[[int], None]


def write_xlsx(
    target: str | Path | IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    progress: ProgressCallback | None = None,
) -> int:
    """Write the header and `rows` as one sheet; returns how many rows were written. Rows are
    streamed to a temporary file by openpyxl as they come (write-only mode), so memory does
    not grow with the number of rows. Timezone-aware datetimes are written in local time."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        if column.width:
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = WriteOnlyCell(sheet, value="")
    bold.font = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell._style = copy.copy(bold._style)
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A2"
    text_style = WriteOnlyCell(sheet, value="")
    text_style.number_format = "@"
    as_text = [i for i, column in enumerate(columns) if column.text]
    written = 0

    def text_cell(value: Any) -> Any:
        if value is not None:
            value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        cell._style = copy.copy(text_style._style)
        return cell

    def safe_cell(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    for row in rows:
        values = list(row)
        for i in as_text:
            values[i] = text_cell(values[i])
        for i, value in enumerate(values):
            if type(value) is str:
                if not value.isprintable():
                    value = values[i] = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith("="):
                    values[i] = safe_cell(value)
            elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
                values[i] = timezone.make_naive(value)
        sheet.append(values)
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written)
    book.save(target)
    if progress is not None:
        progress(written)
    return written


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    progress: ProgressCallback | None = None,
) -> Iterator[str]:
    """The CSV text in pieces of about PROGRESS_EVERY rows, the first one starting with the
    BOM and the header line: for a streamed response or a file. The headers are translated now,
    in the request's language, not when the response is streamed."""
    return _csv_chunks([str(column.header) for column in columns], rows, progress)


def _csv_chunks(
    headers: list[str], rows: Iterable[Sequence[Any]], progress: ProgressCallback | None
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    written = 0
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        written += 1
        if written % PROGRESS_EVERY == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if progress is not None:
                progress(written)
    yield buffer.getvalue()
    if progress is not None:
        progress(written)


def write_csv(
    target: IO[str],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    progress: ProgressCallback | None = None,
) -> None:
    """The same CSV into an open text file (opened with newline="")."""
    for chunk in csv_chunks(columns, rows, progress=progress):
        target.write(chunk)


def write(
    fmt: str,
    target: Path,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    progress: ProgressCallback | None = None,
) -> None:
    """Write either format to the file at `target`."""
    if fmt == XLSX:
        write_xlsx(target, columns, rows, title=title, progress=progress)
    else:
        with target.open("w", encoding="utf-8", newline="") as out:
            write_csv(out, columns, rows, progress=progress)


def spreadsheet_response(
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    file_name: str,
    *,
    title: str = "",
) -> HttpResponseBase:
    """A download: CSV streamed as it is written; XLSX written to a temporary file (deleted
    when the response is closed) and sent from it. `file_name` has no extension."""
    if fmt == CSV:
        response: HttpResponseBase = StreamingHttpResponse(
            csv_chunks(columns, rows), content_type=CONTENT_TYPES[CSV]
        )
        response["Content-Disposition"] = _disposition(f"{file_name}.csv")
        return response
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    write_xlsx(spool, columns, rows, title=title)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{file_name}.xlsx",
        content_type=CONTENT_TYPES[XLSX],
    )


def _disposition(file_name: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=file_name) or "attachment"


def _csv_value(value: Any) -> Any:
    if type(value) is str:
        return "'" + value if value.startswith(_FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Sheet1"
