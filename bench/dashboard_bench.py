"""The dashboards at 5,000 people × 10 years against a bare aggregate query of the same figures.

Run by hand: .venv/bin/python bench/dashboard_bench.py [--people 5000] [--years 10] [--rounds 9]
                                                       [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named and drops it at the end.
People are spread over the seed's 15 departments; for each of the years most of them have public
and professional hours approved (each with its submission and approval in the history), some fall
short, one in ten declared nothing, and the last year also holds work awaiting review and
returned; one in twenty moved department after the first years (their old records keep the old
department).

Measures, each requested through Django's test Client (the whole middleware stack, logged in):

- the HR office's unit dashboard for the second-to-last year;
- a department administrator's dashboard for the same year (土木工程系);

each against a bare view defined here that computes the same figures with aggregate queries only
(per person sums grouped by the database and counted by a second level of aggregation; hours by
type and subject; declared and approved by month) and renders them with a one-line template: no
base template, no per-person Python, no context processors. Rounds interleave page and bare.
Printed per measure: the page's median time with min–max, the median ratio page ÷ bare with
min–max, the queries of one request, and the goal: the page answers in ≤ 1 s (median): met/MISSED.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 5_000
YEARS = 10
ROUNDS = 9
WARM_UP = 2
BATCH = 5_000
GOAL_SECONDS = 1.0
URLCONF = "dashboard_bench_urls"
DEPARTMENTS = (
    "思政教学部",
    "土木工程系",
    "基础部",
    "工程管理系",
    "设备工程系",
    "招生就业处",
    "信息工程系",
    "建筑系",
    "图书馆",
    "基建办公室（法规处）",
    "餐饮管理中心",
    "纪检监察室",
    "计划财务处",
    "后勤管理处",
    "中职教育教学部",
)
BARE_TEMPLATE = "{% for k, v in figures.items %}{{ k }}={{ v }};{% endfor %}"


@dataclass
class Measure:
    name: str
    page: str
    bare: str
    user: Any
    ms: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "bare": []})
    queries: dict[str, int] = field(default_factory=dict)

    def ratios(self) -> list[float]:
        return [p / b for p, b in zip(self.ms["page"], self.ms["bare"], strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    parser.add_argument("--profile", action="store_true", help="cProfile the unit page instead")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(args.people, args.years, args.rounds, var_dir, url, profile=args.profile)
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
    name = f"dashboard_bench_{uuid.uuid4().hex[:8]}"
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


def run(
    people: int,
    years: int,
    rounds: int,
    var_dir: Path,
    database_url: str | None,
    *,
    profile: bool = False,
) -> None:
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
    logging.disable(logging.INFO)  # one log line a request would bury the table

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    install_urlconf()
    started = time.perf_counter()
    cast = make_people(people)
    last = date.today().year
    first = last - years + 1
    made = make_declarations(first, last)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would, before anyone looks
    print(header(connection, rounds))
    print(
        f"{people:,} people × {years} years ({first}–{last}): {made:,} declarations in place "
        f"({time.perf_counter() - started:.1f} s)"
    )
    year = last - 1
    civil = cast["civil"].pk
    measures = [
        Measure(
            "HR office, the unit",
            f"/reports/dashboard/?year={year}",
            f"/bench/dashboard/?year={year}",
            cast["hr"],
        ),
        Measure(
            "department administrator, 土木工程系",
            f"/reports/dashboard/?year={year}",
            f"/bench/dashboard/?year={year}&department={civil}",
            cast["admin"],
        ),
    ]
    from django.conf import settings

    # Static files by their own names, as in the tests: no collectstatic manifest needed.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        if profile:
            profile_page(measures[0], rounds)
            return
        measure(measures, rounds)
    print(table(measures))


def header(connection: Any, rounds: int) -> str:
    import django

    if connection.vendor == "postgresql":
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        engine = f"SQLite {connection.Database.sqlite_version}"
    return (
        f"Dashboard bench: Django {django.get_version()}, Python {platform.python_version()}, "
        f"{engine}, {os.cpu_count()} CPUs; {rounds} interleaved rounds after {WARM_UP} warm-up"
    )


def bare_dashboard(request: Any) -> Any:
    """The same figures by aggregate queries alone, rendered by a one-line template."""
    from django.db.models import Count, OuterRef, Q, Subquery, Sum
    from django.db.models.functions import Coalesce, TruncMonth
    from django.http import HttpResponse
    from django.template import Context, Template

    from declarations.models import Declaration, DeclarationHistory, Status
    from portal.models import User

    year = int(request.GET["year"])
    rows = Declaration.objects.filter(year=year, status__in=Status.DEPARTMENT_SEES)
    staff = User.objects.filter(employment_status="active", department__isnull=False)
    if request.GET.get("department"):
        rows = rows.filter(department_id=int(request.GET["department"]))
        staff = staff.filter(department_id=int(request.GET["department"]))
    approved = Q(status=Status.APPROVED)
    hours = Coalesce("approved_hours", "claimed_hours")
    per_person = (
        rows.order_by()
        .values("person_id")
        .annotate(
            public=Coalesce(Sum(hours, filter=approved & Q(subject="public")), Decimal(0)),
            professional=Coalesce(
                Sum(hours, filter=approved & Q(subject="professional")), Decimal(0)
            ),
            pending=Count("pk", filter=Q(status__in=Status.PENDING)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
        )
    )
    met = Q(public__gte=24, professional__gte=60)
    figures: dict[str, Any] = per_person.aggregate(
        declared=Count("person_id"),
        met=Count("person_id", filter=met),
        short=Count("person_id", filter=~met),
        with_pending=Count("person_id", filter=Q(pending__gt=0)),
        with_returned=Count("person_id", filter=Q(returned__gt=0)),
    )
    figures["nothing"] = staff.exclude(pk__in=rows.values("person_id")).count()
    figures["by_type"] = list(
        rows.order_by().values("type", "subject", "status").annotate(hours=Sum(hours))
    )
    first = DeclarationHistory.objects.filter(declaration=OuterRef("pk"), to_status="submitted")
    figures["declared"] = list(
        rows.annotate(at=Subquery(first.order_by("at").values("at")[:1]))
        .annotate(month=TruncMonth("at"))
        .order_by()
        .values("month")
        .annotate(hours=Sum("claimed_hours"))
    )
    last = DeclarationHistory.objects.filter(declaration=OuterRef("pk"), to_status="approved")
    figures["approved"] = list(
        rows.filter(approved)
        .annotate(at=Subquery(last.order_by("-at").values("at")[:1]))
        .annotate(month=TruncMonth("at"))
        .order_by()
        .values("month")
        .annotate(hours=Sum(hours))
    )
    return HttpResponse(Template(BARE_TEMPLATE).render(Context({"figures": figures})))


def install_urlconf() -> None:
    """The portal's URLs plus /bench/dashboard/, registered as a module of its own."""
    from django.urls import path

    from portal.urls import urlpatterns

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        *urlpatterns,
        path("bench/dashboard/", bare_dashboard),
    ]
    sys.modules[URLCONF] = module


