"""A declaration is decided exactly once: two reviewers deciding it at the same moment, or one
on a stale page. One wins; the other is told who decided it and when; nothing is written twice.

The races run in threads: Django gives each thread its own database connection, so each
reviewer has their own transaction, as two requests in two server processes would.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import reverse

from declarations.exceptions import StaleDeclaration
from declarations.models import Declaration, DeclarationHistory, Role, Status
from portal.models import Department, User
from tests.declarations.helpers import attach_required
from tests.factories import AdminAssignmentFactory, UserFactory, logged_in

# Long enough that the other reviewer is surely waiting on the row lock meanwhile.
HOLD_SECONDS = 0.3
WAIT_SECONDS = 30

# Two real connections: row locks on PostgreSQL; on SQLite (a file test database) IMMEDIATE
# transactions make the second writer wait for the first. `make test` runs both.


@pytest.fixture
def second_admin(civil: Department) -> User:
    """A second administrator of 土木工程系: reviews the same queue as 唐管理员."""
    person = UserFactory.create(name="宋管理员", department=civil)
    AdminAssignmentFactory.create(person=person, department=civil)
    return person


@pytest.fixture
def submitted(teacher: User) -> Declaration:
    """The teacher's declaration, awaiting her department's review."""
    declaration = Declaration.objects.create(
        person=teacher,
        created_by=teacher,
        type="training",
        title="全国职业教育学术年会",
        starts_on=datetime.date(2026, 5, 10),
        ends_on=datetime.date(2026, 5, 12),
        year=2026,
        subject="professional",
        facts={"hours": "8"},
        computed_hours=Decimal(8),
        claimed_hours=Decimal(8),
        status=Status.SUBMITTED,
    )
    DeclarationHistory.objects.create(
        declaration=declaration,
        actor=teacher,
        role=Role.DECLARANT,
        from_status=Status.DRAFT,
        to_status=Status.SUBMITTED,
        hours_after=declaration.claimed_hours,
    )
    return declaration


def decisions(declaration: Declaration) -> list[DeclarationHistory]:
    return list(declaration.history.filter(from_status=Status.SUBMITTED))  # type: ignore[attr-defined]


def in_threads(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread, hence on its own connection; what each returned or
    raised, in the order given."""
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            outcomes[index] = job()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    return outcomes


def decide_and_hold(
    pk: int,
    to: str,
    *,
    by: User,
    start: threading.Barrier,
    locked: threading.Event | None = None,
) -> DeclarationHistory:
    """Load the declaration as the review page would, wait for the other reviewer, decide,
    and keep the transaction open a moment before committing."""
    declaration = Declaration.objects.get(pk=pk)
    start.wait(WAIT_SECONDS)
    with transaction.atomic():
        event = declaration.move(to, by=by, role=Role.DEPARTMENT_ADMIN, reason="材料齐全")
        if locked is not None:
            locked.set()
        time.sleep(HOLD_SECONDS)
    return event


def decide_after(
    pk: int, to: str, *, by: User, start: threading.Barrier, locked: threading.Event
) -> DeclarationHistory:
    """Load the declaration as the review page would, then decide while the other reviewer's
    transaction holds the row."""
    declaration = Declaration.objects.get(pk=pk)
    start.wait(WAIT_SECONDS)
    locked.wait(WAIT_SECONDS)
    return declaration.move(to, by=by, role=Role.DEPARTMENT_ADMIN, reason="缺少单位证明")


@dataclass(frozen=True)
class Race:
    first: Any
    second: Any


@pytest.fixture
def row_lock_race(
    transactional_db: None, submitted: Declaration, civil_admin: User, second_admin: User
) -> Race:
    """唐管理员 approves and holds the row; 宋管理员, who loaded the same page, returns it
    meanwhile: her SELECT … FOR UPDATE waits for 唐管理员's commit."""
    start, locked = threading.Barrier(2), threading.Event()
    first, second = in_threads(
        lambda: decide_and_hold(
            submitted.pk, Status.DEPARTMENT_APPROVED, by=civil_admin, start=start, locked=locked
        ),
        lambda: decide_after(
            submitted.pk, Status.RETURNED, by=second_admin, start=start, locked=locked
        ),
    )
    return Race(first, second)


def test_the_reviewer_who_waited_on_the_row_is_refused(row_lock_race: Race) -> None:
    assert isinstance(row_lock_race.first, DeclarationHistory)
    assert isinstance(row_lock_race.second, StaleDeclaration)


def test_the_refused_reviewer_is_told_who_decided_and_when(
    row_lock_race: Race, civil_admin: User
) -> None:
    latest = row_lock_race.second.latest
    assert (latest.pk, latest.actor, latest.at) == (
        row_lock_race.first.pk,
        civil_admin,
        row_lock_race.first.at,
    )


