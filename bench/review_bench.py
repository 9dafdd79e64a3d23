"""The department review queue's response time against a bare list of the same rows.

Run by hand: .venv/bin/python bench/review_bench.py [--sizes 10000 100000] [--runs 30]
                                                    [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named, and drops it at the
end. One department administrator reviews 土木工程系; a second department holds a tenth of the
rows so the access filter has something to leave out. Declarations are added size by size
(10,000, then 90,000 more), mostly awaiting review, some approved or returned, one in ten with a
proof file, some files shared between two people.

Each size measures, through Django's test Client with the administrator logged in and the whole
middleware stack, the first page of `review:queue` and a deep page (`?after=<pk>`: the last 50
rows awaiting review), against a bare view defined here: the same rows of the same queryset in
the same order, fetched with `.values()` and rendered by a one-line template. The requests of
the four cases are interleaved, so drift in the machine hits them alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)
RUNS = 30
WARM_UP = 3
BATCH = 5_000
PEOPLE = 300
OTHER_PEOPLE = 30
PAGE = 50
URLCONF = "review_bench_urls"
BARE_TEMPLATE = (
    "<table>{% for d in rows %}<tr><td>{{ d.person__name }}</td>"
    "<td>{{ d.person__department__name }}</td><td><a href='/review/{{ d.pk }}/'>{{ d.title }}</a>"
    "</td><td>{{ d.year }}</td><td>{{ d.claimed_hours }}</td><td>{{ d.computed_hours }}</td>"
    "<td>{{ d.status }}</td></tr>{% endfor %}</table>"
)
REVIEW_LINK = re.compile(r"/review/(\d+)/")


@dataclass(frozen=True)
class Case:
    view: str
    page: str
    url: str


@dataclass(frozen=True)
class Timing:
    case: Case
    ms: list[float]
    queries: int
    sql_ms: float
    slowest: tuple[float, str]
    pks: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.ms, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="review-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(sorted(args.sizes), args.runs, var_dir, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database on the server named (created and dropped through its
    `postgres` database), dropped afterwards; None for SQLite."""
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"review_bench_{uuid.uuid4().hex[:8]}"
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


def run(sizes: list[int], runs: int, var_dir: Path, database_url: str | None) -> None:
    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    for name in ("DEBUG", "MEDIA_ROOT", "STATIC_ROOT", "AWS_STORAGE_BUCKET_NAME"):
        os.environ.pop(name, None)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["CONN_MAX_AGE"] = "600"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    install_urlconf()
    admin = make_people()
    print(header(connection, runs))
    with override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"]):
        made = 0
        results: list[tuple[int, list[Timing]]] = []
        for size in sizes:
            started = time.perf_counter()
            make_declarations(made, size)
            made = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # as autovacuum would, before anyone looks
            print(f"  {size:,} declarations in place ({time.perf_counter() - started:.1f} s)")
            results.append((size, measure(admin, runs)))
    print()
    print(table(results))


def header(connection: Any, runs: int) -> str:
    import django

    if connection.vendor == "postgresql":
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        engine = f"SQLite {connection.Database.sqlite_version}"
    return (
        f"Review queue bench: Django {django.get_version()}, Python {platform.python_version()}, "
        f"{engine}, {os.cpu_count()} CPUs; {runs} timed requests per case after {WARM_UP} "
        f"warm-up; page size {PAGE}"
    )


def install_urlconf() -> None:
    """The portal's URLs plus /bench/bare-queue/, registered as a module of its own."""
    from django.urls import path

    from portal.urls import urlpatterns

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [*urlpatterns, path("bench/bare-queue/", bare_queue)]  # type: ignore[attr-defined]
    sys.modules[URLCONF] = module


def bare_queue(request: Any) -> Any:
    """The queue's rows and nothing else: same access filter, same status, same order, same
    keyset; no filters form, no counts, no flags, no base template."""
    from django.http import HttpResponse
    from django.template import Context, Template

    from declarations.models import Status
    from review.access import department_declarations

    rows = department_declarations(request.user).filter(status=Status.SUBMITTED).order_by("pk")
    after = request.GET.get("after")
    if after:
        rows = rows.filter(pk__gt=int(after))
    values = rows.values(
        "pk",
        "title",
        "year",
        "claimed_hours",
        "computed_hours",
        "status",
        "person__name",
        "person__department__name",
    )[:PAGE]
    return HttpResponse(Template(BARE_TEMPLATE).render(Context({"rows": list(values)})))


def make_people() -> Any:
    """Two departments, their people, and the administrator of the first."""
    from stdnum.cn import ric

    from portal.models import AdminAssignment, Department, User

    civil = Department.objects.create(name="土木工程系")
    info = Department.objects.create(name="信息工程系")
    for n in range(PEOPLE + OTHER_PEOPLE + 1):
        body = f"410105{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        User.objects.create_person(
            id_number=body + ric.calc_check_digit(body + "0"),
            name=f"教师{n}",
            department=civil if n <= PEOPLE else info,
            usable_password=False,
        )
    admin = User.objects.get(name="教师0")
    AdminAssignment.objects.create(person=admin, department=civil)
    return admin


