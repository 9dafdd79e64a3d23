"""People, departments and who administers which department."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import idnumbers
from portal.exceptions import RegistrationAlreadyDecided
from portal.signals import person_created


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RESIGNED = "resigned", _("Resigned")
    RETIRED = "retired", _("Retired")


class BureauScope(models.TextChoices):
    """Which records a bureau reviewer approves (办法 第十一条（二）（三）)."""

    NONE = "", _("Not a bureau reviewer")
    PUBLIC = "public", _("Public subjects")
    PROFESSIONAL = "professional", _("Professional subjects")
    BOTH = "both", _("Public and professional subjects")


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Log in by the ID number as typed: it is found by its keyed hash."""
        return self.get(id_hash=idnumbers.lookup_hash(username or ""))

    def with_id_number(self, number: str) -> models.QuerySet[User]:
        return self.filter(id_hash=idnumbers.lookup_hash(number))

    def create_person(
        self,
        *,
        id_number: str,
        name: str,
        password: str | None = None,
        usable_password: bool = True,
        **fields: Any,
    ) -> tuple[User, str | None]:
        """The one way a person comes into being: registration, the HR office's forms, imports,
        the admin, demo data and test factories all call it, so whatever every new person needs
        (a certificate number) happens once, in the same transaction, via `person_created`.

        Without a password they get a random one-time secret that they must change at first
        login; it is returned once and never stored in the clear."""
        user = self.model(name=name, **fields)
        user.set_id_number(id_number)
        one_time = None
        if not usable_password:
            user.set_unusable_password()
        elif password is None:
            one_time = User.make_one_time_password()
            user.set_password(one_time)
            user.must_change_password = True
        else:
            user.set_password(password)
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            person_created.send(sender=User, person=user)
        return user, one_time

    def create_superuser(self, id_hash: str, password: str | None = None, **fields: Any) -> User:
        raise NotImplementedError("Use `manage.py create_hr_officer`: it takes an ID number.")


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with the resident ID number, which is kept only encrypted."""

    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_encrypted = models.TextField(editable=False)
    # The masked form (4101**********123X), kept so that showing it decrypts nothing.
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False, default="")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    title = models.CharField(_("professional title (职称)"), max_length=50, blank=True)
    employment_status = models.CharField(
        _("employment status"),
        max_length=10,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
    )
    is_active = models.BooleanField(_("can log in"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    is_hr_office = models.BooleanField(_("HR office (人事处)"), default=False)
    bureau_scope = models.CharField(
        _("bureau reviewer scope"),
        max_length=12,
        choices=BureauScope.choices,
        default=BureauScope.NONE,
        blank=True,
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "self",
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A rejected registration keeps its row for the record but frees the ID number: the lookup
    # hash is replaced, the login closed. Whoever holds the number may register again.
    rejected_at = models.DateTimeField(_("registration rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        "self",
        verbose_name=_("registration rejected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.CharField(_("reason for rejecting"), max_length=500, blank=True)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "id_hash"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def set_id_number(self, raw: str) -> None:
        number = idnumbers.normalize(raw)
        self.id_hash = idnumbers.lookup_hash(number)
        self.id_encrypted = idnumbers.encrypt(number)
        self.id_masked = idnumbers.mask(number)
        self._id_number = number

    @property
    def id_number(self) -> str:
        """The number in the clear: for the holder and for checks, never for display."""
        if not hasattr(self, "_id_number"):
            self._id_number = idnumbers.decrypt(self.id_encrypted)
        return self._id_number

    @property
    def masked_id_number(self) -> str:
        return self.id_masked or idnumbers.mask(self.id_number)

    def get_username(self) -> str:
        return self.masked_id_number

    def clean(self) -> None:
        """Django's `AbstractBaseUser.clean()` writes `get_username()` (here the masked number)
        back into `USERNAME_FIELD` (here the lookup hash): any model form, the admin's included,
        would break the login. The hash is written only by `set_id_number`."""

    @staticmethod
    def make_one_time_password() -> str:
        # 16 characters from an alphabet without look-alikes, read aloud or copied easily.
        alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
        return "".join(secrets.choice(alphabet) for _ in range(16))

    def leave(self, status: str) -> None:
        """Resigned or retired: the login closes, every record stays."""
        self.employment_status = status
        self.is_active = False
        self.save(update_fields=["employment_status", "is_active"])

    def _lock_undecided_registration(self) -> None:
        current = User.objects.select_for_update().only("confirmed_at", "rejected_at")
        locked = current.get(pk=self.pk)
        if locked.confirmed_at is not None or locked.rejected_at is not None:
            raise RegistrationAlreadyDecided(self.pk)

    @transaction.atomic
    def confirm(self, *, by: User) -> None:
        self._lock_undecided_registration()
        self.confirmed_at = timezone.now()
        self.confirmed_by = by
        self.save(update_fields=["confirmed_at", "confirmed_by"])

    @transaction.atomic
    def reject_registration(self, *, by: User, reason: str) -> None:
        """Someone registered with an ID number that is not theirs, or is no staff member. The row
        stays (with whatever it filed) for the record; the ID number is freed and the login closed.
        Nobody is notified: whoever registered has no account to be told through."""
        self._lock_undecided_registration()
        self.rejected_at = timezone.now()
        self.rejected_by = by
        self.rejection_reason = reason
        self.id_hash = f"rejected:{self.pk}"
        self.is_active = False
        self.set_unusable_password()
        self.save(
            update_fields=[
                "rejected_at",
                "rejected_by",
                "rejection_reason",
                "id_hash",
                "is_active",
                "password",
            ]
        )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_bureau_reviewer(self) -> bool:
        return bool(self.bureau_scope)

    def administered_departments(self) -> models.QuerySet[Department]:
        return Department.objects.filter(
            Q(admin_assignments__person=self) & AdminAssignment.current_q("admin_assignments__")
        ).distinct()

    @cached_property
    def is_department_admin(self) -> bool:
        """Asked once per loaded user, i.e. once per request however many checks and templates
        want it (the role decorator, the menu's context processor)."""
        return AdminAssignment.objects.current().filter(person=self).exists()


class AdminAssignmentQuerySet(models.QuerySet["AdminAssignment"]):
    def current(self) -> AdminAssignmentQuerySet:
        return self.filter(AdminAssignment.current_q())


class AdminAssignment(models.Model):
    """The HR office names a person administrator (系部管理员) of a department."""

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="admin_assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="admin_assignments",
    )
    active = models.BooleanField(_("active"), default=True)
    needs_replacement = models.BooleanField(_("needs replacement (需调换)"), default=False)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        User,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AdminAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["department_id", "starts_on"]
        verbose_name = _("department administrator assignment")
        verbose_name_plural = _("department administrator assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "department"],
                condition=Q(active=True),
                name="one_active_assignment_per_person_and_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.department}"

    @staticmethod
    def current_q(prefix: str = "") -> Q:
        today = timezone.localdate()
        return (
            Q(**{f"{prefix}active": True})
            & Q(**{f"{prefix}starts_on__lte": today})
            & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today}))
        )


class Notification(models.Model):
    """One thing that happened to a person's work or account, for their inbox (and mail)."""

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(pgettext_lazy("notification", "subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["person", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject

    def mark_mailed(self) -> None:
        self.mailed_at = timezone.now()
        self.save(update_fields=["mailed_at"])


class RegistrationAttempt(models.Model):
    """One try at /register/, for throttling per address. Kept a day."""

    address = models.GenericIPAddressField(_("address"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration attempt")
        verbose_name_plural = _("registration attempts")
        indexes = [models.Index(fields=["address", "at"], name="registration_attempt_recent")]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, written every few seconds by `manage.py db_worker`.

    `/healthz` reads the newest one; the reaper hands a task back to the queue when the worker
    that claimed it has stopped beating (killed, machine lost)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
