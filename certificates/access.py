"""The only ways from a user-supplied id to a certificate, record or bundle.

404 when the user may not see the object, 403 when they may see but not change it. The HR
office sees every person's certificate; everyone else only their own (the pages without an id).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from certificates.models import Bundle, Certificate, SealedRecord
from certificates.years import in_unit
from portal.access import department_admin_required, hr_office_required, role_required
from portal.models import Department, User

__all__ = ["department_admin_required", "hr_office_required"]

# The HR office and department administrators: who watches others' hours.
overseer_required = role_required(lambda user: user.is_hr_office or user.is_department_admin)


def _hr_only(user: User) -> None:
    if not user.is_hr_office:
        raise Http404


def person_for_hr(user: User, pk: int) -> User:
    _hr_only(user)
    person = User.objects.select_related("department", "certificate").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def certificate_of(person: User) -> Certificate:
    """People from before numbering are numbered on first sight (the command does it in bulk)."""
    return Certificate.objects.issue(person)


def record_for_hr(user: User, pk: int) -> SealedRecord:
    _hr_only(user)
    record = SealedRecord.objects.select_related("certificate__person").filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def bundle_for(user: User, pk: int) -> Bundle:
    _hr_only(user)
    bundle = Bundle.objects.select_related("department").filter(pk=pk).first()
    if bundle is None:
        raise Http404
    return bundle


def department_for_hr(user: User, pk: int | None) -> Department | None:
    _hr_only(user)
    if pk is None:
        return None
    department = Department.objects.filter(pk=pk).first()
    if department is None:
        raise Http404
    return department


def shortfall_people(user: User) -> QuerySet[User]:
    """Whose shortfall this user may see: the HR office everyone's, an administrator their
    departments' people."""
    people = in_unit()
    if user.is_hr_office:
        return people
    return people.filter(department__in=user.administered_departments())
