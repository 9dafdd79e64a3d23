"""A spot-check item is decided exactly once: two reviewers at the same moment, a stale page, or
one declaration drawn into two checks. One wins, the other is told who decided and when; no 500,
no item left pending. Real connections in threads, as in test_concurrency.py."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse

from declarations.models import Declaration, Status
from portal.models import User
from review.exceptions import AlreadyDecided
from review.models import SpotCheck, SpotCheckItem
from tests.factories import UserFactory, logged_in
from tests.review.test_concurrency import HOLD_SECONDS, WAIT_SECONDS, in_threads
from tests.review.test_queue import bulk


@pytest.fixture
def colleague(db: None) -> User:
    """A second bureau reviewer for professional subjects: shares the same spot checks."""
    return UserFactory.create(name="韩审核", department=None, bureau_scope="professional")


@pytest.fixture
def approved(teacher: User) -> Declaration:
    [declaration] = bulk(teacher, 1, status=Status.APPROVED)
    return declaration


def draw(by: User) -> SpotCheck:
    return SpotCheck.draw(
        by=by,
        population=Declaration.objects.filter(status=Status.APPROVED),
        size=1,
        year=2026,
        subject_scope="professional",
    )


def revokes(declaration: Declaration) -> int:
    return declaration.events.filter(to_status=Status.REVOKED).count()  # type: ignore[attr-defined]


def decide_and_hold(item_pk: int, outcome: str, *, by: User, start: threading.Barrier) -> str:
    item = SpotCheckItem.objects.get(pk=item_pk)
    start.wait(WAIT_SECONDS)
    with transaction.atomic():
        item.decide(outcome, by=by, reason="证书系伪造")
        time.sleep(HOLD_SECONDS)
    return outcome


@pytest.fixture
def simultaneous(
    transactional_db: None, approved: Declaration, bureau_reviewer: User, colleague: User
) -> list[Any]:
    """梁审核 says the proof holds while 韩审核 revokes, on the same item, at the same moment."""
    item = draw(bureau_reviewer).items.get()  # type: ignore[attr-defined]
    start = threading.Barrier(2)
    return in_threads(
        lambda: decide_and_hold(item.pk, "upheld", by=bureau_reviewer, start=start),
        lambda: decide_and_hold(item.pk, "revoked", by=colleague, start=start),
    )


def test_of_two_simultaneous_decisions_on_an_item_exactly_one_wins(
    simultaneous: list[Any],
) -> None:
    assert sorted(type(outcome).__name__ for outcome in simultaneous) == [
        "AlreadyDecided",
        "str",
    ]


def test_the_item_and_the_declaration_agree_with_the_winner(
    simultaneous: list[Any], approved: Declaration
) -> None:
    [won] = [o for o in simultaneous if isinstance(o, str)]
    approved.refresh_from_db()
    expected = Status.REVOKED if won == "revoked" else Status.APPROVED
    assert (SpotCheckItem.objects.get().outcome, approved.status) == (won, expected)


def test_the_loser_is_told_who_decided_first(simultaneous: list[Any]) -> None:
    [lost] = [o for o in simultaneous if isinstance(o, AlreadyDecided)]
    assert lost.item.decided_by is not None and lost.item.decided_at is not None


def revoke_through_page(reviewer: User, item: SpotCheckItem, start: threading.Barrier) -> Any:
    client = logged_in(reviewer)
    start.wait(WAIT_SECONDS)
    return client.post(
        reverse("review:spot-check-decide", args=[item.spot_check_id, item.pk]),
        {"outcome": "revoked", "reason": "材料不实"},
    )


def test_two_simultaneous_revokes_answer_without_a_server_error(
    transactional_db: None, approved: Declaration, bureau_reviewer: User, colleague: User
) -> None:
    item = draw(bureau_reviewer).items.get()  # type: ignore[attr-defined]
    start = threading.Barrier(2)
    responses = in_threads(
        lambda: revoke_through_page(bureau_reviewer, item, start),
        lambda: revoke_through_page(colleague, item, start),
    )
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert revokes(approved) == 1


def test_two_revokes_through_two_checks_of_one_declaration_revoke_it_once(
    transactional_db: None, approved: Declaration, bureau_reviewer: User, colleague: User
) -> None:
    first, second = draw(bureau_reviewer), draw(colleague)
    start = threading.Barrier(2)
    outcomes = in_threads(
        lambda: decide_and_hold(first.items.get().pk, "revoked", by=bureau_reviewer, start=start),  # type: ignore[attr-defined]
        lambda: decide_and_hold(second.items.get().pk, "revoked", by=colleague, start=start),  # type: ignore[attr-defined]
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AlreadyDecided", "str"]
    assert revokes(approved) == 1


def test_revoking_in_one_check_settles_the_same_declaration_in_another(
    approved: Declaration, bureau_reviewer: User, colleague: User
) -> None:
    first, second = draw(bureau_reviewer), draw(colleague)
    first.items.get().decide("revoked", by=bureau_reviewer, reason="证书系伪造")  # type: ignore[attr-defined]
    settled = second.items.get()  # type: ignore[attr-defined]
    assert (settled.outcome, settled.decided_by, settled.note) == (
        SpotCheckItem.Outcome.REVOKED,
        bureau_reviewer,
        "证书系伪造",
    )


def test_deciding_an_item_already_settled_elsewhere_says_who_and_when(
    approved: Declaration, bureau_reviewer: User, colleague: User
) -> None:
    first, second = draw(bureau_reviewer), draw(colleague)
    first.items.get().decide("revoked", by=bureau_reviewer, reason="证书系伪造")  # type: ignore[attr-defined]
    item = second.items.get()  # type: ignore[attr-defined]
    response = logged_in(colleague).post(
        reverse("review:spot-check-decide", args=[second.pk, item.pk]), {"outcome": "upheld"}
    )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert response.status_code == 302
    assert message.startswith("梁审核 已于")


def test_a_revocation_reason_with_a_control_character_is_refused(
    approved: Declaration, bureau_reviewer: User
) -> None:
    item = draw(bureau_reviewer).items.get()  # type: ignore[attr-defined]
    logged_in(bureau_reviewer).post(
        reverse("review:spot-check-decide", args=[item.spot_check_id, item.pk]),
        {"outcome": "revoked", "reason": "证书\u202e系伪造"},
    )
    approved.refresh_from_db()
    assert (approved.status, SpotCheckItem.objects.get().outcome) == (
        Status.APPROVED,
        SpotCheckItem.Outcome.PENDING,
    )
