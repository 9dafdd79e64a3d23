"""The only ways from a user-supplied id to a declaration or a proof file.

404 when the user may not see it; 403 when they may see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from declarations.models import Declaration, Evidence, Status
from portal.access import departments_administered, people_administered
from portal.models import AdminAssignment, BureauScope, User
from portal.prepared import Prepared


def bureau_scope_q(scope: str) -> Q:
    """What a bureau reviewer of `scope` sees. A declaration without a subject (a leave
    adjustment, 第八条) belongs to no one scope, so every bureau reviewer sees it."""
    seen = Q(status__in=Status.BUREAU_SEES)
    if scope != BureauScope.BOTH:
        seen &= Q(subject=scope) | Q(subject="")
    return seen


def visible_declarations(user: User) -> QuerySet[Declaration]:
    """Every declaration this user may read."""
    declarations = Declaration.objects.visible()
    if user.is_hr_office:
        return declarations
    seen = Q(person=user) | Q(person__department__in=departments_administered(user))
    if user.bureau_scope:
        seen |= bureau_scope_q(user.bureau_scope)
    return declarations.filter(seen)


def may_edit(user: User, declaration: Declaration) -> bool:
    """The declarant, or for a unit declaration (单位申报) an administrator of the department."""
    if declaration.person_id == user.pk:
        return True
    on_behalf = declaration.created_by_id != declaration.person_id
    department = declaration.person.department_id or 0
    return on_behalf and departments_administered(user).filter(pk=department).exists()


# A declaration of the person asking, by its key, every column: what a teacher's pages read first
# (prepared: written once, portal/prepared.py).
_OWN = Prepared(
    Declaration,
    lambda pk, person: (
        Declaration.objects.visible()
        .filter(pk=pk, person_id=person)
        .order_by()
        .values(*(field.attname for field in Declaration._meta.concrete_fields))
    ),
    name="OwnDeclaration",
)


def declaration_for(user: User, pk: int, *, write: bool = False) -> Declaration:
    has_role = user.is_hr_office or user.bureau_scope or user.is_department_admin
    if has_role:
        declarations = visible_declarations(user).select_related("person__department", "created_by")
        # The primary key names one row: no ordering, no LIMIT to compile.
        found = list(declarations.filter(pk=pk).order_by())
    else:
        # Without a role (most people) `visible_declarations` comes down to their own: asked as
        # that, without the roles' subqueries, the person being the user already loaded.
        # `is_department_admin` was read with the user on this request (portal.backends).
        found = _OWN.instances(pk, user.pk)
    if not found:
        raise Http404
    declaration = found[0]
    if not has_role:
        declaration.person = user
    if write and not may_edit(user, declaration):
        raise PermissionDenied
    return declaration


def evidence_for(user: User, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk, declaration__in=visible_declarations(user))
        .select_related("declaration")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def declarable_people(user: User) -> QuerySet[User]:
    """Whom this user may declare for: themselves and, as an administrator, their people."""
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=people_administered(user).values("pk")))


def person_to_declare_for(user: User, pk: int | None) -> User:
    if pk is None or pk == user.pk:
        return user
    person = declarable_people(user).filter(pk=pk, is_active=True).first()
    if person is None:
        raise Http404
    return person


def department_reviewers_for(declaration: Declaration) -> QuerySet[User]:
    """Who reviews this declaration at the department stage: the department's current
    administrators other than the person, or the HR office when there is none."""
    admins = User.objects.filter(
        pk__in=AdminAssignment.objects.current()
        .filter(department_id=declaration.person.department_id or 0)
        .values("person_id"),
        is_active=True,
    ).exclude(pk=declaration.person_id)
    if admins.exists():
        return admins
    return User.objects.filter(is_hr_office=True, is_active=True).exclude(pk=declaration.person_id)


def bureau_reviewers_for(declaration: Declaration) -> QuerySet[User]:
    scopes = [BureauScope.BOTH, declaration.subject] if declaration.subject else None
    reviewers = User.objects.filter(is_active=True).exclude(bureau_scope="")
    if scopes is not None:
        reviewers = reviewers.filter(bureau_scope__in=scopes)
    return reviewers.exclude(pk=declaration.person_id)
