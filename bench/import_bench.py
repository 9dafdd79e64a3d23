"""Importing 2,000 people from a file against a bare `bulk_create` of the same rows.

Run by hand: .venv/bin/python bench/import_bench.py [--rows 2000] [--runs 5]
                                                    [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named, and drops it at the
end. Each run builds an XLSX file of N people across the seed's departments, then times:

- preview: reading the file and checking every row (`hr.imports.read_table` + `check`), as the
  upload view does;
- commit: the background task that writes the rows, all in one transaction, each person through
  `User.objects.create_person` (so `person_created` fires for each) with a history row;
- bare: `User.objects.bulk_create` of the same rows (ID hash, ciphertext and mask already
  computed), the floor of what writing them costs.

People made by a run are deleted before the next. The goal: the commit within 10 × the bare
write, and preview + commit of 2,000 rows within 10 seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
ROWS = 2_000
RUNS = 5
RATIO_GOAL = 10.0
SECONDS_GOAL = 10.0
DEPARTMENTS = ("思政教学部", "土木工程系", "基础部", "工程管理系", "信息工程系", "建筑系")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(args.rows, args.runs, var_dir, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"import_bench_{uuid.uuid4().hex[:8]}"
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


def run(rows: int, runs: int, var_dir: Path, database_url: str | None) -> None:
    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from portal.models import Department, User

    for name in DEPARTMENTS:
        Department.objects.get_or_create(name=name)
    officer, _unused = User.objects.create_person(
        id_number=id_number(999_999), name="人事处", is_hr_office=True, usable_password=False
    )
    engine = (
        f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
        if connection.vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]
    )
    print(
        f"Import bench: Django {django.get_version()}, Python {platform.python_version()}, "
        f"{engine}, {rows:,} rows, {runs} runs"
    )
    content = xlsx(rows)
    previews, commits, bares = [], [], []
    for n in range(runs):
        preview, commit = time_import(content, officer)
        forget_people(officer)
        bare = time_bare(content)
        forget_people(officer)
        previews.append(preview)
        commits.append(commit)
        bares.append(bare)
        print(
            f"  run {n + 1}: preview {preview:.2f} s, commit {commit:.2f} s, "
            f"bare bulk_create {bare:.2f} s, ratio {commit / bare:.1f}"
        )
    ratios = [c / b for c, b in zip(commits, bares, strict=True)]
    median_ratio = statistics.median(ratios)
    total = statistics.median(previews) + statistics.median(commits)
    print()
    print(f"median preview      {statistics.median(previews):.2f} s")
    print(f"median commit       {statistics.median(commits):.2f} s")
    print(f"median bare         {statistics.median(bares):.2f} s")
    print(f"median ratio        {median_ratio:.1f} × (spread {min(ratios):.1f}–{max(ratios):.1f})")
    print(f"preview + commit    {total:.2f} s")
    met = median_ratio <= RATIO_GOAL and total <= SECONDS_GOAL
    print(
        f"goal                commit ≤ {RATIO_GOAL:.0f} × bare and preview + commit ≤ "
        f"{SECONDS_GOAL:.0f} s: {'met' if met else 'missed'}"
    )


def id_number(n: int) -> str:
    from stdnum.cn import ric

    body = f"410105{1960 + n % 40:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "部门", "手机", "职称", "邮箱"])
    seen: set[str] = set()
    n = 0
    while len(seen) < rows:
        number = id_number(n)
        n += 1
        if number in seen:
            continue
        seen.add(number)
        sheet.append(
            [number, f"导入{n}", DEPARTMENTS[n % len(DEPARTMENTS)], "13800000000", "讲师", ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def time_import(content: bytes, officer: Any) -> tuple[float, float]:
    from hr import imports
    from hr.models import ImportBatch
    from hr.tasks import commit_import

    started = time.perf_counter()
    reports = imports.check(imports.read_table("people.xlsx", content))
    batch = ImportBatch.objects.create(created_by=officer, file_name="people.xlsx", rows=reports)
    preview = time.perf_counter() - started
    assert batch.problem_count == 0, [r["problems"] for r in reports if r["problems"]][:3]
    batch.state = ImportBatch.State.QUEUED
    batch.save(update_fields=["state"])
    started = time.perf_counter()
    commit_import.func(batch.pk)
    commit = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE, batch.error
    return preview, commit


def time_bare(content: bytes) -> float:
    from django.db import transaction
    from django.utils import timezone

    from hr import imports
    from portal.models import User

    reports = imports.check(imports.read_table("people.xlsx", content))
    now = timezone.now()
    people = []
    for row in reports:
        person = User(
            id_hash=row["id_hash"],
            id_encrypted=row["id_encrypted"],
            id_masked=row["id_masked"],
            name=row["name"],
            department_id=row["department"],
            phone=row["phone"],
            title=row["title"],
            email=row["email"],
            confirmed_at=now,
        )
        person.set_unusable_password()
        people.append(person)
    started = time.perf_counter()
    with transaction.atomic():
        User.objects.bulk_create(people)
    return time.perf_counter() - started


def forget_people(officer: Any) -> None:
    from certificates.models import Certificate
    from hr.models import ImportBatch
    from portal.models import OrganisationEvent, User

    OrganisationEvent.objects.all().delete()
    ImportBatch.objects.all().delete()
    # Each imported person is numbered (a certificate, which protects its person) as they are
    # created: the certificates go first.
    Certificate.objects.exclude(person=officer).delete()
    User.objects.exclude(pk=officer.pk).delete()


if __name__ == "__main__":
    main()
