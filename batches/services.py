"""What happens to a batch: its proof stored once, its commit (one declaration per person, all or
none), its decision as a whole at each review stage, its withdrawal and its revocation. Every
declaration moves through `Declaration.move`; the batch through `Batch.move`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from batches.models import KIND_TYPE, Batch, BatchProof, BatchRow, State, event_key
from declarations import access as declaration_access
from declarations.exceptions import FilesBeingPrepared
from declarations.models import Declaration, Evidence, Role, Status, store_checked
from declarations.uploads import CheckedFile
from portal.exceptions import Refused
from portal.models import User
from portal.notifications import notify
from review import access as review_access

CHUNK = 1000


@transaction.atomic
def create(*, by: User, fields: dict[str, Any], proof: dict[str, list[CheckedFile]]) -> Batch:
    """A new batch and its proof, each file checked already and stored once under `batches/`
    (where no sweep looks: a batch not yet committed keeps its proof). If anything fails, the
    stored bytes are deleted again."""
    type_code, _facts, _subjects = KIND_TYPE[fields["kind"]]
    key = event_key(type_code, fields["title"], fields["starts_on"])
    batch = Batch.objects.create(created_by=by, type=type_code, event_key=key, **fields)
    stored: list[str] = []
    try:
        for material, files in proof.items():
            for checked in files:
                name, thumbnail = store_checked(checked, "batches", stored)
                BatchProof.objects.create(
                    batch=batch,
                    material=material,
                    file=name,
                    thumbnail=thumbnail,
                    **checked.described(),
                    uploaded_by=by,
                )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return batch


def write(batch: Batch, report: Any = None) -> int:
    """Inside the caller's transaction: one declaration per row, submitted through
    `Declaration.submit_many`, each with the batch's proof, and the batch's rows. Refused
    (nothing written) when a row has a problem or a person's account closed meanwhile; the
    unique constraint on active credits refuses a person credited for the same training since
    the check (IntegrityError)."""
    if not batch.rows or any(row["problems"] for row in batch.rows):
        raise Refused(_("The batch has rows with problems or no rows: nothing was committed."))
    people = {
        p.pk: p
        for p in User.objects.filter(pk__in=[r["person"] for r in batch.rows], is_active=True)
    }
    if len(people) != len(batch.rows):
        raise Refused(_("Someone in the batch left or was closed after the check: check again."))
    type_code, facts, _subjects = KIND_TYPE[batch.kind]
    templates = [
        Evidence(
            material=p.material,
            file=p.file.name,
            thumbnail=p.thumbnail.name,
            original_name=p.original_name,
            content_type=p.content_type,
            size=p.size,
            sha256=p.sha256,
            pages=p.pages,
            width=p.width,
            height=p.height,
            uploaded_by_id=p.uploaded_by_id,
        )
        for p in batch.proof.all()  # type: ignore[attr-defined]
    ]
    reason = _("From the batch “%(title)s” (no. %(pk)s), entered by %(name)s on %(date)s.") % {
        "title": batch.title,
        "pk": batch.pk,
        "name": batch.created_by.name,
        "date": batch.created_at.date().isoformat(),
    }
    done = 0
    for start in range(0, len(batch.rows), CHUNK):
        chunk = batch.rows[start : start + CHUNK]
        declarations = Declaration.submit_many(
            people=[(people[r["person"]], Decimal(r["hours"])) for r in chunk],
            by=batch.created_by,
            reason=reason,
            files=templates,
            type=type_code,
            facts=facts,
            title=batch.title,
            organiser=batch.organiser,
            starts_on=batch.starts_on,
            ends_on=batch.ends_on,
            year=batch.year,
            subject=batch.subject,
        )
        BatchRow.objects.bulk_create(
            [
                BatchRow(
                    batch=batch,
                    line=r["line"],
                    person_id=r["person"],
                    hours=Decimal(r["hours"]),
                    declaration=d,
                    event_key=batch.event_key,
                )
                for r, d in zip(chunk, declarations, strict=True)
            ]
        )
        done += len(chunk)
        if report is not None:
            report(done)
    _tell_department_reviewers(batch)
    return done


def awaiting(batch: Batch, user: User, stage: str) -> QuerySet[Declaration]:
    """The batch's declarations waiting at `stage` that `user` may decide: the review queue's own
    predicates, so a batch is decided by the people who would decide its declarations."""
    queue = (
        review_access.department_declarations(user)
        if stage == "department"
        else review_access.bureau_declarations(user)
    )
    return queue.filter(batch_row__batch=batch, status=Status.AWAITING[stage])


@transaction.atomic
def approve(batch: Batch, *, by: User, stage: str) -> int:
    """Approve, as a whole, every declaration of the batch waiting at `stage` that `by` may
    decide: each through `Declaration.move`, with the decision recorded on it. Returns how many."""
    Batch.objects.select_for_update().only("pk").get(pk=batch.pk)
    mine = list(awaiting(batch, by, stage).select_related("person").order_by("pk"))
    if not mine:
        raise Refused(_("Nothing in this batch waits for your decision."))
    reason = _("Approved with the batch “%(title)s” (no. %(pk)s).") % {
        "title": batch.title,
        "pk": batch.pk,
    }
    role = review_access.reviewer_role(by, mine[0], stage)
    for declaration in mine:
        if stage == "department":
            role = review_access.reviewer_role(by, declaration, stage)
        try:
            declaration.move(
                Status.APPROVES_TO[stage], by=by, role=role, reason=reason, notify=False
            )
        except FilesBeingPrepared:
            # Resubmitted alone with a new file: the whole batch waits for it (all or none).
            raise Refused(
                _(
                    "%(name)s's declaration has a file still being prepared for viewing; "
                    "nothing was approved. Try again in a moment."
                )
                % {"name": declaration.person.name}
            ) from None
    settle(batch, by=by)
    if stage == "department":
        _tell_bureau_reviewers(batch, mine[0], len(mine))
    return len(mine)


def settle(batch: Batch, *, by: User) -> None:
    """Move the batch to the stage its declarations have all reached."""
    statuses = set(batch.declarations().values_list("status", flat=True))
    if Status.SUBMITTED in statuses:
        return
    target = (
        State.DEPARTMENT_APPROVED
        if Status.DEPARTMENT_APPROVED in statuses
        else State.APPROVED
        if Status.APPROVED in statuses
        else None
    )
    batch.refresh_from_db(fields=["state"])
    if target is not None and target != batch.state:
        batch.move(target, by=by)


@transaction.atomic
def withdraw(batch: Batch, *, by: User, reason: str) -> None:
    """Before any approval: every declaration goes back and is withdrawn (recalled first when
    submitted), the people may be credited again. Refused once any was approved at any stage:
    then only the bureau's revocation undoes it."""
    Batch.objects.select_for_update().only("pk").get(pk=batch.pk)
    batch.refresh_from_db(fields=["state"])
    if batch.state not in (State.CHECKED, State.FAILED, State.SUBMITTED):
        raise Refused(_("Part of this batch is approved: only the bureau can revoke it now."))
    declarations = list(batch.declarations().select_related("person").order_by("pk"))
    if any(d.status in (Status.DEPARTMENT_APPROVED, Status.APPROVED) for d in declarations):
        raise Refused(_("Part of this batch is approved: only the bureau can revoke it now."))
    for declaration in declarations:
        role = Role.of_declarant(declaration.person_id, by.pk)
        if declaration.status == Status.SUBMITTED:
            declaration.move(Status.DRAFT, by=by, role=role, reason=reason, notify=False)
        if declaration.status in Status.EDITABLE:
            declaration.move(Status.WITHDRAWN, by=by, role=role, reason=reason, notify=False)
    BatchRow.objects.filter(batch=batch).update(active=False)
    batch.move(State.WITHDRAWN, by=by, reason=reason)


