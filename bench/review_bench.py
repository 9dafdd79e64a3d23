"""Every page people use daily against a bare Django view of the same rows, and every queue filter.

Run by hand: .venv/bin/python bench/review_bench.py [--sizes 10000] [--rounds 15]
                                                    [--database-url postgres://…]

Everything lives in a fresh temporary folder (PORTAL_VAR_DIR: the SQLite database, keys). With
--database-url the bench creates a scratch database next to the one named and drops it at the end.
One department administrator reviews 土木工程系 (300 people); a second department holds a tenth
of the people so access filters have something to leave out. Declarations (mostly awaiting
review, one in ten with a proof file, some files shared between two people) are added size by
size; one teacher also has 1,000 declarations in one year.

The site runs as in production (DEBUG off, the cached template loader, static files collected
into the manifest storage). Each measure requests a real page through Django's test Client (the
whole middleware stack, the user logged in) and a bare view defined here, through the same
client and middleware. What bare does, exactly: one query for the same rows the page lists (the
same access filter, order and page size: 50, or 100 for the admin's list; for the detail and
review pages, which list a declaration's files, history and versions, its row and those rows,
one query each), with `.values()` of the stored columns the page shows (BARE_VIEWS: name, masked ID
number, department, title, type, dates, hours, status, flags stored on the row…), rendered by a
template compiled from a string on each request, `<table>` with one `<tr>` per row and one
`<td>` per value; no base template, no forms, no context processors, no values the page works
out in further queries (the year's claimed total, file counts, the reviewer's last word: those
count against the page). Rounds interleave every
page with its bare view, so drift in the machine hits both alike. Printed per measure: the median
of the per-round ratio bare ÷ page (1.0 = as fast as bare Django; the goal is ≥ 0.8) with its
min–max, the queries of one request (page / bare; the goal is at most 3 more) and met/missed.
Queue filters are judged against the queue's first page instead (goal: at most 1.5× its time): their
bare view is the unfiltered queue's, so their ratio to it is printed but holds no goal.
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
import types
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000,)
ROUNDS = 15
WARM_UP = 2
BATCH = 5_000
PEOPLE = 300
OTHER_PEOPLE = 30
HEAVY_ROWS = 1_000
PAGE = 50
ADMIN_PAGE = 100
URLCONF = "review_bench_urls"
GOAL_RATIO = 0.8
GOAL_EXTRA_QUERIES = 3
GOAL_FILTER = 1.5
BARE_ROW = "<tr>{% for v in row.values %}<td>{{ v }}</td>{% endfor %}</tr>"
BARE_TEMPLATE = "<table>{% for row in rows %}" + BARE_ROW + "{% endfor %}</table>"


@dataclass
class Measure:
    name: str
    page: str
    bare: str
    user: Any
    ms: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "bare": []})
    queries: dict[str, int] = field(default_factory=dict)

    def ratios(self) -> list[float]:
        return [b / p for p, b in zip(self.ms["page"], self.ms["bare"], strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--database-url", help="a PostgreSQL database to create a scratch one by")
    parser.add_argument("--profile", help="cProfile this measure's page (name prefix) instead")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="review-bench-"))
    try:
        with scratch_database(args.database_url) as url:
            run(sorted(args.sizes), args.rounds, var_dir, url, args.profile)
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


def run(
    sizes: list[int], rounds: int, var_dir: Path, database_url: str | None, profile: str | None
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

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    # Production's static storage (hashed names from a manifest), as `{% static %}` meets it there.
    call_command("collectstatic", interactive=False, verbosity=0)
    install_urlconf()
    cast = make_people()
    print(header(connection, rounds))
    with override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["testserver"]):
        made = 0
        for size in sizes:
            started = time.perf_counter()
            make_declarations(made, size)
            if made == 0:
                cast["full"] = make_full_declaration(cast["teacher"], cast["admin"])
                make_heavy_year(cast["heavy"])
                make_spot_check(cast["bureau"])
            made = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # As autovacuum would after bulk inserts (PostgreSQL 13+ vacuums after
                    # inserts too), before anyone looks: statistics, and the visibility map
                    # that lets covering indexes answer without reading the table.
                    cursor.execute("VACUUM ANALYZE")
            print(f"\n{size:,} declarations in place ({time.perf_counter() - started:.1f} s)")
            measures = build_measures(cast)
            if profile:
                profile_page(next(m for m in measures if m.name.startswith(profile)), rounds)
                continue
            measure(measures, rounds)
            print(table(measures))


def header(connection: Any, rounds: int) -> str:
    import django

    if connection.vendor == "postgresql":
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        engine = f"SQLite {connection.Database.sqlite_version}"
    return (
        f"Page bench: Django {django.get_version()}, Python {platform.python_version()}, "
        f"{engine}, {os.cpu_count()} CPUs; {rounds} interleaved rounds after {WARM_UP} warm-up"
    )


def _bare(rows: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def view(request: Any) -> Any:
        from django.http import HttpResponse
        from django.template import Context, Template

        values = list(rows(request))
        return HttpResponse(Template(BARE_TEMPLATE).render(Context({"rows": values})))

    return view


def _after(request: Any, queryset: Any, field: str = "pk", downwards: bool = False) -> Any:
    after = request.GET.get("after")
    if after:
        queryset = queryset.filter(**{f"{field}__{'lt' if downwards else 'gt'}": int(after)})
    return queryset


QUEUE_FIELDS = (
    "pk",
    "title",
    "type",
    "year",
    "claimed_hours",
    "computed_hours",
    "approved_hours",
    "status",
    "over_declared",
    "shared_evidence",
    "person__name",
    "person__department__name",
)


def bare_queue(request: Any) -> Any:
    from declarations.models import Status
    from review.access import department_declarations

    rows = department_declarations(request.user).filter(status=Status.SUBMITTED).order_by("pk")
    return _after(request, rows).values(*QUEUE_FIELDS)[:PAGE]


def bare_bureau(request: Any) -> Any:
    from declarations.models import Status
    from review.access import bureau_declarations

    rows = bureau_declarations(request.user).filter(status=Status.DEPARTMENT_APPROVED)
    return _after(request, rows.order_by("pk")).values(*QUEUE_FIELDS)[:PAGE]


def bare_my_hours(request: Any) -> Any:
    from declarations.models import Declaration

    rows = Declaration.objects.filter(person=request.user, year=int(request.GET["year"]))
    return rows.order_by("-ends_on", "-pk").values(
        "pk", "title", "type", "status", "starts_on", "ends_on", "claimed_hours", "approved_hours"
    )[:PAGE]


DETAIL_FIELDS = (
    "pk",
    "title",
    "type",
    "status",
    "facts",
    "starts_on",
    "ends_on",
    "subject",
    "claimed_hours",
    "computed_hours",
    "approved_hours",
    "note",
    "person__name",
    "person__id_masked",
    "person__department__name",
)


def bare_detail_row(request: Any) -> Any:
    """The declaration's row alone (the bare detail of earlier runs): for reference."""
    from declarations.models import Declaration

    return Declaration.objects.filter(pk=int(request.GET["pk"])).values(*DETAIL_FIELDS)


