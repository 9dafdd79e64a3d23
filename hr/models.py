"""The HR office's own records: imports of many people at once, and requests to move department."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exceptions import Refused
from portal.models import Department, User


class ImportBatch(models.Model):
    """One uploaded file of people: checked row by row (the preview), then written all at once
    by a background task. ID numbers in `rows` are kept encrypted, as on the person."""

    class State(models.TextChoices):
        CHECKED = "checked", _("Checked, not yet imported")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")

    created_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.CHECKED
    )
    update_existing = models.BooleanField(_("update people already registered"), default=False)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    created_count = models.PositiveIntegerField(_("people added"), default=0)
    updated_count = models.PositiveIntegerField(_("people updated"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of people")
        verbose_name_plural = _("imports of people")

    def __str__(self) -> str:
        return self.file_name

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row["problems"])

    @property
    def existing_count(self) -> int:
        return sum(1 for row in self.rows if row["existing"] and not row["problems"])

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if not row["existing"] and not row["problems"])

    @property
    def is_working(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(self.progress * 100 / self.total) if self.total else 100


class MoveRequest(models.Model):
    """A teacher asks to be in another department; the department administrator or the HR office
    approves (which is the transfer) or declines, with a note the teacher reads."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="move_requests"
    )
    from_department = models.ForeignKey(
        Department,
        verbose_name=_("from department"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    to_department = models.ForeignKey(
        Department, verbose_name=_("to department"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request to move department")
        verbose_name_plural = _("requests to move department")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(state="open"), name="one_open_move_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_department}"

    @transaction.atomic
    def close(self, state: str, *, by: User, note: str, **_: Any) -> None:
        current = MoveRequest.objects.select_for_update().get(pk=self.pk)
        if current.state != self.State.OPEN:
            raise Refused(gettext("This request has already been decided."))
        self.state = state
        self.decided_by = by
        self.decided_at = timezone.now()
        self.note = note
        self.save(update_fields=["state", "decided_by", "decided_at", "note"])
