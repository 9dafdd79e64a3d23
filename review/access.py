"""Who reviews what. Queues follow departments, not administrator persons: whoever currently
administers a department reviews its people's declarations, and nobody reviews their own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.http import Http404

from declarations.access import bureau_scope_q, visible_declarations
from declarations.models import Declaration, DeclarationHistory, Role, Status, StatusCount
from portal.access import department_ids_administered, departments_administered, role_required
from portal.models import AdminAssignment, BureauScope, User
from portal.prepared import Prepared
from review.models import SpotCheck, SpotCheckItem


def _no_other_administrator() -> Q:
    """The person's department has no current administrator who may decide: none other than
    the person, whoever created the declaration and whoever submitted it."""
    submitted_it = Exists(
        Declaration.objects.filter(
            pk=OuterRef(OuterRef("pk")),
            history__actor=OuterRef("person"),
            history__to_status=Status.SUBMITTED,
        )
    )
    return ~Q(
        Exists(
            AdminAssignment.objects.current()
            .filter(department=OuterRef("person__department"))
            .exclude(person=OuterRef("person"))
            .exclude(person=OuterRef("created_by"))
            .exclude(submitted_it)
        )
    )


def _not_filed_by(user: User | int) -> Q:
    """Whoever declared, created (单位申报, filed for someone) or submitted a declaration never
    decides it."""
    submitted = Declaration.objects.filter(
        history__actor=user, history__to_status=Status.SUBMITTED
    ).values("pk")
    return ~Q(person=user) & ~Q(created_by=user) & ~Q(pk__in=submitted)


def _filed_by(user: User | int) -> QuerySet[Any]:
    """The pks of what `user` declared, created or submitted: three index reads, united."""
    return (
        Declaration.objects.filter(person=user)
        .values("pk")
        .union(
            Declaration.objects.filter(created_by=user).values("pk"),
            DeclarationHistory.objects.filter(actor=user, to_status=Status.SUBMITTED).values(
                "declaration_id"
            ),
        )
    )


def status_counts(user: User, stage: str, *, year: int | None = None) -> dict[str, int]:
    """How many declarations each status tab of the user's queue holds (of `year` if given),
    in one statement of a size independent of the queue's: the counts kept by the status door
    for the user's departments (or bureau scope), less what the user filed, which is never
    theirs to review. Not for the HR office's department queue, whose scope (departments
    without another administrator) no count follows."""
    statuses = Status.DEPARTMENT_SEES if stage == "department" else Status.BUREAU_SEES
    departments = department_ids_administered(user) if stage == "department" else []
    scope = user.bureau_scope if stage == "bureau" else ""
    values = [year] if year is not None else []
    shape = (stage, year is not None, scope)
    counts = dict.fromkeys(statuses, 0)
    for row in _COUNTS.rows(user.pk, *values, *departments, shape=shape):
        counts[row.status] += int(row.kept) - int(row.filed)
    return counts


def _counts(reviewer: int, *values: int, shape: tuple[str, bool, str]) -> QuerySet[Any]:
    """The counts' statement: the departments named (the reviewer's, as loaded with them), or
    the bureau scope of the shape. Writing it (a union over a union, in a subquery) cost more
    than running it: prepared (portal/prepared.py)."""
    stage, has_year, scope = shape
    rest = list(values)
    year = rest.pop(0) if has_year else None
    statuses = Status.DEPARTMENT_SEES if stage == "department" else Status.BUREAU_SEES
    kept = StatusCount.objects.filter(status__in=statuses)
    filed = Declaration.objects.filter(pk__in=_filed_by(reviewer), status__in=statuses)
    if stage == "department":
        kept = kept.filter(department__in=rest)
        filed = filed.filter(person__department__in=rest)
    else:
        if scope != BureauScope.BOTH:
            kept = kept.filter(subject__in=(scope, ""))
        filed = filed.filter(bureau_scope_q(scope))
    if year is not None:
        kept = kept.filter(year=year)
        filed = filed.filter(year=year)
    none = Value(0, output_field=IntegerField())
    return (
        kept.order_by()
        .values_list("status")
        .annotate(kept=Sum("n"), filed=none)
        .union(
            filed.order_by().values_list("status").annotate(kept=none, filed=Count("pk")),
            all=True,
        )
    )


_COUNTS = Prepared(StatusCount, _counts, name="TabCount")


def department_declarations(user: User) -> QuerySet[Declaration]:
    """Declarations this user sees in the department review list, never one they filed. The HR
    office reviews what has no other administrator to review it."""
    # A subquery, not the pks named: given a literal list, SQLite (no statistics) reads every
    # declaration of the department's people and sorts them, where the subquery lets it use
    # the flags' partial indexes (a rare filter over every status: 1.8× page one).
    mine = Q(person__department__in=departments_administered(user))
    if user.is_hr_office:
        mine |= _no_other_administrator()
    return Declaration.objects.filter(mine, _not_filed_by(user), status__in=Status.DEPARTMENT_SEES)


def bureau_declarations(user: User) -> QuerySet[Declaration]:
    if not user.bureau_scope:
        return Declaration.objects.none()
    return Declaration.objects.filter(bureau_scope_q(user.bureau_scope), _not_filed_by(user))


def is_department_reviewer(user: User) -> bool:
    return user.is_hr_office or user.is_department_admin


# What reviewing needs of the declaration's person: not their password or encrypted ID number.
REVIEW_COLUMNS = (
    *(f.name for f in Declaration._meta.concrete_fields),
    "person__name",
    "person__id_masked",
    "person__confirmed_at",
    "person__department_id",
    "person__department__name",
)


def _to_review(pk: int, reviewer: int, *departments: int, shape: tuple[str, str]) -> QuerySet[Any]:
    """`department_declarations` or `bureau_declarations` of the reviewer, narrowed to one
    declaration, as values: the departments named (the reviewer's, loaded with them), the bureau
    scope being the shape's. Not for the HR office, whose queue depends on today's assignments."""
    stage, scope = shape
    if stage == "department":
        queue = Q(person__department__in=departments, status__in=Status.DEPARTMENT_SEES)
    else:
        queue = bureau_scope_q(scope)
    return (
        Declaration.objects.filter(queue, _not_filed_by(reviewer), pk=pk)
        .with_year_claimed()  # type: ignore[attr-defined]
        .order_by()
        .values(*REVIEW_COLUMNS, "year_claimed")
    )


_TO_REVIEW = Prepared(Declaration, _to_review, name="ToReview")


def declaration_to_review(user: User, pk: int, *, stage: str) -> Declaration:
    """`stage` is "department" or "bureau". 404 when the user may not see the declaration at
    all; 403 when they may see it but it is not theirs to decide (their own, or another stage)."""
    declaration: Declaration | None = None
    if stage == "department" and user.is_hr_office:
        declaration = (
            department_declarations(user)
            .filter(pk=pk)
            .select_related("person__department")
            .only(*REVIEW_COLUMNS)
            .with_year_claimed()  # type: ignore[attr-defined]
            .first()
        )
    elif stage == "department" and (departments := department_ids_administered(user)):
        # Written once per number of departments (portal/prepared.py).
        found = _TO_REVIEW.instances(pk, user.pk, *departments, shape=(stage, ""))
        declaration = found[0] if found else None
    elif stage == "bureau" and user.bureau_scope:
        found = _TO_REVIEW.instances(pk, user.pk, shape=(stage, user.bureau_scope))
        declaration = found[0] if found else None
    if declaration is not None:
        return declaration
    if visible_declarations(user).filter(pk=pk).exists():
        raise PermissionDenied
    raise Http404


bureau_reviewer_required = role_required(lambda user: bool(user.bureau_scope))
department_reviewer_required = role_required(is_department_reviewer)


def reviewer_role(user: User, declaration: Declaration, stage: str) -> str:
    """In which capacity this user decides: the HR office only where no administrator can."""
    if stage == "bureau":
        return Role.BUREAU
    department = declaration.person.department_id or 0
    if departments_administered(user).filter(pk=department).exists():
        return Role.DEPARTMENT_ADMIN
    return Role.HR_OFFICE


def spot_checks_for(user: User) -> QuerySet[SpotCheck]:
    """Spot checks of the reviewer's subject scope, whoever drew them."""
    return _spot_checks_of_scope(user.bureau_scope).defer("population")


def _spot_checks_of_scope(scope: str) -> QuerySet[SpotCheck]:
    return SpotCheck.objects.filter(subject_scope=scope)


def _spot_check_list(*, shape: str) -> QuerySet[Any]:
    return _spot_checks_of_scope(shape).values(
        "pk", "drawn_at", "year", "department__name", "sample_size"
    )


_SPOT_CHECK_LIST = Prepared(SpotCheck, _spot_check_list, name="SpotCheckListed")


def spot_check_list(user: User) -> list[Any]:
    """What the list of spot checks shows of `spot_checks_for(user)`, newest first, as named
    tuples: one statement per bureau scope, written once (portal/prepared.py)."""
    return _SPOT_CHECK_LIST.rows(shape=user.bureau_scope)


def spot_check_for(user: User, pk: int) -> SpotCheck:
    check = spot_checks_for(user).filter(pk=pk).select_related("department", "drawn_by").first()
    if check is None:
        raise Http404
    return check


def spot_check_item_for(user: User, pk: int, item_pk: int) -> SpotCheckItem:
    item = (
        SpotCheckItem.objects.filter(pk=item_pk, spot_check__in=spot_checks_for(user).filter(pk=pk))
        .select_related("declaration")
        .first()
    )
    if item is None:
        raise Http404
    return item
