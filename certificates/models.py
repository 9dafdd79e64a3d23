"""Certificates (一人一证一号), their numbers, the sealed yearly records and reminders."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.exceptions import AlreadySealed, NotCurrent, SerialExhausted
from certificates.regions import SERIAL_MAX, format_number, prefix
from declarations.models import Declaration, Status
from declarations.summary import YearSummary, summary_of_rows
from portal.models import Department, User


class SerialCounter(models.Model):
    """The last serial given under one 6-digit prefix. Its row is locked while a number is
    allocated, so serials are consecutive: a rolled-back registration rolls its serial back."""

    prefix = models.CharField(_("prefix"), max_length=6, primary_key=True)
    last = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"

    @classmethod
    def next_serial(cls, serial_prefix: str) -> int:
        """Take the next serial: one UPDATE … RETURNING that locks the row until the surrounding
        transaction ends (PostgreSQL row lock; SQLite's IMMEDIATE transaction already holds
        the database's write lock)."""
        table = connection.ops.quote_name(cls._meta.db_table)
        sql = f"UPDATE {table} SET last = last + 1 WHERE prefix = %s AND last < %s RETURNING last"  # noqa: S608 (a quoted table name, parameters for the values)
        with connection.cursor() as cursor:
            cursor.execute(sql, [serial_prefix, SERIAL_MAX])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        last = cls.objects.filter(prefix=serial_prefix).values_list("last", flat=True).first()
        if last is not None and last >= SERIAL_MAX:
            raise SerialExhausted(serial_prefix)
        if last is not None:  # created by a registration that committed meanwhile
            return cls.next_serial(serial_prefix)
        try:
            with transaction.atomic():
                cls.objects.create(prefix=serial_prefix, last=1)
                return 1
        except IntegrityError:  # another registration created the row first: queue behind it
            return cls.next_serial(serial_prefix)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CertificateManager(models.Manager["Certificate"]):
    def issue(self, person: User) -> Certificate:
        """The person's certificate, numbering them first if they have none."""
        with transaction.atomic(savepoint=False):
            existing = self.filter(person=person).first()
            return existing if existing is not None else self.number(person)

    def number(self, person: User) -> Certificate:
        """Allocate the next serial and the certificate of a person who has none, inside the
        transaction that creates them (the `person_created` receiver calls this). From the
        allocation to the commit the counter row stays locked, so that stretch is kept short:
        on PostgreSQL one statement takes the serial and writes the certificate."""
        token, issued_at = new_token(), timezone.now()
        serial_prefix = prefix(settings.CERTIFICATE_REGION)
        if connection.vendor == "postgresql":
            row = _allocate_in_one_statement(person.pk, serial_prefix, token, issued_at)
            if row is not None:
                certificate = self.model(
                    id=row[0], person=person, number=row[1], token=token, issued_at=issued_at
                )
                certificate._state.adding = False
                certificate._state.db = self.db
                return certificate
        serial = SerialCounter.next_serial(serial_prefix)
        return self.create(
            person=person,
            number=format_number(serial_prefix, serial),
            token=token,
            issued_at=issued_at,
        )


def _allocate_in_one_statement(
    person_id: int, serial_prefix: str, token: str, issued_at: Any
) -> tuple[int, str] | None:
    """PostgreSQL: take the serial and insert the certificate in one round trip. None when the
    prefix has no counter row yet or is exhausted (the general path handles both)."""
    counter = connection.ops.quote_name(SerialCounter._meta.db_table)
    table = connection.ops.quote_name(Certificate._meta.db_table)
    sql = (
        f"WITH serial AS (UPDATE {counter} SET last = last + 1"  # noqa: S608 (quoted names)
        " WHERE prefix = %s AND last < %s RETURNING last)"
        f" INSERT INTO {table} (person_id, number, token, issued_at)"
        " SELECT %s, %s || lpad(serial.last::text, 7, '0'), %s, %s FROM serial"
        " RETURNING id, number"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [serial_prefix, SERIAL_MAX, person_id, serial_prefix, token, issued_at])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


class Certificate(models.Model):
    """One person, one certificate, one number (办法 第十三条). Never renumbered, never deleted."""

    person = models.OneToOneField(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("certificate number"), max_length=13, unique=True, editable=False)
    # The unguessable part of the verification link printed as a QR code.
    token = models.CharField(max_length=40, unique=True, editable=False, default=new_token)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)

    objects: ClassVar[CertificateManager] = CertificateManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number


class SealedRecordQuerySet(models.QuerySet["SealedRecord"]):
    def current(self) -> SealedRecordQuerySet:
        return self.filter(revoked_at__isnull=True)

    def with_stale(self) -> SealedRecordQuerySet:
        """`stale`: a declaration it counted, or an approved one of its year, changed after
        sealing (a spot-check revocation, a correction, a late approval)."""
        changed = Declaration.objects.filter(
            person=OuterRef("certificate__person"),
            year=OuterRef("year"),
            updated_at__gt=OuterRef("sealed_at"),
        ).filter(Q(status=Status.APPROVED) | Q(sealed_in=OuterRef("pk")))
        return self.annotate(stale=Exists(changed))


