"""Spot checks (办法 第十一条（四）): a reproducible random draw of approved declarations."""

from __future__ import annotations

import random
import secrets
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.models import Declaration
from portal.models import Department, User
from review.exceptions import AlreadyDecided


class SpotCheck(models.Model):
    """One draw. The population (ids, in order) and the seed are kept, so anyone can redo the
    draw with `random.Random(seed).sample(population, size)` and get the same sample."""

    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: every department."),
    )
    subject_scope = models.CharField(_("subjects"), max_length=12)
    requested_count = models.PositiveIntegerField(_("count asked for"), null=True, blank=True)
    requested_percent = models.DecimalField(
        _("percentage asked for"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    seed = models.BigIntegerField(_("random seed"))
    population = models.JSONField(_("population (declaration ids in order)"))
    # Kept so lists and the check's page never load the population (tens of thousands of ids).
    population_size = models.PositiveIntegerField(_("population size"), default=0)
    # The declarations drawn (fixed at the draw: items are never added or removed), kept so the
    # list of checks shows each check's size without counting its items.
    sample_size = models.PositiveIntegerField(_("declarations drawn"), default=0)
    drawn_by = models.ForeignKey(User, verbose_name=_("drawn by"), on_delete=models.PROTECT)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @staticmethod
    def sample(population: list[int], size: int, seed: int) -> list[int]:
        return sorted(random.Random(seed).sample(population, min(size, len(population))))

    @classmethod
    @transaction.atomic
    def draw(
        cls,
        *,
        by: User,
        population: models.QuerySet[Declaration],
        size: int,
        **fields: Any,
    ) -> SpotCheck:
        ids = list(population.order_by("pk").values_list("pk", flat=True))
        seed = secrets.randbits(62)
        sample = cls.sample(ids, size, seed)
        check = cls.objects.create(
            drawn_by=by,
            seed=seed,
            population=ids,
            population_size=len(ids),
            sample_size=len(sample),
            **fields,
        )
        SpotCheckItem.objects.bulk_create(
            SpotCheckItem(spot_check=check, declaration_id=pk) for pk in sample
        )
        return check


class SpotCheckItem(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet re-reviewed")
        UPHELD = "upheld", _("Proof holds")
        REVOKED = "revoked", _("Revoked")

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items")
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["spot_check", "declaration_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["spot_check", "declaration"], name="one_item_per_declaration_per_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.spot_check_id}: {self.declaration_id}"

    @transaction.atomic
    def decide(self, outcome: str, *, by: User, reason: str) -> None:
        """The one door for a spot-check decision, made exactly once. It locks the declaration and
        then the item (always in that order, so two decisions on one declaration through two
        checks wait for each other instead of deadlocking), refuses an item someone decided
        first (AlreadyDecided), and records who decided, when and why. Revoking moves the
        declaration through its own door and settles every other pending item of the same
        declaration, in any check: none is left pending on a declaration already revoked."""
        if outcome not in DECISIONS:
            raise ValueError(outcome)
        declaration = Declaration.objects.select_for_update().get(pk=self.declaration_id)
        current = SpotCheckItem.objects.select_for_update().get(pk=self.pk)
        if current.outcome != self.Outcome.PENDING:
            raise AlreadyDecided(current)
        now = timezone.now()
        if outcome == self.Outcome.REVOKED:
            declaration.revoke(by=by, reason=reason)
            SpotCheckItem.objects.filter(
                declaration=declaration, outcome=self.Outcome.PENDING
            ).exclude(pk=self.pk).update(
                outcome=self.Outcome.REVOKED, decided_by=by, decided_at=now, note=reason
            )
        self.outcome = outcome
        self.decided_by = by
        self.decided_at = now
        self.note = reason
        self.save(update_fields=["outcome", "decided_by", "decided_at", "note"])


DECISIONS = (SpotCheckItem.Outcome.UPHELD, SpotCheckItem.Outcome.REVOKED)