def bare_detail(request: Any) -> Any:
    """What the detail and review pages list: the declaration's row, its files, its history with
    each actor's name, its submitted versions; one `.values()` query each."""
    from declarations.models import Declaration, DeclarationHistory, DeclarationVersion, Evidence

    pk = int(request.GET["pk"])
    return [
        *Declaration.objects.filter(pk=pk).values(*DETAIL_FIELDS),
        *Evidence.objects.filter(declaration=pk, removed_at=None).values(
            "pk", "material", "original_name", "size", "pages"
        ),
        *DeclarationHistory.objects.filter(declaration=pk).values(
            "at", "actor__name", "role", "from_status", "to_status", "reason"
        ),
        *DeclarationVersion.objects.filter(declaration=pk).values("number", "submitted_at"),
    ]


def bare_people(request: Any) -> Any:
    from portal.access import people_administered

    rows = people_administered(request.user).order_by("pk")
    return rows.values(
        "pk",
        "name",
        "id_masked",
        "department__name",
        "employment_status",
        "is_active",
        "confirmed_at",
        "rejected_at",
    )[:PAGE]


def bare_admin_people(request: Any) -> Any:
    from portal.models import User

    return User.objects.order_by("-pk").values(
        "pk",
        "name",
        "id_masked",
        "department__name",
        "employment_status",
        "is_active",
        "is_hr_office",
        "bureau_scope",
    )[:ADMIN_PAGE]


