"""People, departments and who administers which department."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import idnumbers
from portal.exceptions import Refused, RegistrationAlreadyDecided
from portal.prepared import Prepared
from portal.signals import count_pending_work, person_created

ONE_TIME_PASSWORD_LIFETIME = timedelta(hours=72)


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

    def active_staff(self) -> models.QuerySet[User]:
        return self.people.filter(employment_status=EmploymentStatus.ACTIVE)  # type: ignore[attr-defined]

    def pending_work(self) -> int:
        """Declarations of this department's people awaiting a decision. Counted by the apps
        that own them (portal imports none), through `count_pending_work`."""
        return sum(
            int(n or 0) for _r, n in count_pending_work.send(sender=Department, department=self)
        )

    def needs_administrator(self) -> bool:
        return self.active_staff().exists() or self.pending_work() > 0

    def _locked(self) -> Department:
        return Department.objects.select_for_update().get(pk=self.pk)

    @classmethod
    @transaction.atomic
    def open(cls, *, name: str, by: User) -> Department:
        department = cls.objects.create(name=name)
        OrganisationEvent.record(
            OrganisationEvent.Kind.DEPARTMENT_CREATED, by=by, department=department
        )
        return department

    @transaction.atomic
    def rename(self, name: str, *, by: User) -> None:
        old = self._locked().name
        self.name = name
        self.save(update_fields=["name"])
        OrganisationEvent.record(
            OrganisationEvent.Kind.DEPARTMENT_RENAMED,
            by=by,
            department=self,
            note=f"{old} → {name}",
        )

    @transaction.atomic
    def close(self, *, by: User | None, reason: str = "") -> None:
        """Only an empty department closes (the 中职 case): its staff moved elsewhere first and no
        work left pending. Its administrators are released with it."""
        if not self._locked().active:
            raise Refused(gettext("This department is already closed."))
        staff = self.active_staff().count()
        if staff:
            raise Refused(
                gettext("%(name)s still has %(n)s staff: move them to other departments first.")
                % {"name": self.name, "n": staff}
            )
        pending = self.pending_work()
        if pending:
            raise Refused(
                gettext("%(name)s still has %(n)s declarations awaiting review: decide them first.")
                % {"name": self.name, "n": pending}
            )
        for assignment in self.admin_assignments.current().select_related("person"):  # type: ignore[attr-defined]
            assignment.end(by=by, reason=reason)
            OrganisationEvent.record(
                OrganisationEvent.Kind.ADMIN_RELEASED,
                by=by,
                department=self,
                person=assignment.person,
                note=reason,
            )
        self.active = False
        self.save(update_fields=["active"])
        OrganisationEvent.record(
            OrganisationEvent.Kind.DEPARTMENT_CLOSED, by=by, department=self, note=reason
        )

    @transaction.atomic
    def assign_administrator(self, person: User, *, by: User, reason: str = "") -> AdminAssignment:
        """Any active person may administer; one person may administer several departments."""
        if not self._locked().active:
            raise Refused(gettext("A closed department gets no administrator."))
        if not person.is_active or person.employment_status != EmploymentStatus.ACTIVE:
            raise Refused(
                gettext("%(name)s has left: only active people can be administrators.")
                % {"name": person.name}
            )
        if self.admin_assignments.current().filter(person=person).exists():  # type: ignore[attr-defined]
            raise Refused(
                gettext("%(name)s already administers %(department)s.")
                % {"name": person.name, "department": self.name}
            )
        assignment = AdminAssignment.objects.create(
            person=person, department=self, assigned_by=by, note=reason
        )
        OrganisationEvent.record(
            OrganisationEvent.Kind.ADMIN_ASSIGNED,
            by=by,
            department=self,
            person=person,
            note=reason,
        )
        return assignment

    @transaction.atomic
    def release_administrator(
        self, assignment: AdminAssignment, *, by: User | None, reason: str = ""
    ) -> None:
        """Refused when it would leave a department that has staff or pending reviews with no
        administrator: nobody would review its people's work."""
        self._locked()
        others = self.admin_assignments.current().exclude(pk=assignment.pk)  # type: ignore[attr-defined]
        if not others.exists() and self.needs_administrator():
            raise Refused(
                gettext(
                    "%(name)s is the last administrator of %(department)s, which has staff or "
                    "declarations awaiting review. Assign another administrator first, or replace "
                    "them in one step."
                )
                % {"name": assignment.person.name, "department": self.name}
            )
        assignment.end(by=by, reason=reason)
        OrganisationEvent.record(
            OrganisationEvent.Kind.ADMIN_RELEASED,
            by=by,
            department=self,
            person=assignment.person,
            note=reason,
        )

    @transaction.atomic
    def replace_administrator(
        self, assignment: AdminAssignment, person: User, *, by: User, reason: str = ""
    ) -> AdminAssignment:
        """Release one administrator and assign another in one step: never a gap."""
        new = self.assign_administrator(person, by=by, reason=reason)
        self.release_administrator(assignment, by=by, reason=reason)
        return new

    @transaction.atomic
    def flag_administrator(
        self, assignment: AdminAssignment, *, needs_replacement: bool, note: str, by: User
    ) -> None:
        """需调换: the HR office marks an administrator to be replaced, with why."""
        assignment.needs_replacement = needs_replacement
        assignment.note = note if needs_replacement else ""
        assignment.save(update_fields=["needs_replacement", "note"])
        kind = (
            OrganisationEvent.Kind.ADMIN_FLAGGED
            if needs_replacement
            else OrganisationEvent.Kind.ADMIN_UNFLAGGED
        )
        OrganisationEvent.record(kind, by=by, department=self, person=assignment.person, note=note)


