"""Exporting 100,000 declarations to XLSX through the real export code, against a bare
openpyxl write-only export of the same rows.

Run by hand: .venv/bin/python bench/export_bench.py [--rows 100000] [--rounds 3]
                                                    [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named and drops it at the end.
300 people in two departments, each with a certificate, and `--rows` declarations among them.

Real: what the background task writes for the HR office's records with no filter
(`reports.exports.declarations_definition` → `portal.spreadsheets.write_xlsx` to a file):
translated headers and labels, ID and certificate numbers as text cells, formula-safe strings.
Bare: the same columns read with `.values_list(...).iterator()` and appended as they come to an
openpyxl write-only workbook. Rounds interleave real and bare. Printed: the median of the
per-round ratio real ÷ bare with its min–max (goal ≤ 1.5×), and, measured apart under
tracemalloc (which slows Python down, so never while timing), the peak memory of the real export
at a fifth of the rows and at all of them (goal: flat, the peak at all rows ≤ 1.5× the peak at
a fifth), next to bare's.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
ROWS = 100_000
ROUNDS = 3
WARM_UP = 1
BATCH = 5_000
PEOPLE = 300
GOAL_TIME = 1.5
GOAL_MEMORY = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(args.rows, args.rounds, var_dir, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database on the server named, dropped afterwards; None for SQLite."""
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"export_bench_{uuid.uuid4().hex[:8]}"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(rows: int, rounds: int, var_dir: Path, database_url: str | None) -> None:
    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    for name in ("DEBUG", "MEDIA_ROOT", "STATIC_ROOT", "AWS_STORAGE_BUCKET_NAME", "DATABASE_URL"):
        os.environ.pop(name, None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    # A 100,000-row export reads for longer than a request may.
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    call_command("migrate", verbosity=0)
    translation.activate("zh-hans")
    started = time.perf_counter()
    hr = make_people()
    make_declarations(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(header(connection, rounds))
    print(f"{rows:,} declarations in place ({time.perf_counter() - started:.1f} s)")
    out = var_dir / "out.xlsx"
    real: Callable[..., int] = functools.partial(real_export, hr, out)
    bare: Callable[..., int] = functools.partial(bare_export, out)
    assert real() == bare() == rows, "both write every row"
    times: dict[str, list[float]] = {"real": [], "bare": []}
    cpu: dict[str, list[float]] = {"real": [], "bare": []}
    for round_ in range(WARM_UP + rounds):
        for kind, export in (("real", real), ("bare", bare)):
            began, began_cpu = time.perf_counter(), time.process_time()
            export()
            if round_ >= WARM_UP:
                times[kind].append(time.perf_counter() - began)
                cpu[kind].append(time.process_time() - began_cpu)
    # Wall time is the goal; this process's CPU time is printed too, as it is less disturbed
    # by other work on a shared machine (it leaves out PostgreSQL's own work).
    for label, measured in (("time", times), ("CPU time of this process", cpu)):
        ratios = [r / b for r, b in zip(measured["real"], measured["bare"], strict=True)]
        ratio = statistics.median(ratios)
        print(
            f"{label}: real {statistics.median(measured['real']):.2f} s, bare "
            f"{statistics.median(measured['bare']):.2f} s; real ÷ bare {ratio:.2f}× "
            f"({min(ratios):.2f}–{max(ratios):.2f}), goal ≤ {GOAL_TIME}×: "
            f"{'met' if ratio <= GOAL_TIME else 'MISSED'}"
        )
    fifth = max(rows // 5, 1)
    peaks = {
        (kind, n): peak_mib(functools.partial(export, n))
        for kind, export in (("real", real), ("bare", bare))
        for n in (fifth, rows)
    }
    growth = peaks[("real", rows)] / peaks[("real", fifth)]
    print(
        f"memory (tracemalloc peak): real {peaks[('real', fifth)]:.1f} MiB at {fifth:,} rows, "
        f"{peaks[('real', rows)]:.1f} MiB at {rows:,} ({growth:.2f}×); bare "
        f"{peaks[('bare', fifth)]:.1f} / {peaks[('bare', rows)]:.1f} MiB; goal flat "
        f"(≤ {GOAL_MEMORY}×): {'met' if growth <= GOAL_MEMORY else 'MISSED'}"
    )


def header(connection: Any, rounds: int) -> str:
    import django
    import openpyxl

    if connection.vendor == "postgresql":
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        engine = f"SQLite {connection.Database.sqlite_version}"
    return (
        f"Export bench: Django {django.get_version()}, openpyxl {openpyxl.__version__}, Python "
        f"{platform.python_version()}, {engine}, {os.cpu_count()} CPUs; {rounds} interleaved "
        f"rounds after {WARM_UP} warm-up"
    )


def real_export(hr: Any, out: Path, limit: int | None = None) -> int:
    from django.http import QueryDict

    from portal.spreadsheets import write_xlsx
    from reports.exports import declarations_definition

    made = declarations_definition(hr, "records", QueryDict())
    if limit is not None:
        made.queryset = made.queryset.filter(pk__in=_first_pks(limit))
    return write_xlsx(out, made.columns, made.rows(), title=made.title)


def bare_export(out: Path, limit: int | None = None) -> int:
    from openpyxl import Workbook

    from declarations.models import Declaration
    from reports.exports import DECLARATION_FIELDS

    rows = Declaration.objects.order_by("pk")
    if limit is not None:
        rows = rows.filter(pk__in=_first_pks(limit))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(DECLARATION_FIELDS))
    n = 0
    for row in rows.values_list(*DECLARATION_FIELDS).iterator(chunk_size=2000):
        sheet.append(row)
        n += 1
    book.save(out)
    return n


def _first_pks(limit: int) -> Any:
    from declarations.models import Declaration

    pks = Declaration.objects.order_by("pk").values_list("pk", flat=True)
    last = pks[limit - 1 : limit].get()
    return Declaration.objects.filter(pk__lte=last).values("pk")


def peak_mib(export: Callable[[], int]) -> float:
    tracemalloc.start()
    try:
        export()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def make_people() -> Any:
    from stdnum.cn import ric

    from portal.models import Department, User

    civil = Department.objects.create(name="土木工程系")
    info = Department.objects.create(name="信息工程系")
    for n in range(PEOPLE):
        body = f"410105{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        User.objects.create_person(
            id_number=body + ric.calc_check_digit(body + "0"),
            name=f"教师{n}",
            department=civil if n % 10 else info,
            usable_password=False,
        )
    hr, _secret = User.objects.create_person(
        id_number="41010519800312024" + ric.calc_check_digit("41010519800312024"),
        name="人事处",
        is_hr_office=True,
        department=None,
        usable_password=False,
    )
    return hr


def make_declarations(rows: int) -> None:
    from django.db import transaction

    from declarations.models import Declaration, Status
    from portal.models import User

    people = list(User.objects.exclude(department=None).order_by("pk"))
    statuses = [Status.SUBMITTED] * 6 + [Status.DEPARTMENT_APPROVED, Status.APPROVED] * 2
    for low in range(0, rows, BATCH):
        with transaction.atomic():
            Declaration.objects.bulk_create(
                declaration(n, people[n % len(people)], statuses[n % len(statuses)])
                for n in range(low, min(low + BATCH, rows))
            )


def declaration(n: int, person: Any, status: str) -> Any:
    from declarations.models import Declaration

    year = 2024 + n % 3
    hours = Decimal(4 + n % 24)
    return Declaration(
        person=person,
        created_by=person,
        department_id=person.department_id,
        type="training",
        title=f"全国职业教育培训 {n}",
        organiser="教育部职业教育发展中心",
        starts_on=date(year, 1 + n % 12, 1),
        ends_on=date(year, 1 + n % 12, 2),
        year=year,
        subject="professional" if n % 4 else "public",
        facts={"hours": str(hours)},
        computed_hours=hours,
        claimed_hours=hours,
        approved_hours=hours if status == "approved" else None,
        status=status,
    )


if __name__ == "__main__":
    main()
