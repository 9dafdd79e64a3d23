"""The only ways from a user-supplied id to a person or department in the portal app.

404 when the user may not see the object, 403 when they may see but not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from portal.models import Department, User
from portal.pagination import PAGE_SIZE
from portal.prepared import Prepared


def departments_administered(user: User) -> QuerySet[Department]:
    return user.administered_departments()


def department_ids_administered(user: User) -> list[int]:
    """The pks of `departments_administered(user)`: named in a statement, they spare it a
    subquery (and, for the person loaded with the request, a query)."""
    return user.administered_department_ids()


def people_administered(user: User) -> QuerySet[User]:
    """People currently in the departments this user administers (named by their pks: no
    departments' queryset to build and no subquery in the statement)."""
    return people_in(*department_ids_administered(user))


def people_in(*departments: int) -> QuerySet[User]:
    """People currently in `departments` (pks from `department_ids_administered`): what an
    administrator's lists start from, also in statements written once per number of
    departments."""
    return User.objects.filter(department__in=departments)


# What "My department's people" shows of each person (people_lists.department_people_rows), in
# its order: awaiting confirmation first, then by department and name.
PEOPLE_SHOWN = (
    "pk",
    "name",
    "id_masked",
    "department_id",
    "department__name",
    "employment_status",
    "is_active",
    "confirmed_at",
    "rejected_at",
    "confirmed",
)
PEOPLE_ORDER = ("confirmed", "department_id", "name", "pk")


def _people_shown(*departments: int) -> QuerySet[Any]:
    confirmed = ExpressionWrapper(Q(confirmed_at__isnull=False), BooleanField())
    return people_in(*departments).annotate(confirmed=confirmed).values(*PEOPLE_SHOWN)


# Their first page (one row more, to tell whether another follows) and the departments' names:
# read on every visit, written once per number of departments (portal/prepared.py).
_PEOPLE_PAGE_ONE = Prepared(
    User,
    lambda *departments: _people_shown(*departments).order_by(*PEOPLE_ORDER)[: PAGE_SIZE + 1],
    name="PersonShown",
)
_DEPARTMENT_NAMES = Prepared(
    Department,
    lambda *departments: Department.objects.filter(pk__in=departments).values("pk", "name"),
    name="DepartmentNamed",
)


def people_shown(user: User) -> QuerySet[Any]:
    """`people_administered(user)` as named tuples of PEOPLE_SHOWN."""
    return _people_shown(*department_ids_administered(user)).values_list(*PEOPLE_SHOWN, named=True)


def people_shown_page_one(user: User) -> list[Any]:
    """The first `PAGE_SIZE + 1` rows of `people_shown(user)` in PEOPLE_ORDER."""
    departments = department_ids_administered(user)
    return _PEOPLE_PAGE_ONE.rows(*departments) if departments else []


def departments_named(user: User) -> list[Any]:
    """`departments_administered(user)` as rows of `pk` and `name`, in their order."""
    departments = department_ids_administered(user)
    return _DEPARTMENT_NAMES.rows(*departments) if departments else []


def person_for_admin(user: User, pk: int) -> User:
    person = people_administered(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def role_required(
    test: Callable[[User], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in first; then 403 unless the person holds the role `test` checks."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):  # type: ignore[arg-type]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


hr_office_required = role_required(lambda user: user.is_hr_office)
department_admin_required = role_required(lambda user: user.is_department_admin)
