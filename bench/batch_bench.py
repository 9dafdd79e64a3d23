"""A 5,000-row batch (preview and commit) against a bare `bulk_create` of the same declarations.

Run by hand: .venv/bin/python bench/batch_bench.py [--rows 5000] [--rounds 5]
                                                   [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named, and drops it at the
end. N people are written once (bulk, no certificates: the batch looks them up by ID number).
Each round, in alternating order, times:

- preview: reading an XLSX file of the N people (ID number, name, hours) and checking every row
  (`batches.people.check_file`: unknown person, name, duplicates, hours, already credited), as the
  create view does;
- commit: the background task (`commit_batch`), all rows in one transaction through
  `Declaration.submit_many` (declarations, two history rows each, a version each) and the batch's
  rows;
- bare: `Declaration.objects.bulk_create` of the same N declaration rows in one transaction, the
  floor of what writing them costs.

Everything a round wrote is deleted before the next. Goals: preview + commit ≤ 10 s (the issue's
"in seconds"); the commit's ratio to bare is printed with its spread, goal ≤ 10 ×.
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
ROWS = 5_000
ROUNDS = 5
RATIO_GOAL = 10.0
SECONDS_GOAL = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(args.rows, args.rounds, var_dir, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"batch_bench_{uuid.uuid4().hex[:8]}"
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

    department, _created = Department.objects.get_or_create(name="土木工程系")
    officer, _unused = User.objects.create_person(
        id_number=id_number(999_999), name="人事处", is_hr_office=True, usable_password=False
    )
    people = make_people(rows, department)
    engine = (
        f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
        if connection.vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]
    )
    print(
        f"Batch bench: Django {django.get_version()}, Python {platform.python_version()}, "
        f"{engine}, {rows:,} rows, {rounds} rounds"
    )
    content = xlsx(people)
    previews, commits, bares = [], [], []
    for n in range(rounds):
        first_real = n % 2 == 0
        if not first_real:
            bares.append(time_bare(people, officer))
            forget()
        preview, commit = time_batch(content, officer)
        forget()
        if first_real:
            bares.append(time_bare(people, officer))
            forget()
        previews.append(preview)
        commits.append(commit)
        print(
            f"  round {n + 1}: preview {preview:.2f} s, commit {commit:.2f} s, "
            f"bare bulk_create {bares[-1]:.2f} s, ratio {commit / bares[-1]:.1f}"
        )
    ratios = [c / b for c, b in zip(commits, bares, strict=True)]
    totals = [p + c for p, c in zip(previews, commits, strict=True)]
    median_ratio = statistics.median(ratios)
    total = statistics.median(totals)
    print()
    print(f"preview             {spread(previews)} s")
    print(f"commit              {spread(commits)} s")
    print(f"bare bulk_create    {spread(bares)} s")
    ratio_met = "met" if median_ratio <= RATIO_GOAL else "MISSED"
    print(f"commit ÷ bare       {spread(ratios)} ×; goal ≤ {RATIO_GOAL:.0f} ×: {ratio_met}")
    total_met = "met" if total <= SECONDS_GOAL else "MISSED"
    print(f"preview + commit    {spread(totals)} s; goal ≤ {SECONDS_GOAL:.0f} s: {total_met}")


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def make_people(rows: int, department: Any) -> list[tuple[str, str]]:
    """N people written in bulk: (ID number, name)."""
    from django.utils import timezone

    from portal import idnumbers
    from portal.models import User

    now = timezone.now()
    people: list[tuple[str, str]] = []
    made: list[Any] = []
    seen: set[str] = set()
    n = 0
    while len(people) < rows:
        number = id_number(n)
        n += 1
        if number in seen:
            continue
        seen.add(number)
        name = f"教师{n}"
        person = User(
            id_hash=idnumbers.lookup_hash(number),
            id_encrypted=idnumbers.encrypt(number),
            id_masked=idnumbers.mask(number),
            name=name,
            department=department,
            confirmed_at=now,
        )
        person.set_unusable_password()
        made.append(person)
        people.append((number, name))
    User.objects.bulk_create(made, batch_size=1000)
    return people


def xlsx(people: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "学时"])
    for number, name in people:
        sheet.append([number, name, "8"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def time_batch(content: bytes, officer: Any) -> tuple[float, float]:
    import datetime

    from batches import people, services
    from batches.models import State
    from batches.tasks import commit_batch

    started = time.perf_counter()
    batch = services.create(
        by=officer,
        fields={
            "kind": "base_roster",
            "subject": "professional",
            "title": "基地培训班",
            "organiser": "继续教育基地",
            "starts_on": datetime.date(2026, 5, 10),
            "ends_on": datetime.date(2026, 5, 12),
            "hours": None,
            "department": None,
        },
        proof={},
    )
    batch.rows = people.check_file(batch, people.read_table("people.xlsx", content))
    batch.save(update_fields=["rows"])
    preview = time.perf_counter() - started
    assert batch.problem_count == 0, [r["problems"] for r in batch.rows if r["problems"]][:3]
    batch.move(State.QUEUED, by=officer)
    started = time.perf_counter()
    commit_batch.func(batch.pk)
    commit = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.state == State.SUBMITTED, batch.error
    return preview, commit


def time_bare(people: list[tuple[str, str]], officer: Any) -> float:
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from declarations.models import Declaration, Status
    from portal.models import User

    persons = list(User.objects.exclude(pk=officer.pk).only("pk", "department_id"))
    rows = [
        Declaration(
            person_id=p.pk,
            created_by=officer,
            department_id=p.department_id,
            type="base_training",
            title="基地培训班",
            organiser="继续教育基地",
            starts_on=datetime.date(2026, 5, 10),
            ends_on=datetime.date(2026, 5, 12),
            year=2026,
            subject="professional",
            facts={"source": "base_batch", "hours": "8"},
            computed_hours=Decimal(8),
            claimed_hours=Decimal(8),
            status=Status.SUBMITTED,
        )
        for p in persons
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Declaration.objects.bulk_create(rows, batch_size=500)
    return time.perf_counter() - started


def forget() -> None:
    from batches.models import Batch, BatchProof, BatchRow
    from declarations.models import Declaration, DeclarationHistory, DeclarationVersion, Evidence
    from portal.models import Notification

    BatchRow.objects.all().delete()
    BatchProof.objects.all().delete()
    Batch.objects.all().delete()
    DeclarationVersion.files.through.objects.all().delete()
    DeclarationVersion.objects.all().delete()
    Evidence.objects.all().delete()
    DeclarationHistory.objects.all().delete()
    Declaration.objects.all().delete()
    Notification.objects.all().delete()


def id_number(n: int) -> str:
    from stdnum.cn import ric

    body = f"410105{1960 + n % 40:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


if __name__ == "__main__":
    main()
