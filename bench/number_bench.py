"""Certificate numbers under concurrent registrations: registrations per second with the number
allocator (a locked counter row per prefix, inside the creating transaction) against the same
registrations with the allocator switched off (plain inserts), in the same run.

Run by hand: .venv/bin/python bench/number_bench.py [--workers 20] [--per-worker 10] [--rounds 7]
                                                    [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named and drops it at the end.
Each round starts `--workers` forked processes together (each its own database connection, as
separate server processes would be); each registers `--per-worker` people through
`User.objects.create_person` (no password, so hashing does not hide the difference). Rounds of
the two cases alternate, so drift in the machine hits them alike. Printed: each case's median
registrations per second, the median of the per-pair ratios (allocator / plain), their spread
(min–max), and whether the goal (≥ 0.5×) is met.
"""

from __future__ import annotations

import argparse
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--per-worker", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="number-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(args.workers, args.per_worker, args.rounds, var_dir, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"number_bench_{uuid.uuid4().hex[:8]}"
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


def id_number(n: int) -> str:
    from stdnum.cn import ric

    born = date(1960, 1, 1) + timedelta(days=n % 15000)
    body = f"4101{n // 15000 % 100:02d}{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def run(workers: int, per_worker: int, rounds: int, var_dir: Path, url: str | None) -> None:
    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.pop("DATABASE_URL", None)
    if url:
        os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from certificates.receivers import number_new_person
    from portal.models import Department
    from portal.signals import person_created

    call_command("migrate", verbosity=0)
    department = Department.objects.create(name="土木工程系")
    connection.close()

    def allocator(on: bool) -> None:
        if on:
            person_created.connect(number_new_person, dispatch_uid="certificates.number_new_person")
        else:
            person_created.disconnect(dispatch_uid="certificates.number_new_person")

    print(
        f"number_bench · {connection.vendor} · Python {platform.python_version()} · "
        f"{workers} processes × {per_worker} registrations × {rounds} rounds per case"
    )
    rates: dict[str, list[float]] = {"plain": [], "allocator": []}
    made = 0
    for index in range(rounds + 1):  # round 0 warms both cases up and is not counted
        for case in ("plain", "allocator") if index % 2 else ("allocator", "plain"):
            allocator(case == "allocator")
            rate = one_round(workers, per_worker, department.pk, made)
            made += workers * per_worker
            if index:
                rates[case].append(rate)
    allocator(True)

    ratios = [a / p for p, a in zip(rates["plain"], rates["allocator"], strict=True)]
    median_ratio = statistics.median(ratios)
    for case, label in (("plain", "plain inserts:     "), ("allocator", "with the allocator:")):
        print(f"  {label} {statistics.median(rates[case]):8.1f} registrations/s (median)")
    print(
        f"  ratio allocator/plain: median {median_ratio:.2f}×, spread {min(ratios):.2f}–"
        f"{max(ratios):.2f}× over {len(ratios)} pairs"
    )
    check_numbers()
    print(f"  goal ≥ {GOAL}×: {'met' if median_ratio >= GOAL else 'missed'}")


def one_round(workers: int, per_worker: int, department_id: int, first_id: int) -> float:
    """Start `workers` processes (forked, each opening its own connection, as server processes
    would), release them together, and return registrations per second until the last ends."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers + 1)
    processes = [
        context.Process(
            target=register,
            args=(start, first_id + n * per_worker, per_worker, department_id),
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - began
    failed = [p.exitcode for p in processes if p.exitcode]
    if failed:
        raise SystemExit(f"{len(failed)} registering processes failed")
    return workers * per_worker / elapsed


def register(start: Any, first: int, count: int, department_id: int) -> None:
    from portal.models import User

    numbers = [id_number(first + k) for k in range(count)]
    start.wait()
    for number in numbers:
        User.objects.create_person(
            id_number=number, name="测试", usable_password=False, department_id=department_id
        )


def check_numbers() -> None:
    """The allocated serials are consecutive from 1: nothing was lost or doubled under load."""
    from certificates.models import Certificate

    serials = sorted(int(n[6:]) for n in Certificate.objects.values_list("number", flat=True))
    ok = serials == list(range(1, len(serials) + 1))
    print(f"  {len(serials)} numbers allocated, consecutive without gaps: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
