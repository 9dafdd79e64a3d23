"""Hours that arrive in batches: a training base's roster, an import of public-subject hours,
a college training event. A batch is entered once, with its proof and its people; committing it
makes one declaration per person (`Declaration.submit_many`), which is then reviewed as a whole at
each stage."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import rules
from batches.exceptions import IllegalBatchMove
from declarations.models import Declaration
from portal.models import Department, User


class Kind(models.TextChoices):
    BASE_ROSTER = "base_roster", _("Training-base roster (filed by the base)")
    PUBLIC_IMPORT = "public_import", _("Public-subject hours from the provincial platform")
    COLLEGE_EVENT = "college_event", _("College training event")


# What each kind credits: the hour type, the facts every declaration gets, the subjects it may
# take. A training base's roster and the platform's hours are filed by the base (第九条（一）、
# （三）), so the rules waive their materials; the college's own training needs its notice and
# the sign-in sheet, uploaded once for everyone.
KIND_TYPE: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    Kind.BASE_ROSTER: (
        "base_training",
        {"source": "base_batch"},
        (rules.PUBLIC, rules.PROFESSIONAL),
    ),
    Kind.PUBLIC_IMPORT: ("base_training", {"source": "base_batch"}, (rules.PUBLIC,)),
    Kind.COLLEGE_EVENT: ("employer_training", {"in_annual_plan": True}, (rules.PROFESSIONAL,)),
}


class State(models.TextChoices):
    CHECKED = "checked", _("Checked, not yet committed")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Committing")
    FAILED = "failed", _("Failed: nothing was committed")
    SUBMITTED = "submitted", _("Awaiting department review")
    DEPARTMENT_APPROVED = "department_approved", _("Awaiting bureau approval")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")


# The batch's own legal moves; `Batch.move` is the only door.
MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (State.CHECKED, State.QUEUED),
        (State.FAILED, State.QUEUED),
        (State.QUEUED, State.RUNNING),
        (State.RUNNING, State.SUBMITTED),
        (State.RUNNING, State.FAILED),
        (State.CHECKED, State.WITHDRAWN),
        (State.FAILED, State.WITHDRAWN),
        (State.SUBMITTED, State.WITHDRAWN),
        (State.SUBMITTED, State.DEPARTMENT_APPROVED),
        (State.SUBMITTED, State.APPROVED),
        (State.DEPARTMENT_APPROVED, State.APPROVED),
        (State.APPROVED, State.REVOKED),
    }
)


def event_key(type_code: str, title: str, starts_on: object) -> str:
    """What makes two batches the same training: its type, title and first day. A person is
    credited once per training, whichever file or batch names them again."""
    text = f"{type_code}|{' '.join(title.split()).casefold()}|{starts_on}"
    return hashlib.sha256(text.encode()).hexdigest()


class Batch(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    type = models.CharField(_("type"), max_length=30)
    subject = models.CharField(
        _("subject"),
        max_length=12,
        choices=[
            (rules.PUBLIC, _("Public subjects")),
            (rules.PROFESSIONAL, _("Professional subjects")),
        ],
    )
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    hours = models.DecimalField(
        _("hours per person"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # None: the whole unit (the HR office); else one department (its administrator may enter it).
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    event_key = models.CharField(max_length=64, db_index=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The checked rows of the preview (ID numbers only masked and hashed), until committed.
    rows = models.JSONField(_("rows"), default=list)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CHECKED, db_index=True
    )
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.ends_on.year

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row["problems"])

    @property
    def is_working(self) -> bool:
        return self.state in (State.QUEUED, State.RUNNING)

    @property
    def percent(self) -> int:
        return int(self.progress * 100 / self.total) if self.total else 100

    @transaction.atomic
    def move(self, to: str, *, by: User | None, reason: str = "", **fields: Any) -> None:
        """The one door for the batch's own state: locks the row, re-reads the state, refuses a
        move not in MOVES (IllegalBatchMove), saves it with who and when."""
        current = Batch.objects.select_for_update().only("state").get(pk=self.pk)
        if (current.state, to) not in MOVES:
            raise IllegalBatchMove(current.state, to)
        self.state = to
        self.changed_by = by
        self.changed_at = timezone.now()
        if reason:
            self.reason = reason
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["state", "changed_by", "changed_at", "reason", *fields])

    def leave_out(self, line: int, *, by: User) -> dict[str, Any]:
        """Picking from a roster or a file before the commit: the row of `line` leaves the batch
        (someone who did not attend). Only while the batch is checked and not yet committed;
        under the batch's row lock, so a commit started meanwhile is not changed under it."""
        current = Batch.objects.select_for_update().only("state", "rows").get(pk=self.pk)
        if current.state not in (State.CHECKED, State.FAILED):
            raise IllegalBatchMove(current.state, current.state)
        row = next((r for r in current.rows if r["line"] == line), None)
        if row is None:
            raise IllegalBatchMove(current.state, current.state)
        self.rows = [r for r in current.rows if r["line"] != line]
        self.changed_by, self.changed_at = by, timezone.now()
        self.save(update_fields=["rows", "changed_by", "changed_at"])
        return row

    def declarations(self) -> models.QuerySet[Declaration]:
        return Declaration.objects.filter(batch_row__batch=self)


class BatchRow(models.Model):
    """One person credited by a batch, and the declaration that credits them."""

    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="people"
    )
    line = models.PositiveIntegerField(_("row"))
    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    declaration = models.OneToOneField(
        Declaration,
        verbose_name=_("declaration"),
        on_delete=models.PROTECT,
        related_name="batch_row",
    )
    event_key = models.CharField(max_length=64, editable=False)
    # Cleared when the batch is withdrawn or revoked: the person may be credited again.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["line", "pk"]
        verbose_name = _("person in a batch")
        verbose_name_plural = _("people in batches")
        constraints = [
            # Importing the same training twice credits nobody twice, even in a race.
            models.UniqueConstraint(
                fields=["person", "event_key"],
                condition=Q(active=True),
                name="one_credit_per_training",
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.person_id}"


class BatchProof(models.Model):
    """A proof file of the batch, checked and stored once; each declaration of the batch has an
    Evidence row naming the same stored file."""

    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="proof"
    )
    material = models.CharField(_("material"), max_length=40)
    file = models.FileField(_("file"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["material", "pk"]
        verbose_name = _("batch proof file")
        verbose_name_plural = _("batch proof files")

    def __str__(self) -> str:
        return self.original_name
