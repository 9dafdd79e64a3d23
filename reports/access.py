"""Who reaches the dashboards and exports, and the only ways from an id to their objects.

404 when the user may not see the object, 403 when they may see but not change it (or hold no
role that reaches the page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from declarations.access import visible_declarations
from declarations.models import Declaration, Status
from portal.access import departments_administered, hr_office_required, role_required
from portal.models import BureauScope, Department, User
from reports.dashboards import Scope
from reports.models import Export
from review import access as review_access

# --- Dashboards -------------------------------------------------------------------------------


def sees_dashboard(user: User) -> bool:
    return user.is_hr_office or user.is_department_admin or bool(user.bureau_scope)


dashboard_required = role_required(sees_dashboard)


@dataclass(frozen=True)
class Dashboard:
    """What one viewer's dashboard covers: `kind` "unit" (the HR office), "departments" (a
    department administrator's own) or "bureau" (a bureau reviewer's subject scope, unit-wide);
    `choices` the departments they may pick; `department` the one picked, if any."""

    kind: str
    scope: Scope
    choices: list[Department]
    department: Department | None

    @property
    def subject(self) -> str:
        return self.scope.subject


def dashboard_for(user: User, department_pk: int | None) -> Dashboard:
    """The HR office sees every department and the unit; an administrator their departments
    (all of them together unless one is picked); a bureau reviewer the unit's records in their
    subject scope that reached the bureau. A department outside these is a 404."""
    if user.is_hr_office:
        kind = "unit"
        choices = list(Department.objects.order_by("name"))
    elif user.is_department_admin:
        kind = "departments"
        choices = list(user.administered_departments().order_by("name"))
    elif user.bureau_scope:
        kind = "bureau"
        choices = list(Department.objects.order_by("name"))
    else:
        raise Http404
    department = None
    if department_pk is not None:
        department = next((d for d in choices if d.pk == department_pk), None)
        if department is None:
            raise Http404
    if department is not None:
        departments: tuple[int, ...] | None = (department.pk,)
    elif kind == "departments":
        departments = tuple(d.pk for d in choices)
    else:
        departments = None
    if kind == "bureau":
        subject = "" if user.bureau_scope == BureauScope.BOTH else user.bureau_scope
        scope = Scope(departments, subject, tuple(Status.BUREAU_SEES))
    else:
        scope = Scope(departments)
    return Dashboard(kind, scope, choices, department)


# --- End of dashboards ------------------------------------------------------------------------

# Exports ------------------------------------------------------------------------------------
# The people of a department with their yearly figures: the HR office (any department, or the
# unit) and department administrators (their departments). Declarations: the HR office all of
# them (its records), department reviewers their department queue, bureau reviewers their
# scope. Full ID numbers: the HR office only, with a reason, logged.

DECLARATION_SCOPES = ("records", "department", "bureau")


def may_export_people(user: User) -> bool:
    return user.is_hr_office or user.is_department_admin


def may_export(user: User) -> bool:
    return may_export_people(user) or bool(user.bureau_scope)


people_exporter_required = role_required(may_export_people)
exporter_required = role_required(may_export)
full_ids_required = hr_office_required


def export_departments(user: User) -> QuerySet[Department]:
    """Whose people this user may export: every department for the HR office."""
    if user.is_hr_office:
        return Department.objects.order_by("name")
    return departments_administered(user).order_by("name")


def declarations_to_export(user: User, scope: str) -> QuerySet[Declaration]:
    """The declarations behind a list page, as that page shows them to this user: the HR
    office's records (every department, no drafts), the department queue or the bureau queue.
    403 when the user does not hold the list's role."""
    if scope == "records" and user.is_hr_office:
        return visible_declarations(user).exclude(status=Status.DRAFT)
    if scope == "department" and review_access.is_department_reviewer(user):
        return review_access.department_declarations(user)
    if scope == "bureau" and user.bureau_scope:
        return review_access.bureau_declarations(user)
    raise PermissionDenied


def export_for(user: User, pk: int) -> Export:
    """An export is seen by whoever asked for it, nobody else."""
    found = Export.objects.filter(pk=pk, requested_by=user).first()
    if found is None:
        raise Http404
    return found
