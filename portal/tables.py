"""Reading a table of rows that people upload (CSV or XLSX) as text cells, for every import."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _


class UnreadableFile(Exception):
    pass


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The file's cells as text, header row first. XLSX by its content (a ZIP), else CSV."""
    if content[:2] == b"PK":
        return _read_xlsx(content)
    if name.lower().endswith((".xlsx", ".xls")):
        raise UnreadableFile(_("This is not an XLSX file. Save it as .xlsx or .csv and try again."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(_("The file's text encoding is not UTF-8 or GBK."))
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("This XLSX file cannot be read.")) from error
    sheet = book.worksheets[0]
    rows = [
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return rows
