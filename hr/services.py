"""Flows that change people and their declarations together."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from declarations.models import follow_transfer
from hr.models import MoveRequest
from portal.models import AdminAssignment, Department, User
from portal.notifications import notify


@transaction.atomic
def transfer(*, people: Iterable[User], to: Department, by: User, reason: str = "") -> int:
    """Move people to `to`, each in their department history. Work already submitted follows
    them to the new department's queue (the queue reads the person's department); undecided
    records take the new department, decided ones keep the one they were decided in."""
    moved = 0
    for person in people:
        previous = person.move_to(to, by=by, reason=reason)
        follow_transfer(person, from_department_id=previous, to=to)
        moved += 1
    return moved


@transaction.atomic
def approve_move(request: MoveRequest, *, by: User, note: str = "") -> None:
    request.close(MoveRequest.State.APPROVED, by=by, note=note)
    transfer(
        people=[request.person], to=request.to_department, by=by, reason=note or request.reason
    )
    _tell(request)


@transaction.atomic
def decline_move(request: MoveRequest, *, by: User, note: str) -> None:
    request.close(MoveRequest.State.DECLINED, by=by, note=note)
    _tell(request)


def tell_deciders(request: MoveRequest) -> None:
    """The administrators of the person's department learn that a request waits for them."""
    if request.from_department is None:
        return
    administrators = User.objects.filter(
        pk__in=AdminAssignment.objects.current()
        .filter(department=request.from_department)
        .exclude(person=request.person)
        .values("person_id")
    )
    with translation.override("zh-hans"):
        subject = _("%(name)s asks to move to %(department)s.") % {
            "name": request.person.name,
            "department": request.to_department.name,
        }
        for administrator in administrators:
            notify(administrator, subject=subject, body=request.reason, link="/hr/moves/")


def _tell(request: MoveRequest) -> None:
    with translation.override("zh-hans"):
        approved = request.state == MoveRequest.State.APPROVED
        subject = (
            _("Your move to %(department)s is approved.")
            if approved
            else _("Your request to move to %(department)s was declined.")
        ) % {"department": request.to_department.name}
        notify(request.person, subject=subject, body=request.note, link="/hr/me/move/")
