"""Who may enter, see, decide and undo batches; the only ways from a user-supplied id to a batch.

404 when the user may not see it, 403 when they may see it but not do what they asked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from batches.models import Batch, BatchRow, State
from batches.services import awaiting
from portal.access import departments_administered, role_required
from portal.models import BureauScope, Department, User
from review import access as review_access


def may_enter(user: User) -> bool:
    """The HR office for the unit, a department administrator for their own departments."""
    return user.is_hr_office or user.is_department_admin


def may_see_batches(user: User) -> bool:
    return may_enter(user) or bool(user.bureau_scope)


enterer_required = role_required(may_enter)
batches_required = role_required(may_see_batches)


def departments_for(user: User) -> QuerySet[Department]:
    """The departments a batch of this user may be scoped to."""
    if user.is_hr_office:
        return Department.objects.filter(active=True)
    return departments_administered(user)


def visible_batches(user: User) -> QuerySet[Batch]:
    """The HR office sees every batch; an administrator the batches of their departments, the
    ones they entered and those holding declarations in their review list; a bureau reviewer
    the committed batches of their subject scope."""
    if user.is_hr_office:
        return Batch.objects.all()
    seen = Q(created_by=user)
    if user.is_department_admin:
        seen |= Q(department__in=departments_administered(user))
        seen |= Q(
            Exists(
                BatchRow.objects.filter(
                    batch=OuterRef("pk"),
                    declaration__in=review_access.department_declarations(user),
                )
            )
        )
    if user.bureau_scope:
        scope = Q(state__in=(State.DEPARTMENT_APPROVED, State.APPROVED, State.REVOKED))
        if user.bureau_scope != BureauScope.BOTH:
            scope &= Q(subject=user.bureau_scope)
        seen |= scope
    return Batch.objects.filter(seen)


def may_change(user: User, batch: Batch) -> bool:
    """Commit or withdraw: whoever entered it, the HR office, or an administrator of its
    department."""
    if user.is_hr_office or batch.created_by_id == user.pk:
        return True
    return (
        batch.department_id is not None
        and departments_administered(user).filter(pk=batch.department_id).exists()
    )


def batch_for(user: User, pk: int, *, write: bool = False) -> Batch:
    batch = visible_batches(user).filter(pk=pk).select_related("created_by", "department").first()
    if batch is None:
        raise Http404
    if write and not may_change(user, batch):
        raise PermissionDenied
    return batch


def review_stage(user: User, batch: Batch) -> str | None:
    """The stage at which this user decides the batch now, if any."""
    for stage in ("department", "bureau"):
        if awaiting(batch, user, stage).exists():
            return stage
    return None


def batch_to_review(user: User, pk: int) -> tuple[Batch, str]:
    batch = batch_for(user, pk)
    stage = review_stage(user, batch)
    if stage is None:
        raise PermissionDenied
    return batch, stage


def batch_to_revoke(user: User, pk: int) -> Batch:
    batch = batch_for(user, pk)
    if not user.bureau_scope or batch.state != State.APPROVED:
        raise PermissionDenied
    return batch
