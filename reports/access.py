"""Who sees which figures in the reports app. 404 when the user may not see the object, 403
when they may see but not change it (or hold no role that reaches the page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from declarations.models import Status
from portal.access import role_required
from portal.models import BureauScope, Department, User
from reports.dashboards import Scope

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
