"""Exports that run in the background, and the log of every export with full ID numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import User

# A finished file is kept this long, then deleted: exports hold personal data.
KEEP = timedelta(hours=24)


class Export(models.Model):
    """One file asked for: what it holds (kind and parameters, enough to make it again), who
    asked, and how far its making is. A row asking for full ID numbers is the log of that
    request (who, when, why), kept after its file is gone."""

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People and their yearly figures")
        DECLARATIONS = "declarations", _("Declarations")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Being written")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted after 24 hours")

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, default="xlsx")
    parameters = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    full_ids = models.BooleanField(_("full ID numbers"), default=False)
    reason = models.TextField(_("why full ID numbers are needed"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return 0 if not self.total else min(int(self.done * 100 / self.total), 99)

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + KEEP if self.finished_at else None

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.WAITING, self.State.RUNNING)