class SealedRecord(models.Model):
    """A person's year as the HR office sealed it (加盖印章后生效): a copy of the figures and of
    the declarations behind them, never edited. A correction revokes it and seals a new
    revision; both remain."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department_name = models.CharField(_("department at sealing"), max_length=100, blank=True)
    public = models.DecimalField(_("public hours"), max_digits=7, decimal_places=2)
    professional = models.DecimalField(_("professional hours"), max_digits=7, decimal_places=2)
    total = models.DecimalField(_("total hours"), max_digits=7, decimal_places=2)
    required_public = models.PositiveSmallIntegerField(_("public hours required"))
    required_professional = models.PositiveSmallIntegerField(_("professional hours required"))
    required_total = models.PositiveSmallIntegerField(_("total hours required"))
    on_duty_months = models.PositiveSmallIntegerField(_("months on duty"), default=12)
    met = models.BooleanField(_("requirement met"))
    declarations = models.JSONField(_("declarations counted"), default=list)
    counted = models.ManyToManyField(
        Declaration, verbose_name=_("declarations counted"), related_name="sealed_in", blank=True
    )
    sealed_by = models.ForeignKey(
        User, verbose_name=_("sealed by"), on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects: ClassVar[SealedRecordQuerySet] = SealedRecordQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-year", "-revision"]
        verbose_name = _("sealed yearly record")
        verbose_name_plural = _("sealed yearly records")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "year", "revision"], name="one_revision_number_per_year"
            ),
            models.UniqueConstraint(
                fields=["certificate", "year"],
                condition=Q(revoked_at__isnull=True),
                name="one_current_record_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.year} r{self.revision}"

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None

    @classmethod
    @transaction.atomic
    def seal(cls, *, person: User, year: int, by: User) -> SealedRecord:
        """The one door to seal a person's year. Locks the certificate, refuses a year that
        already has a current record, copies the approved figures and writes the history row."""
        certificate = Certificate.objects.select_for_update().get(person=person)
        if certificate.records.filter(year=year, revoked_at__isnull=True).exists():  # type: ignore[attr-defined]
            raise AlreadySealed(person.pk, year)
        rows = list(Declaration.objects.visible().filter(person=person, year=year))
        summary = summary_of_rows(year, rows, settings.DECLARATION_OVER_THRESHOLD)
        counted = counted_declarations(rows, summary)
        latest = certificate.records.aggregate(n=models.Max("revision", filter=Q(year=year)))["n"]  # type: ignore[attr-defined]
        status = summary.status
        record = cls.objects.create(
            certificate=certificate,
            year=year,
            revision=(latest or 0) + 1,
            department=person.department,
            department_name=person.department.name if person.department else "",
            public=status.public,
            professional=status.professional,
            total=status.total,
            required_public=status.requirement.public,
            required_professional=status.requirement.professional,
            required_total=status.requirement.total,
            on_duty_months=summary.on_duty_months,
            met=status.met,
            declarations=[_snapshot(d) for d in counted],
            sealed_by=by,
        )
        record.counted.set(counted)
        RecordEvent.objects.create(record=record, action=RecordEvent.Action.SEALED, actor=by)
        return record

    @transaction.atomic
    def revoke(self, *, by: User, reason: str) -> RecordEvent:
        """Withdraw this revision (it stays, marked revoked); a new one can then be sealed."""
        current = SealedRecord.objects.select_for_update().get(pk=self.pk)
        if current.revoked_at is not None:
            raise NotCurrent(self.pk)
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.revoke_reason = reason
        self.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        return RecordEvent.objects.create(
            record=self, action=RecordEvent.Action.REVOKED, actor=by, reason=reason
        )


def counted_declarations(rows: list[Declaration], summary: YearSummary) -> list[Declaration]:
    """The approved declarations behind a year's figures, with the 第八条 adjustment if any."""
    counted = [d for d in rows if d.status == Status.APPROVED and d.subject]
    adjustment = summary.adjustment
    if adjustment is not None and adjustment.status == Status.APPROVED:
        counted.append(adjustment)
    return counted


def _snapshot(declaration: Declaration) -> dict[str, Any]:
    return {
        "id": declaration.pk,
        "type": declaration.type,
        "title": declaration.title,
        "subject": declaration.subject,
        "hours": str(declaration.counted_hours),
        "starts_on": declaration.starts_on.isoformat(),
        "ends_on": declaration.ends_on.isoformat(),
    }


class RecordEvent(models.Model):
    """History of sealing: who sealed or revoked which revision, when, and why."""

    class Action(models.TextChoices):
        SEALED = "sealed", _("Sealed")
        REVOKED = "revoked", _("Revoked")

    record = models.ForeignKey(
        SealedRecord, verbose_name=_("record"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("sealing history")
        verbose_name_plural = _("sealing history")

    def __str__(self) -> str:
        return f"{self.record} {self.action}"


class ShortfallReminder(models.Model):
    """A year-end reminder sent to someone short of the year's hours: at most one a year."""

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("shortfall reminder")
        verbose_name_plural = _("shortfall reminders")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_reminder_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class Bundle(models.Model):
    """A department's certificates for a year as one ZIP, built by a background task."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(_("file"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("certificate bundle")
        verbose_name_plural = _("certificate bundles")

    def __str__(self) -> str:
        return f"{self.department} {self.year}"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return 0 if not self.total else int(self.done * 100 / self.total)
