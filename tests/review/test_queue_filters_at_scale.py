"""Every queue filter stays as cheap as the queue's first page at 10,000 declarations.

On PostgreSQL the planner is the risk: the `shared_evidence` filter once nested a correlated
subquery inside another and checked every declaration against every file (over 30 s at 10,000
declarations, minutes at 100,000). Here every filter's statements run under a 3 s statement
timeout (a hang is an error, not a slow test; speed itself is bench/review_bench.py's), the plan
of each must not nest a subquery run per row inside another one, and the planner's cost of each
must stay within 1.5× of the unfiltered first page's. SQLite runs the same filters at 1,000
declarations.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Declaration, Evidence, Status, StatusCount
from portal.models import Department, User
from review.forms import FLAGS
from tests.factories import UserFactory, logged_in

PEOPLE = 40
SHARED_EVERY = 50  # one declaration in 50 has a file also attached to another person's


def _size() -> int:
    return 10_000 if connection.vendor == "postgresql" else 1_000


def _fill(department: Department, size: int) -> list[User]:
    people = [UserFactory.create(department=department) for _ in range(PEOPLE)]
    statuses = [Status.SUBMITTED] * 8 + [Status.APPROVED, Status.RETURNED]
    made = Declaration.objects.bulk_create(
        Declaration(
            person=people[n % PEOPLE],
            created_by=people[n % PEOPLE],
            type="base_training" if n % 23 == 0 else "training",
            title=f"培训 {n}",
            starts_on=datetime.date(2024 + n % 3, 3, 1),
            ends_on=datetime.date(2024 + n % 3, 3, 2),
            year=2024 + n % 3,
            subject="professional",
            facts={"source": "base_batch"} if n % 23 == 0 else {"hours": "8"},
            computed_hours=Decimal(8),
            claimed_hours=Decimal(8 if n % 7 else 10),
            status=statuses[n % len(statuses)],
            over_declared=n % 97 == 0,
        )
        for n in range(size)
    )
    # One in ten with a file; every SHARED_EVERY-th shares its file with the previous one's
    # (a different person: people rotate with n).
    files = Evidence.objects.bulk_create(
        Evidence(
            declaration=d,
            material="training_notice",
            file=f"declarations/scale-{n}.pdf",
            original_name="通知.pdf",
            content_type="application/pdf",
            size=1000,
            sha256=f"{n - 10 if n % SHARED_EVERY == 0 and n else n:064d}",
            uploaded_by=d.person,
        )
        for n, d in enumerate(made)
        if n % 10 == 0
    )
    Evidence.objects.refresh_shared({f.sha256 for f in files})  # as `attach` does
    StatusCount.add_created(made)  # as `create_draft` counts
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return people


def _nested_subplans(plan: dict[str, Any], inside: int = 0) -> int:
    """The deepest nesting of subqueries run per outer row (SubPlan) in a JSON plan."""
    here = inside + (1 if plan.get("Parent Relationship") == "SubPlan" else 0)
    return max([here, *(_nested_subplans(child, here) for child in plan.get("Plans", []))])


def _plan(sql: str, params: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


@pytest.mark.django_db
def test_every_queue_filter_is_answered_quickly_at_ten_thousand_declarations(
    civil: Department, civil_admin: User
) -> None:
    size = _size()
    _fill(civil, size)
    client = logged_in(civil_admin)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 3000")  # a hang fails here, in seconds
    shared = {
        pk
        for pk in Declaration.objects.shared_evidence().values_list("pk", flat=True)  # type: ignore[attr-defined]
    }
    assert len(shared) == 2 * (size // SHARED_EVERY - 1)
    page_one = 0.0  # the first request: the pending queue, unfiltered
    for flag in ["", *(code for code, _label in FLAGS)]:
        for status in ("submitted", "all"):
            params = {"status": status, "flag": flag}
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse("review:queue"), params)
            assert response.status_code == 200
            rows = response.context["rows"]
            assert rows, params
            if flag == "shared_evidence":
                assert {d.pk for d in rows} <= shared
                assert all(d.shared_evidence for d in rows)
            if connection.vendor != "postgresql":
                continue
            plans = [
                _plan(query["sql"], None)
                for query in captured.captured_queries
                if "declarations_" in query["sql"]
            ]
            for plan in plans:
                assert _nested_subplans(plan) <= 1, params
            # The planner's own estimate: no statement of a filter costs more than half as much
            # again as the dearest of the unfiltered first page (a file compared with every file
            # of every declaration costs a hundred times more).
            cost = max(plan["Total Cost"] for plan in plans)
            page_one = page_one or cost
            assert cost <= 1.5 * page_one, (params, cost, page_one)


@pytest.mark.django_db
def test_postgresql_cancels_any_statement_that_runs_too_long(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite runs in the web process itself")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        assert int(cursor.fetchone()[0]) == settings.STATEMENT_TIMEOUT_MS > 0
        with pytest.raises(OperationalError, match="statement timeout"), transaction.atomic():
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(1)")