@transaction.atomic
def revoke(batch: Batch, *, by: User, reason: str) -> int:
    """After approval: the bureau revokes every approved declaration of the batch, each
    through `Declaration.move` with the reason (each person is told). Refused unless the reviewer
    may decide them all."""
    Batch.objects.select_for_update().only("pk").get(pk=batch.pk)
    approved = batch.declarations().filter(status=Status.APPROVED)
    mine = list(
        review_access.bureau_declarations(by)
        .filter(pk__in=approved.values("pk"))
        .select_related("person")
    )
    if not mine or len(mine) != approved.count():
        raise Refused(_("Only a bureau reviewer of this batch's subject may revoke it."))
    for declaration in mine:
        declaration.revoke(by=by, reason=reason)
    BatchRow.objects.filter(batch=batch).update(active=False)
    batch.move(State.REVOKED, by=by, reason=reason)
    return len(mine)


def _tell_department_reviewers(batch: Batch) -> None:
    link = reverse("batches:review", args=[batch.pk])
    told: set[int] = set()
    for declaration in _one_per_department(batch):
        for reviewer in declaration_access.department_reviewers_for(declaration).exclude(
            pk__in=[batch.created_by_id, *told]
        ):
            told.add(reviewer.pk)
            with translation.override(reviewer.language or None):
                notify(
                    reviewer,
                    subject=_("New batch to review: %(title)s, %(n)s people")
                    % {"title": batch.title, "n": batch.total},
                    link=link,
                )


def _one_per_department(batch: Batch) -> list[Declaration]:
    seen: dict[int | None, int] = {}
    for pk, department in batch.declarations().values_list("pk", "person__department"):
        seen.setdefault(department, pk)
    return list(Declaration.objects.filter(pk__in=seen.values()).select_related("person"))


def _tell_bureau_reviewers(batch: Batch, sample: Declaration, count: int) -> None:
    link = reverse("batches:review", args=[batch.pk])
    for reviewer in declaration_access.bureau_reviewers_for(sample):
        with translation.override(reviewer.language or None):
            notify(
                reviewer,
                subject=_("New batch for bureau approval: %(title)s, %(n)s people")
                % {"title": batch.title, "n": count},
                link=link,
            )
