"""Who reaches the HR office's pages, and the only ways from an id in a URL to an object.

The HR office reaches everything here. A department administrator reaches two things only: issuing
a one-time password to a person of their departments, and deciding their people's requests to
move. 404 when the user may not see the object, 403 when they may see but not change it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from hr.models import ImportBatch, MoveRequest
from portal.access import hr_office_required, people_administered, role_required
from portal.models import AdminAssignment, Department, User

__all__ = ["hr_office_required", "issuer_required", "move_decider_required"]

issuer_required = role_required(lambda user: user.is_hr_office or user.is_department_admin)
move_decider_required = issuer_required


def department_for(user: User, pk: int) -> Department:
    department = Department.objects.filter(pk=pk).first() if user.is_hr_office else None
    if department is None:
        raise Http404
    return department


def assignment_for(department: Department, pk: int) -> AdminAssignment:
    assignment = (
        AdminAssignment.objects.current()
        .filter(department=department, pk=pk)
        .select_related("person")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def person_for(user: User, pk: int) -> User:
    person = (
        User.objects.filter(pk=pk).select_related("department").first()
        if user.is_hr_office
        else None
    )
    if person is None:
        raise Http404
    return person


def person_to_issue(user: User, pk: int) -> User:
    """The HR office issues to anyone; an administrator to the people of their departments."""
    people = User.objects.all() if user.is_hr_office else people_administered(user)
    person = people.filter(pk=pk).exclude(pk=user.pk).select_related("department").first()
    if person is None:
        raise Http404
    return person


def import_for(user: User, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=pk).first() if user.is_hr_office else None
    if batch is None:
        raise Http404
    return batch


def move_requests_for(user: User) -> QuerySet[MoveRequest]:
    """The HR office decides every request; an administrator those from their departments."""
    if user.is_hr_office:
        return MoveRequest.objects.all()
    return MoveRequest.objects.filter(Q(person__in=people_administered(user)) & ~Q(person=user))


def move_request_for(user: User, pk: int) -> MoveRequest:
    request = (
        move_requests_for(user)
        .filter(pk=pk)
        .select_related("person", "to_department", "from_department")
        .first()
    )
    if request is None:
        raise Http404
    return request