def make_people(count: int) -> dict[str, Any]:
    """The departments, `count` people spread over them (bulk: no certificates needed), the
    HR office and 土木工程系's administrator."""
    from stdnum.cn import ric

    from portal.models import AdminAssignment, Department, User

    departments = [Department.objects.create(name=name) for name in DEPARTMENTS]
    people = []
    for n in range(count):
        body = f"41010{n // 100000}{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        person = User(name=f"教师{n}", department=departments[n % len(departments)])
        person.set_id_number(body + ric.calc_check_digit(body + "0"))
        person.set_unusable_password()
        people.append(person)
    # ID numbers that collide are skipped: the bench needs people, not particular numbers.
    User.objects.bulk_create(people, batch_size=BATCH, ignore_conflicts=True)
    civil = departments[1]
    admin = User.objects.filter(department=civil).order_by("pk").first()
    assert admin is not None
    AdminAssignment.objects.create(person=admin, department=civil)
    hr, _unused = User.objects.create_person(
        id_number="41010519800312024" + ric.calc_check_digit("41010519800312024"),
        name="人事处",
        is_hr_office=True,
        department=None,
        usable_password=False,
    )
    return {"hr": hr, "admin": admin, "civil": civil}


def make_declarations(first: int, last: int) -> int:
    """Each person's years, with the history of each submission and approval."""
    from django.db import transaction
    from django.utils import timezone

    from declarations.models import Declaration, DeclarationHistory, Role, Status
    from portal.models import Department, User

    rng = random.Random(12)
    zone = timezone.get_current_timezone()
    departments = list(Department.objects.values_list("pk", flat=True))
    people = list(User.objects.exclude(department=None).values_list("pk", "department_id"))
    made = 0
    for year in range(first, last + 1):
        batch: list[tuple[Declaration, list[tuple[str, datetime]]]] = []
        for pk, department in people:
            if rng.random() < 0.1:
                continue  # declared nothing this year
            # One in twenty moved after the first years: earlier records keep the old department.
            then = department
            if pk % 20 == 0 and year < first + 3:
                then = departments[(departments.index(department) + 1) % len(departments)]
            public = rng.choice((24, 24, 30, 12))
            professional = rng.choice((60, 66, 72, 40))
            pending = year == last and rng.random() < 0.3
            plan = [("public", public, Status.APPROVED), ("professional", professional, None)]
            for subject, hours, status in plan:
                if status is None:
                    status = Status.SUBMITTED if pending else Status.APPROVED
                    if year == last and rng.random() < 0.05:
                        status = Status.RETURNED
                month = rng.randint(1, 11)
                submitted = datetime(year, month, rng.randint(1, 28), 9, tzinfo=zone)
                moves: list[tuple[str, datetime]] = [(Status.SUBMITTED, submitted)]
                if status == Status.APPROVED:
                    moves.append((Status.APPROVED, submitted + timedelta(days=rng.randint(3, 40))))
                batch.append(
                    (
                        Declaration(
                            person_id=pk,
                            created_by_id=pk,
                            department_id=then,
                            type="training" if subject == "public" else "employer_training",
                            title=f"{year} 培训",
                            starts_on=date(year, month, 1),
                            ends_on=date(year, month, 2),
                            year=year,
                            subject=subject,
                            facts={"hours": str(hours)},
                            computed_hours=Decimal(hours),
                            claimed_hours=Decimal(hours),
                            approved_hours=Decimal(hours) if status == Status.APPROVED else None,
                            status=status,
                        ),
                        moves,
                    )
                )
        with transaction.atomic():
            for start in range(0, len(batch), BATCH):
                part = batch[start : start + BATCH]
                saved = Declaration.objects.bulk_create([d for d, _moves in part])
                DeclarationHistory.objects.bulk_create(
                    DeclarationHistory(
                        declaration=d,
                        actor_id=d.person_id,
                        role=Role.DECLARANT,
                        to_status=to,
                        at=at,
                    )
                    for d, (_unsaved, moves) in zip(saved, part, strict=True)
                    for to, at in moves
                )
        made += len(batch)
    return made


