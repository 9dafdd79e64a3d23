"""The shared spreadsheet writer: what a reader of the file would notice."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from portal.spreadsheets import Column, csv_chunks, write_xlsx

COLUMNS = [Column("姓名"), Column("身份证号码", text=True), Column("学时"), Column("时间")]


def written(rows: list[tuple[object, ...]], title: str = "") -> list[list[object]]:
    out = io.BytesIO()
    write_xlsx(out, COLUMNS, rows, title=title)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    return [[c.value for c in row] for row in sheet.iter_rows()]  # type: ignore[union-attr]


def test_numbers_stay_numbers_and_text_columns_stay_text() -> None:
    rows = written([("张三", 410105199002140790, Decimal("12.5"), None)])
    assert rows[1] == ["张三", "410105199002140790", 12.5, None]


def test_characters_an_xlsx_cannot_hold_are_dropped_not_fatal() -> None:
    rows = written([("李\x01四", "4101\x0b**********0790", 1, None), ("王五", None, 2, None)])
    assert [r[:2] for r in rows[1:]] == [["李四", "4101**********0790"], ["王五", None]]


def test_an_aware_time_is_written_in_local_time() -> None:
    at = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    assert written([("张三", "", 1, at)])[1][3] == datetime.datetime(2026, 3, 1, 9, 30)


def test_a_sheet_title_loses_what_excel_refuses() -> None:
    out = io.BytesIO()
    write_xlsx(out, COLUMNS, [], title="2025/学时:汇总[全部]")
    assert load_workbook(io.BytesIO(out.getvalue())).sheetnames == ["2025_学时_汇总_全部_"]


def test_csv_has_a_bom_and_disarms_formulas() -> None:
    text = "".join(csv_chunks(COLUMNS, [("=1+2", "+86", "-3", "@x")]))
    assert text == "\ufeff姓名,身份证号码,学时,时间\r\n'=1+2,'+86,'-3,'@x\r\n"