def make_declarations(start: int, stop: int) -> None:
    """Declarations number `start` to `stop`: 80% awaiting review, the rest decided either way;
    one in ten with a file, one file in five of those also in the next person's declaration."""
    from django.db import transaction

    from declarations.models import Declaration, Evidence, Status
    from portal.models import User

    people = list(User.objects.exclude(name="教师0").order_by("pk"))
    statuses = [Status.SUBMITTED] * 16 + [
        Status.DEPARTMENT_APPROVED,
        Status.APPROVED,
        Status.APPROVED,
        Status.RETURNED,
    ]
    for low in range(start, stop, BATCH):
        numbers = range(low, min(low + BATCH, stop))
        with transaction.atomic():
            made = Declaration.objects.bulk_create(
                declaration(n, people[n % len(people)], statuses[n % len(statuses)])
                for n in numbers
            )
            Evidence.objects.bulk_create(
                Evidence(
                    declaration=d,
                    material="training_notice",
                    file=f"declarations/bench-{n}.pdf",
                    original_name="通知.pdf",
                    content_type="application/pdf",
                    size=100_000,
                    sha256=f"{n - n % 20 if n % 50 == 0 else n:064d}",
                    uploaded_by=d.person,
                )
                for n, d in zip(numbers, made, strict=True)
                if n % 10 == 0
            )


def declaration(n: int, person: Any, status: str) -> Any:
    from declarations.models import Declaration

    year = 2024 + n % 3
    hours = Decimal(4 + n % 24)
    return Declaration(
        person=person,
        created_by=person,
        type="training",
        title=f"培训 {n}",
        starts_on=date(year, 1 + n % 12, 1),
        ends_on=date(year, 1 + n % 12, 2),
        year=year,
        subject="professional" if n % 4 else "public",
        facts={"hours": str(hours)},
        computed_hours=hours,
        claimed_hours=hours if n % 7 else hours + 2,
        approved_hours=hours if status == "approved" else None,
        status=status,
        over_declared=n % 97 == 0,
    )


def measure(admin: Any, runs: int) -> list[Timing]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from declarations.models import Status
    from review.access import department_declarations

    pending = list(
        department_declarations(admin)
        .filter(status=Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    deep = pending[-PAGE - 1]
    queue, bare = reverse("review:queue"), "/bench/bare-queue/"
    cases = [
        Case("queue", "first", queue),
        Case("bare", "first", bare),
        Case("queue", "deep", f"{queue}?after={deep}"),
        Case("bare", "deep", f"{bare}?after={deep}"),
    ]
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    ms: dict[Case, list[float]] = {case: [] for case in cases}
    queries: dict[Case, int] = {}
    sql_ms: dict[Case, float] = {}
    slowest: dict[Case, tuple[float, str]] = {}
    pks: dict[Case, list[int]] = {}
    for case in cases:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(case.url)
        assert response.status_code == 200, (case, response.status_code)
        queries[case] = len(captured)
        sql_ms[case] = sum(float(q["time"]) for q in captured) * 1000
        slowest[case] = max((float(q["time"]) * 1000, q["sql"]) for q in captured)
        pks[case] = [int(pk) for pk in dict.fromkeys(REVIEW_LINK.findall(response.text))]
    for round_ in range(WARM_UP + runs):
        for case in cases:
            started = time.perf_counter()
            client.get(case.url)
            elapsed = (time.perf_counter() - started) * 1000
            if round_ >= WARM_UP:
                ms[case].append(elapsed)
    return [
        Timing(case, ms[case], queries[case], sql_ms[case], slowest[case], pks[case])
        for case in cases
    ]


def table(results: list[tuple[int, list[Timing]]]) -> str:
    lines = [
        f"{'rows':>8}  {'page':<6}{'view':<7}{'median ms':>10}{'p95 ms':>9}{'queries':>9}"
        f"{'SQL ms':>8}"
        f"{'ratio median':>14}{'ratio p95':>11}  same 50 rows",
    ]
    for size, timings in results:
        by = {(t.case.view, t.case.page): t for t in timings}
        for page in ("first", "deep"):
            queue, bare = by[("queue", page)], by[("bare", page)]
            same = "yes" if queue.pks == bare.pks and len(queue.pks) == PAGE else "NO"
            for t in (queue, bare):
                ratio = (
                    f"{queue.median / bare.median:>14.1f}{queue.p95 / bare.p95:>11.1f}  {same}"
                    if t is queue
                    else ""
                )
                lines.append(
                    f"{size:>8,}  {page:<6}{t.case.view:<7}{t.median:>10.1f}{t.p95:>9.1f}"
                    f"{t.queries:>9}{t.sql_ms:>8.0f}{ratio}"
                )
    lines.append(
        "ratio = queue / bare. queries, SQL ms: the SQL statements of one request (session and\n"
        "user included) and their summed time as Django records it (whole milliseconds). Django\n"
        "times execute() only: SQLite does much of a query's work while rows are fetched, so on\n"
        "SQLite read SQL ms as a lower bound."
    )
    size, timings = results[-1]
    lines.append(f"\nSlowest SQL statement of one request at {size:,} rows:")
    for t in timings:
        ms, sql = t.slowest
        lines.append(f"  {t.case.view:<6}{t.case.page:<6}{ms:>7.1f} ms  {sql[:150]}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
