"""The only ways from a user-supplied id to a person or department in the portal app.

404 when the user may not see the object, 403 when they may see but not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from portal.models import Department, User


def departments_administered(user: User) -> QuerySet[Department]:
    return user.administered_departments()


def department_ids_administered(user: User) -> list[int]:
    """The pks of `departments_administered(user)`: named in a statement, they spare it a
    subquery (and, for the person loaded with the request, a query)."""
    return user.administered_department_ids()


def people_administered(user: User) -> QuerySet[User]:
    """People currently in the departments this user administers (named by their pks: no
    departments' queryset to build and no subquery in the statement)."""
    return User.objects.filter(department__in=department_ids_administered(user))


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