# Every department's key and name, in their order: read on every visit of the pages that choose
# or filter by department (the admin's list of people, the spot-check drawing form), through a
# statement written once (portal/prepared.py).
_DEPARTMENT_OPTIONS = Prepared(
    Department, lambda: Department.objects.values("pk", "name"), name="DepartmentOption"
)


def department_options() -> list[tuple[int, str]]:
    """Every department as (pk, name), in their order: the choices a form or a filter offers
    (a department's label is its name)."""
    return [(row.pk, row.name) for row in _DEPARTMENT_OPTIONS.rows()]


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
            user.one_time_expires_at = timezone.now() + ONE_TIME_PASSWORD_LIFETIME
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
    language = models.CharField(
        _("language for messages"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
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
    one_time_expires_at = models.DateTimeField(
        _("one-time password expires at"), null=True, blank=True, editable=False
    )
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

    @transaction.atomic
    def leave(self, status: str, *, by: User | None = None, reason: str = "") -> None:
        """Resigned or retired: the login closes at once (every session with it: a session
        of an inactive person is not accepted), every record stays. Their administrator
        assignments end, unless one would leave a department without any."""
        for assignment in self.admin_assignments.current().select_related("department"):  # type: ignore[attr-defined]
            assignment.department.release_administrator(assignment, by=by, reason=reason)
        self.employment_status = status
        self.is_active = False
        self.save(update_fields=["employment_status", "is_active"])
        OrganisationEvent.record(
            OrganisationEvent.Kind.LEFT,
            by=by,
            person=self,
            department=self.department,
            note=" ".join(filter(None, [str(EmploymentStatus(status).label), reason])),
        )

    def one_time_password_expired(self) -> bool:
        return (
            self.must_change_password
            and self.one_time_expires_at is not None
            and self.one_time_expires_at < timezone.now()
        )

    @transaction.atomic
    def issue_one_time_password(self, *, by: User) -> str:
        """A random secret for the issuer to pass on, shown once: the person must replace it at
        first use, and it stops working after 72 hours. Nothing is derived from the ID number."""
        if not self.is_active:
            raise Refused(gettext("This account is closed: it gets no new password."))
        secret = User.make_one_time_password()
        self.set_password(secret)
        self.must_change_password = True
        self.one_time_expires_at = timezone.now() + ONE_TIME_PASSWORD_LIFETIME
        self.save(update_fields=["password", "must_change_password", "one_time_expires_at"])
        OrganisationEvent.record(OrganisationEvent.Kind.ONE_TIME_PASSWORD, by=by, person=self)
        return secret

    def chose_password(self) -> None:
        """Called once the person has set a password of their own."""
        self.must_change_password = False
        self.one_time_expires_at = None

    @transaction.atomic
    def set_roles(self, *, hr_office: bool, bureau_scope: str, by: User, reason: str = "") -> None:
        """Grant or withdraw the HR office and bureau reviewer roles. Access is read from the
        row on every request, so a withdrawn role stops working on the next one."""
        changes = []
        if hr_office != self.is_hr_office:
            changes.append((hr_office, gettext("HR office")))
        if bureau_scope != self.bureau_scope:
            if self.bureau_scope:
                changes.append((False, str(BureauScope(self.bureau_scope).label)))
            if bureau_scope:
                changes.append((True, str(BureauScope(bureau_scope).label)))
        self.is_hr_office = hr_office
        self.bureau_scope = bureau_scope
        self.save(update_fields=["is_hr_office", "bureau_scope"])
        for granted, label in changes:
            OrganisationEvent.record(
                OrganisationEvent.Kind.ROLE_GRANTED
                if granted
                else OrganisationEvent.Kind.ROLE_WITHDRAWN,
                by=by,
                person=self,
                note=" ".join(filter(None, [label, reason])),
            )

    @transaction.atomic
    def move_to(self, department: Department, *, by: User | None, reason: str = "") -> int | None:
        """A transfer, kept in the person's department history (from, to, when, by whom).
        Returns the department the person was in (its pk), read under the lock."""
        target = Department.objects.select_for_update().get(pk=department.pk)
        if not target.active:
            raise Refused(
                gettext("%(name)s is closed: nobody can move into it.") % {"name": target.name}
            )
        current = User.objects.select_for_update().only("department").get(pk=self.pk)
        if current.department_id == target.pk:
            raise Refused(
                gettext("%(name)s is already in %(department)s.")
                % {"name": self.name, "department": target.name}
            )
        self.department = target
        self.save(update_fields=["department"])
        OrganisationEvent.record(
            OrganisationEvent.Kind.TRANSFERRED,
            by=by,
            person=self,
            department=target,
            from_department_id=current.department_id,
            note=reason,
        )
        return current.department_id

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
        Whoever registered hears of it only by e-mail, if they gave an address: the account that
        an inbox would need is closed."""
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
        loaded = self._administered_now
        if loaded is not None:
            return Department.objects.filter(pk__in=loaded)
        return Department.objects.filter(
            Q(admin_assignments__person=self) & AdminAssignment.current_q("admin_assignments__")
        ).distinct()

    def administered_department_ids(self) -> list[int]:
        """The pks of `administered_departments()`, without a query when loaded with the person."""
        loaded = self._administered_now
        if loaded is not None:
            return loaded
        return sorted(self.administered_departments().values_list("pk", flat=True))

    @cached_property
    def _administered_now(self) -> list[int] | None:
        """The departments this person administers now, as loaded with them on this request by
        portal.backends.PortalBackend; None when loaded some other way."""
        if not hasattr(self, "administers_now"):
            return None
        return sorted({int(pk) for pk in (self.administers_now or "").split(",") if pk})

    @cached_property
    def is_department_admin(self) -> bool:
        """Asked once per loaded user, i.e. once per request however many checks and templates
        want it (the role decorator, the menu's context processor)."""
        loaded = self._administered_now
        if loaded is not None:
            return bool(loaded)
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
    note = models.CharField(_("note"), max_length=300, blank=True)
    ended_by = models.ForeignKey(
        User,
        verbose_name=_("released by"),
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

    def end(self, *, by: User | None, reason: str = "") -> None:
        """Only through `Department.release_administrator`, `replace_administrator` or `close`."""
        self.active = False
        self.ends_on = timezone.localdate()
        self.ended_by = by
        if reason:
            self.note = reason[:300]
        self.save(update_fields=["active", "ends_on", "ended_by", "note"])

    @staticmethod
    def current_q(prefix: str = "") -> Q:
        today = timezone.localdate()
        return (
            Q(**{f"{prefix}active": True})
            & Q(**{f"{prefix}starts_on__lte": today})
            & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today}))
        )


class OrganisationEvent(models.Model):
    """Every change to departments, administrators, people's departments, roles and passwords
    issued: who, when, why. Append-only; a person's department history is read from it."""

    class Kind(models.TextChoices):
        DEPARTMENT_CREATED = "department_created", _("Department created")
        DEPARTMENT_RENAMED = "department_renamed", _("Department renamed")
        DEPARTMENT_CLOSED = "department_closed", _("Department closed")
        ADMIN_ASSIGNED = "admin_assigned", _("Administrator assigned")
        ADMIN_FLAGGED = "admin_flagged", _("Administrator flagged: needs replacement (需调换)")
        ADMIN_UNFLAGGED = "admin_unflagged", _("Needs-replacement flag removed")
        ADMIN_RELEASED = "admin_released", _("Administrator released")
        PERSON_ADDED = "person_added", _("Person added")
        TRANSFERRED = "transferred", _("Moved to another department")
        LEFT = "left", _("Left (resigned or retired)")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_WITHDRAWN = "role_withdrawn", _("Role withdrawn")
        ONE_TIME_PASSWORD = "one_time_password", _("One-time password issued")

    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation_events",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    from_department = models.ForeignKey(
        Department,
        verbose_name=_("from department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("organisation history entry")
        verbose_name_plural = _("organisation history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_kind_display()}"

    @classmethod
    def record(cls, kind: str, *, by: User | None, **fields: Any) -> OrganisationEvent:
        return cls.objects.create(kind=kind, by=by, **fields)


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