def bare_not_declared(request: Any) -> Any:
    from portal.access import people_administered

    rows = people_administered(request.user).filter(is_active=True).order_by("pk")
    return rows.values("pk", "name", "department__name")[:PAGE]


def bare_spot_checks(request: Any) -> Any:
    from review.models import SpotCheck

    return SpotCheck.objects.order_by("-pk").values("pk", "year", "drawn_at", "department__name")[
        :PAGE
    ]


def bare_spot_check(request: Any) -> Any:
    from review.models import SpotCheckItem

    rows = SpotCheckItem.objects.filter(spot_check=int(request.GET["pk"]))
    return rows.values(
        "pk",
        "declaration__title",
        "declaration__type",
        "declaration__claimed_hours",
        "declaration__approved_hours",
        "declaration__person__name",
        "declaration__person__department__name",
        "outcome",
        "note",
    )


BARE_VIEWS = {
    "queue": bare_queue,
    "bureau": bare_bureau,
    "my-hours": bare_my_hours,
    "detail": bare_detail,
    "detail-row": bare_detail_row,
    "people": bare_people,
    "admin-people": bare_admin_people,
    "not-declared": bare_not_declared,
    "spot-checks": bare_spot_checks,
    "spot-check": bare_spot_check,
}


def install_urlconf() -> None:
    """The portal's URLs plus /bench/<name>/, registered as a module of its own."""
    from django.urls import path

    from portal.urls import urlpatterns

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        *urlpatterns,
        *(path(f"bench/{name}/", _bare(rows)) for name, rows in BARE_VIEWS.items()),
        path("bench/empty/", _empty),
        path("bench/base/", _base_only),
    ]
    sys.modules[URLCONF] = module


def _empty(request: Any) -> Any:
    """What every request costs before a page does anything: client, middleware, session, user."""
    from django.http import HttpResponse

    return HttpResponse("")


def _base_only(request: Any) -> Any:
    """The portal's base template around nothing: what every page pays for its frame."""
    from django.shortcuts import render

    return render(request, "base.html")


def make_people() -> dict[str, Any]:
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
    extra: dict[str, Any] = {"usable_password": False, "department": None}
    return {
        "admin": admin,
        "teacher": User.objects.get(name="教师7"),
        "heavy": User.objects.get(name="教师8"),
        "bureau": User.objects.create_person(
            id_number="41010519760521013X"[:17] + ric.calc_check_digit("41010519760521013"),
            name="复核人",
            bureau_scope="both",
            **extra,
        )[0],
        "hr": User.objects.create_person(
            id_number="41010519800312024" + ric.calc_check_digit("41010519800312024"),
            name="人事处",
            is_hr_office=True,
            is_staff=True,
            is_superuser=True,
            **extra,
        )[0],
    }