def measure(measures: list[Measure], rounds: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[int, Any] = {}
    for m in measures:
        if m.user.pk not in clients:
            clients[m.user.pk] = Client()
            clients[m.user.pk].force_login(
                m.user, backend="django.contrib.auth.backends.ModelBackend"
            )
    for m in measures:
        for kind, url in (("page", m.page), ("bare", m.bare)):
            with CaptureQueriesContext(connection) as captured:
                response = clients[m.user.pk].get(url)
            assert response.status_code == 200, (m.name, kind, response.status_code)
            m.queries[kind] = len(captured)
    for round_ in range(WARM_UP + rounds):
        for m in measures:
            client = clients[m.user.pk]
            for kind, url in (("page", m.page), ("bare", m.bare)):
                started = time.perf_counter()
                client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                if round_ >= WARM_UP:
                    m.ms[kind].append(elapsed)


def profile_page(m: Measure, rounds: int) -> None:
    """A cProfile of the page, then the time of each of its queries."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(m.user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(m.page)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(m.page)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"^(?!.*site-packages)", 40)
    with CaptureQueriesContext(connection) as captured:
        client.get(m.page)
    for query in captured.captured_queries:
        print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:200]}")


def table(measures: list[Measure]) -> str:
    lines = [
        f"{'measure':<38}{'page ms (min–max)':>22}{'bare ms':>9}  "
        f"{'ratio page÷bare (min–max)':<27}{'queries':>9}  goal: page ≤ {GOAL_SECONDS:.0f} s"
    ]
    for m in measures:
        ratios = m.ratios()
        page = statistics.median(m.ms["page"])
        spread = f"{page:.0f} ({min(m.ms['page']):.0f}–{max(m.ms['page']):.0f})"
        verdict = "met" if page <= GOAL_SECONDS * 1000 else "MISSED"
        lines.append(
            f"{m.name:<38}{spread:>22}{statistics.median(m.ms['bare']):>9.0f}  "
            f"{statistics.median(ratios):>5.2f}× ({min(ratios):.2f}–{max(ratios):.2f}){'':<11}"
            f"{m.queries['page']:>4} / {m.queries['bare']:<3}  {verdict}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