def test_the_row_lock_race_writes_one_decision(
    row_lock_race: Race, submitted: Declaration, civil_admin: User
) -> None:
    assert [(e.actor, e.to_status) for e in decisions(submitted)] == [
        (civil_admin, Status.DEPARTMENT_APPROVED)
    ]


def test_the_row_lock_race_leaves_the_winners_status(
    row_lock_race: Race, submitted: Declaration
) -> None:
    submitted.refresh_from_db()
    assert submitted.status == Status.DEPARTMENT_APPROVED


@pytest.fixture
def simultaneous_race(
    transactional_db: None, submitted: Declaration, civil_admin: User, second_admin: User
) -> list[Any]:
    """Both administrators approve at the same moment, each holding their transaction open a
    moment: PostgreSQL's row lock (or SQLite's IMMEDIATE write lock) lets one in at a time."""
    start = threading.Barrier(2)
    return in_threads(
        *(
            lambda admin=admin: decide_and_hold(
                submitted.pk, Status.DEPARTMENT_APPROVED, by=admin, start=start
            )
            for admin in (civil_admin, second_admin)
        )
    )


def test_of_two_simultaneous_decisions_exactly_one_wins(simultaneous_race: list[Any]) -> None:
    assert sorted(type(outcome).__name__ for outcome in simultaneous_race) == [
        "DeclarationHistory",
        "StaleDeclaration",
    ]


def test_the_simultaneous_loser_is_told_the_winners_decision(
    simultaneous_race: list[Any],
) -> None:
    [won] = [o for o in simultaneous_race if isinstance(o, DeclarationHistory)]
    [lost] = [o for o in simultaneous_race if isinstance(o, StaleDeclaration)]
    assert (lost.latest.pk, lost.latest.actor, lost.latest.at) == (won.pk, won.actor, won.at)


def test_simultaneous_decisions_write_one_decision(
    simultaneous_race: list[Any], submitted: Declaration
) -> None:
    assert len(decisions(submitted)) == 1


def stale_page_post(
    declaration: Declaration, reviewer: User, other: User, *, other_decision: str
) -> Any:
    """`reviewer` opens the review page; `other` decides through the view; then `reviewer`
    approves with the page they loaded before."""
    url = reverse("review:department-review", args=[declaration.pk])
    page = logged_in(reviewer).get(url)
    seen_event = page.context["form"].initial["seen_event"]
    logged_in(other).post(url, {"decision": other_decision, "reason_text": "缺少单位证明"})
    return logged_in(reviewer).post(url, {"decision": "approve", "seen_event": seen_event})


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def stale_approval(submitted: Declaration, civil_admin: User, second_admin: User) -> Any:
    """宋管理员 approves on a page loaded before 唐管理员 approved."""
    return stale_page_post(submitted, second_admin, civil_admin, other_decision="approve")


def test_a_decision_on_a_stale_page_is_sent_back_to_the_page(
    stale_approval: Any, submitted: Declaration
) -> None:
    assert stale_approval.status_code == 302
    assert stale_approval.url == reverse("review:department-review", args=[submitted.pk])


def test_a_decision_on_a_stale_page_names_who_decided_first(stale_approval: Any) -> None:
    [message] = messages_of(stale_approval)
    assert "唐管理员" in message


def test_a_decision_on_a_stale_page_writes_nothing(
    stale_approval: Any, submitted: Declaration, civil_admin: User
) -> None:
    assert [(e.actor, e.to_status) for e in decisions(submitted)] == [
        (civil_admin, Status.DEPARTMENT_APPROVED)
    ]


@pytest.fixture
def stale_after_resubmission(
    submitted: Declaration, teacher: User, civil_admin: User, second_admin: User
) -> Any:
    """宋管理员 opened the page; meanwhile 唐管理员 returned it and the teacher resubmitted it, so
    it is awaiting review again, but not as 宋管理员 saw it."""
    url = reverse("review:department-review", args=[submitted.pk])
    seen_event = logged_in(second_admin).get(url).context["form"].initial["seen_event"]
    logged_in(civil_admin).post(url, {"decision": "return", "reason_text": "缺少单位证明"})
    attach_required(Declaration.objects.get(pk=submitted.pk)).move(
        Status.SUBMITTED, by=teacher, role=Role.DECLARANT
    )
    return logged_in(second_admin).post(url, {"decision": "approve", "seen_event": seen_event})


def test_a_decision_on_a_page_older_than_a_resubmission_names_who_acted_last(
    stale_after_resubmission: Any,
) -> None:
    [message] = messages_of(stale_after_resubmission)
    assert "林老师" in message


def test_a_decision_on_a_page_older_than_a_resubmission_writes_nothing(
    stale_after_resubmission: Any, submitted: Declaration
) -> None:
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