def make_declarations(start: int, stop: int) -> None:
    """Declarations number `start` to `stop`: 80% awaiting review, the rest decided either way;
    one in ten with a file, one file in five of those also in the next person's declaration."""
    from django.db import transaction

    from declarations.models import Declaration, Evidence, Status, StatusCount
    from portal.models import User

    people = list(
        User.objects.exclude(name__in=("教师0", "教师8")).exclude(department=None).order_by("pk")
    )
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
            files = Evidence.objects.bulk_create(
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
            # The shared-file flag, as `attach` keeps it.
            Evidence.objects.refresh_shared({f.sha256 for f in files})
            StatusCount.add_created(made)  # as `create_draft` counts


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


def make_heavy_year(person: Any) -> None:
    """One teacher with HEAVY_ROWS declarations in 2025."""
    from declarations.models import Declaration, Status, StatusCount

    made = Declaration.objects.bulk_create(
        declaration(3 * n + 1, person, Status.APPROVED if n % 2 else Status.SUBMITTED)
        for n in range(HEAVY_ROWS)
    )
    StatusCount.add_created(made)


def make_full_declaration(teacher: Any, admin: Any) -> int:
    """The declaration the detail page (its teacher's) and the review page (their administrator's)
    show: as one usually is by then, made through the doors a person's clicks go through, with
    its files (two, or what it needs), a history of four events (created, submitted, returned
    with a reason, submitted again) and two submitted versions."""
    import rules
    from declarations.models import Declaration, Evidence, Role, Status

    facts = {"hours": "16"}
    made = Declaration.create_draft(
        person=teacher,
        by=teacher,
        outcome=rules.assess("training", facts, year=2025),
        claimed=None,
        type="training",
        title="2025年暑期教师企业实践培训",
        organiser="河南省教育厅",
        starts_on=date(2025, 7, 14),
        ends_on=date(2025, 7, 18),
        year=2025,
        subject="professional",
        facts=facts,
    )
    required = [m.code for m in made.missing_materials()]
    others = [m.code for m in made.hour_type.materials if m.code not in required]
    materials = [*required, *others][: max(2, len(required))]
    files = Evidence.objects.bulk_create(
        Evidence(
            declaration=made,
            material=material,
            file=f"declarations/bench-full-{n}.pdf",
            original_name=f"{material}.pdf",
            content_type="application/pdf",
            size=250_000 + n,
            pages=2,
            sha256=f"{9_000_000 + n:064d}",
            uploaded_by=teacher,
        )
        for n, material in enumerate(materials)
    )
    Evidence.objects.refresh_shared({f.sha256 for f in files})
    made.submit(by=teacher, confirm_over=True)
    reason = "培训证明未盖章，请补充。"
    made.move(Status.RETURNED, by=admin, role=Role.DEPARTMENT_ADMIN, reason=reason)
    made.submit(by=teacher, confirm_over=True)
    return made.pk


def make_spot_check(bureau: Any) -> None:
    from declarations.models import Declaration, Status
    from review.models import SpotCheck

    SpotCheck.draw(
        by=bureau,
        population=Declaration.objects.filter(status=Status.APPROVED, year=2025),
        size=30,
        year=2025,
        department=None,
        subject_scope="both",
        requested_count=30,
        requested_percent=None,
    )


def build_measures(cast: dict[str, Any]) -> list[Measure]:
    from django.urls import reverse

    from declarations.models import Status
    from review.access import department_declarations
    from review.forms import FLAGS
    from review.models import SpotCheck

    admin, teacher, heavy = cast["admin"], cast["teacher"], cast["heavy"]
    pending = list(
        department_declarations(admin)
        .filter(status=Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    deep = pending[-PAGE - 1]
    queue = reverse("review:queue")
    full = cast["full"]
    check = SpotCheck.objects.latest("pk")
    measures = [
        Measure(
            "the frame: base template ÷ empty response", "/bench/base/", "/bench/empty/", admin
        ),
        Measure(
            "我的学时, a usual teacher",
            f"{reverse('declarations:my-hours')}?year=2025",
            "/bench/my-hours/?year=2025",
            teacher,
        ),
        Measure(
            f"我的学时 ({HEAVY_ROWS:,} in the year)",
            f"{reverse('declarations:my-hours')}?year=2025",
            "/bench/my-hours/?year=2025",
            heavy,
        ),
        Measure(
            "declaration detail",
            reverse("declarations:detail", args=[full]),
            f"/bench/detail/?pk={full}",
            teacher,
        ),
        Measure(
            "declaration detail, against its row alone",
            reverse("declarations:detail", args=[full]),
            f"/bench/detail-row/?pk={full}",
            teacher,
        ),
        Measure(
            "review page",
            reverse("review:department-review", args=[full]),
            f"/bench/detail/?pk={full}",
            admin,
        ),
        Measure("department queue", queue, "/bench/queue/", admin),
        Measure(
            "department queue, deep page",
            f"{queue}?after={deep}",
            f"/bench/queue/?after={deep}",
            admin,
        ),
        Measure("bureau queue", reverse("review:bureau-queue"), "/bench/bureau/", cast["bureau"]),
        Measure("department people", reverse("portal:department-people"), "/bench/people/", admin),
        Measure(
            "admin people",
            reverse("admin:portal_user_changelist"),
            "/bench/admin-people/",
            cast["hr"],
        ),
        Measure(
            "who has not declared",
            f"{reverse('review:not-declared')}?year=2027",
            "/bench/not-declared/",
            admin,
        ),
        Measure(
            "spot-check list", reverse("review:spot-checks"), "/bench/spot-checks/", cast["bureau"]
        ),
        Measure(
            "spot-check detail",
            reverse("review:spot-check", args=[check.pk]),
            f"/bench/spot-check/?pk={check.pk}",
            cast["bureau"],
        ),
    ]
    for code, _label in FLAGS:
        for status in ("submitted", "all"):
            measures.append(
                Measure(
                    f"queue filter {code}, {status}",
                    f"{queue}?status={status}&flag={code}",
                    "/bench/queue/",
                    admin,
                )
            )
    return measures


def measure(measures: list[Measure], rounds: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[int, Any] = {}
    for m in measures:
        if m.user.pk not in clients:
            clients[m.user.pk] = Client()
            clients[m.user.pk].force_login(m.user, backend="portal.backends.PortalBackend")
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
    import cProfile
    import pstats

    from django.test import Client

    client = Client()
    client.force_login(m.user, backend="portal.backends.PortalBackend")
    client.get(m.page)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(m.page)
    profiler.disable()
    project = r"^(?!.*site-packages)|render|execute"
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(project, 60)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(m.page)
    for query in captured.captured_queries:
        print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    print(f"\nThe slowest statement, whole, and its plan:\n{slowest['sql']}")
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(explain + slowest["sql"])  # the bench's own captured SQL
        for line in cursor.fetchall():
            print("   ", *line)


def table(measures: list[Measure]) -> str:
    reference = {
        "the frame: base template ÷ empty response",
        "declaration detail, against its row alone",
    }
    lines = [
        f"{'measure':<36}{'page ms':>8}{'bare ms':>8}  {'ratio bare÷page (min–max)':<26}"
        f"{'queries':>9}  goal ≥ {GOAL_RATIO}×, ≤ +{GOAL_EXTRA_QUERIES} queries"
    ]
    first = next(m for m in measures if m.name == "department queue")
    for m in measures:
        ratios = m.ratios()
        ratio = statistics.median(ratios)
        queries = f"{m.queries['page']} / {m.queries['bare']}"
        met = ratio >= GOAL_RATIO and m.queries["page"] - m.queries["bare"] <= GOAL_EXTRA_QUERIES
        verdict = "met" if met else "MISSED"
        if m.name in reference:
            verdict = "(for reference: no goal)"
        if m.name.startswith("queue filter"):
            # Its bare view is the unfiltered queue's: a filter is judged against page one.
            against = [p / f for p, f in zip(m.ms["page"], first.ms["page"], strict=True)]
            times = statistics.median(against)
            ok = (
                times <= GOAL_FILTER and m.queries["page"] - m.queries["bare"] <= GOAL_EXTRA_QUERIES
            )
            verdict = f"{times:.2f}× page one ({min(against):.2f}–{max(against):.2f}), "
            verdict += f"goal ≤ {GOAL_FILTER}×: {'met' if ok else 'MISSED'}"
        lines.append(
            f"{m.name:<36}{statistics.median(m.ms['page']):>8.1f}"
            f"{statistics.median(m.ms['bare']):>8.1f}  "
            f"{ratio:>5.2f}× ({min(ratios):.2f}–{max(ratios):.2f}){'':<11}"
            f"{queries:>9}  {verdict}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
