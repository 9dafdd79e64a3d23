"""Declarations of continuing-education hours, their proof, their versions and their history."""

from __future__ import annotations

import uuid
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import nonmember
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import rules
from declarations.exceptions import (
    FilesBeingPrepared,
    IllegalMove,
    MissingMaterials,
    NotEditable,
    OverDeclaration,
    PersonUnconfirmed,
    SelfReview,
    StaleDeclaration,
    TooManyFiles,
)
from declarations.uploads import CheckedFile
from portal.models import Department, User
from portal.prepared import Prepared

# The namespace of PostgreSQL advisory locks on a file's content (`_lock_contents`).
CONTENT_LOCKS = 1_407_001

# Where an accepted PDF is kept as it was sent until its rewrite is stored (and for the record
# when the rewrite failed): never served, by any view.
QUARANTINE = "declarations/quarantine"

TYPE_CHOICES = [(code, f"{t.number}. {t.name_zh}") for code, t in rules.HOUR_TYPES.items()]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting department review")
    DEPARTMENT_APPROVED = "department_approved", _("Awaiting bureau approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")

    # The groups every page and query asks about, kept here and nowhere else.
    EDITABLE = nonmember(("draft", "returned"))
    PENDING = nonmember(("submitted", "department_approved"))
    # What counts towards a year's claimed total, for the over-declaration warning.
    CLAIMED = nonmember(("submitted", "department_approved", "approved"))
    # What a department administrator's list shows: everything once submitted.
    DEPARTMENT_SEES = nonmember(
        ("submitted", "department_approved", "approved", "returned", "revoked")
    )
    BUREAU_SEES = nonmember(("department_approved", "approved", "revoked"))
    # Decided for good: such records keep the department they were decided in.
    DECIDED = nonmember(("approved", "revoked"))
    # Moves that approve: refused while the person's registration is unconfirmed (anyone can
    # register with any ID number until their department says the person is theirs).
    APPROVALS = nonmember(("department_approved", "approved"))
    # The review stages: which status awaits each, and where approving it leads.
    AWAITING = nonmember({"department": "submitted", "bureau": "department_approved"})
    APPROVES_TO = nonmember({"department": "department_approved", "bureau": "approved"})


class Role(models.TextChoices):
    """In which capacity someone moved a declaration: kept in its history."""

    DECLARANT = "declarant", _("Declarant")
    ON_BEHALF = "on_behalf", _("Department administrator, declaring for the person (单位申报)")
    DEPARTMENT_ADMIN = "department_admin", _("Department administrator")
    BUREAU = "bureau", _("Bureau reviewer")
    HR_OFFICE = "hr_office", _("HR office")

    @classmethod
    def of_declarant(cls, person_pk: int, actor_pk: int) -> Role:
        """The person themselves, or an administrator acting for them (单位申报)."""
        return cls.DECLARANT if person_pk == actor_pk else cls.ON_BEHALF


# The legal moves. (from, to): which roles may make it.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({Role.DECLARANT, Role.ON_BEHALF}),
    # Recalled before any review decision: back to a draft to edit.
    (Status.SUBMITTED, Status.DRAFT): frozenset({Role.DECLARANT, Role.ON_BEHALF}),
    (Status.RETURNED, Status.SUBMITTED): frozenset({Role.DECLARANT, Role.ON_BEHALF}),
    (Status.DRAFT, Status.WITHDRAWN): frozenset({Role.DECLARANT, Role.ON_BEHALF}),
    (Status.RETURNED, Status.WITHDRAWN): frozenset({Role.DECLARANT, Role.ON_BEHALF}),
    (Status.SUBMITTED, Status.DEPARTMENT_APPROVED): frozenset(
        {Role.DEPARTMENT_ADMIN, Role.HR_OFFICE}
    ),
    (Status.SUBMITTED, Status.RETURNED): frozenset({Role.DEPARTMENT_ADMIN, Role.HR_OFFICE}),
    (Status.DEPARTMENT_APPROVED, Status.APPROVED): frozenset({Role.BUREAU}),
    (Status.DEPARTMENT_APPROVED, Status.RETURNED): frozenset({Role.BUREAU}),
    (Status.APPROVED, Status.REVOKED): frozenset({Role.BUREAU}),
}

REVIEWER_ROLES = (Role.DEPARTMENT_ADMIN, Role.BUREAU, Role.HR_OFFICE)
DECLARANT_ROLES = (Role.DECLARANT, Role.ON_BEHALF)

HOURS_SET_AT = {rules.UNIT_SETS_HOURS: "department", rules.AUTHORITY_SETS_HOURS: "bureau"}

# What a page may offer, by the status a move leads to.
MOVE_NAMES: dict[str, str] = {
    Status.SUBMITTED: "submit",
    Status.DRAFT: "recall",
    Status.WITHDRAWN: "withdraw",
    Status.DEPARTMENT_APPROVED: "approve",
    Status.APPROVED: "approve",
    Status.RETURNED: "return",
    Status.REVOKED: "revoke",
}


# Types that scale the year's requirement instead of earning hours (第八条), as the rules say.
SCALING_TYPES = tuple(code for code, t in rules.HOUR_TYPES.items() if t.scales_requirement)


# For `for_year_page`, per row of the outer query on declarations: constant statements, every
# value a bound parameter.
_FILE_COUNT_SQL = (
    "SELECT COUNT(*) FROM declarations_evidence AS f"
    " WHERE f.declaration_id = declarations_declaration.id AND f.removed_at IS NULL"
)
_LATEST_REASON_SQL = (
    "SELECT h.reason FROM declarations_declarationhistory AS h"
    # One placeholder per role of REVIEWER_ROLES.
    " WHERE h.declaration_id = declarations_declaration.id AND h.role IN (%s, %s, %s)"
    " ORDER BY h.id DESC LIMIT 1"
)
_REVIEWER_ROLE_VALUES = tuple(role.value for role in REVIEWER_ROLES)


@dataclass(frozen=True)
class YearGroup:
    year: int
    status: str
    subject: str
    covers: frozenset[str]
    claimed: Decimal
    counted: Decimal
    adjustments: int


class DeclarationQuerySet(models.QuerySet["Declaration"]):
    def visible(self) -> DeclarationQuerySet:
        """Everything but deleted drafts: those are only hidden, never destroyed."""
        return self.exclude(status=Status.WITHDRAWN)

    def for_year_page(self) -> DeclarationQuerySet:
        """The rows of a person's year, with what each row shows, in a fixed number of queries:
        `file_count`, its active files; `latest_reason`, the latest reviewer decision's reason
        (empty once a later decision said nothing more). Per row, not a GROUP BY over the whole
        year: only the page's rows are counted. Written as constant SQL: the ORM's two
        subqueries cost more to build and compile than the rest of the page's query."""
        files = RawSQL(_FILE_COUNT_SQL, (), output_field=models.IntegerField())  # noqa: S611
        reason = RawSQL(_LATEST_REASON_SQL, _REVIEWER_ROLE_VALUES, output_field=models.TextField())  # noqa: S611
        return self.annotate(file_count=files, latest_reason=reason).order_by("-ends_on", "-pk")

    def with_year_claimed(self) -> DeclarationQuerySet:
        """`year_claimed`: what the person claims in the declaration's year, all claims together,
        for reviewers to see beside every declaration."""
        year = (
            Declaration.objects.filter(
                person=OuterRef("person"), year=OuterRef("year"), status__in=Status.CLAIMED
            )
            .order_by()
            .values("person")
            .annotate(total=Sum("claimed_hours"))
            .values("total")
        )
        return self.annotate(year_claimed=Subquery(year))

    def set_year_claimed(self, rows: list[Declaration]) -> None:
        """`year_claimed` (as `with_year_claimed`) set on each of `rows` from one grouped query,
        once per person and year rather than once per row: a page of fifty rows of someone with
        a thousand declarations in a year would otherwise sum that year fifty times over."""
        if not rows:
            return
        people = _padded(sorted({row.person_id for row in rows}))
        years = _padded(sorted({row.year for row in rows}))
        grouped = _YEAR_CLAIMED.rows(*people, *years, shape=(len(people), len(years)))
        totals = {(g.person, g.year): g.total for g in grouped}
        for row in rows:
            row.year_claimed = totals.get((row.person_id, row.year))  # type: ignore[attr-defined]

    def year_groups(self) -> list[YearGroup]:
        """Every year's hours summed by status, subject and coverage, in one grouped query: what
        a person's year summary needs, however many rows the year holds."""
        return self._as_year_groups(self._year_group_rows())

    def _year_group_rows(self) -> models.QuerySet[Any, dict[str, Any]]:
        return (
            self.order_by()
            .values("year", "status", "subject", "covers")
            .annotate(
                claimed=Sum("claimed_hours"),
                counted=Sum(Coalesce("approved_hours", "claimed_hours")),
                adjustments=Count("pk", filter=Q(type__in=SCALING_TYPES)),
            )
        )

    def person_year_groups(self, person: User) -> list[YearGroup]:
        """`visible().filter(person=person).year_groups()`, prepared (portal/prepared.py): the
        statement is the same for everyone but the person's pk, and writing it cost Django ten
        times what the database takes to run it."""
        return self._as_year_groups(row._asdict() for row in _PERSON_YEAR_GROUPS.rows(person.pk))

    @staticmethod
    def _as_year_groups(rows: Iterable[dict[str, Any]]) -> list[YearGroup]:
        return [
            YearGroup(
                r["year"],
                r["status"],
                r["subject"],
                frozenset(r["covers"] or ()),
                r["claimed"],
                r["counted"],
                r["adjustments"],
            )
            for r in rows
        ]

    def count_by_key(self) -> dict[tuple[int, str, int, str], int]:
        """Counted afresh, keyed as `StatusCount` keeps them: to check or rebuild the counts."""
        rows = (
            self.order_by()
            .values_list("person__department", "subject", "year", "status")
            .annotate(n=Count("pk"))
        )
        return {(d or 0, subject, year, status): n for d, subject, year, status, n in rows}

    def shared_evidence(self) -> DeclarationQuerySet:
        """Only declarations with a file also attached to another person's declaration: the flag
        kept on each declaration by `Evidence.objects.refresh_shared`, never found by comparing
        every file with every other."""
        return self.filter(shared_evidence=True)


class Declaration(models.Model):
    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="declarations"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # The department the record belongs to: the person's at the time. Work not yet decided
    # follows the person when they move; decided records keep it, so yearly figures by
    # department stay as they were.
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="declarations",
        null=True,
        blank=True,
    )
    type = models.CharField(_("type"), max_length=30, choices=TYPE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    subject = models.CharField(
        _("subject"),
        max_length=12,
        blank=True,
        choices=[
            (rules.PUBLIC, _("Public subjects")),
            (rules.PROFESSIONAL, _("Professional subjects")),
        ],
    )
    facts = models.JSONField(_("facts"), default=dict)
    note = models.TextField(_("note"), blank=True)
    computed_hours = models.DecimalField(_("computed hours"), max_digits=7, decimal_places=2)
    claimed_hours = models.DecimalField(_("claimed hours"), max_digits=7, decimal_places=2)
    approved_hours = models.DecimalField(
        _("approved hours"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    covers = models.JSONField(_("covers"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    over_declared = models.BooleanField(
        _("over the yearly threshold when submitted"), default=False
    )
    # One of its files is also attached to another person's declaration. Kept with the files'
    # own flags by `Evidence.objects.refresh_shared` (attach, remove, batches): the queue shows
    # and filters by a column instead of looking at the files of every row.
    shared_evidence = models.BooleanField(
        _("a file also in another person's declaration"), default=False, editable=False
    )
    # The claimed hours differ from what the rules computed: kept by the database itself on
    # every write. A column of its own, not a comparison of two, so that the planner knows how
    # many rows it holds (PostgreSQL guesses half for `claimed <> computed` and reads every
    # row) and the queue's filter and its tab counts read the few through the index below.
    claimed_differs = models.GeneratedField(
        expression=ExpressionWrapper(
            ~Q(claimed_hours=F("computed_hours")), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("claimed hours differ from the computed"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[DeclarationQuerySet] = DeclarationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        indexes = [
            # A person's year; with the status and hours, the year's claimed total (beside every
            # row of the queue, the review page) is read from the index alone.
            models.Index(
                fields=["person", "year", "status", "claimed_hours"], name="declaration_person_year"
            ),
            # The queue's rare flags: found through these instead of a pass over every row.
            models.Index(
                fields=["status"], name="declaration_over_declared", condition=Q(over_declared=True)
            ),
            models.Index(
                fields=["status"],
                name="declaration_base_training",
                condition=Q(type="base_training"),
            ),
            models.Index(
                fields=["status"],
                name="declaration_shared_evidence",
                condition=Q(shared_evidence=True),
            ),
            # Claimed ≠ computed over every status: a count of the few, not a pass over all.
            # What the tab counts read of each (person, creator) is in the index (PostgreSQL).
            models.Index(
                fields=["status"],
                include=["person", "created_by", "id"],
                name="declaration_claimed_differs",
                condition=Q(claimed_differs=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    @transaction.atomic
    def create_draft(
        cls,
        *,
        person: User,
        by: User,
        outcome: rules.Outcome,
        claimed: Decimal | None,
        **fields: Any,
    ) -> Declaration:
        """A new draft; made by someone other than the person, a unit declaration (单位申报)."""
        declaration = cls(
            person=person, created_by=by, department_id=person.department_id, **fields
        )
        declaration.apply_outcome(outcome, claimed)
        declaration.save()
        StatusCount.add_created([declaration])
        DeclarationHistory.objects.create(
            declaration=declaration,
            actor=by,
            role=Role.of_declarant(person.pk, by.pk),
            to_status=Status.DRAFT,
            hours_after=declaration.claimed_hours,
        )
        return declaration

    @classmethod
    @transaction.atomic
    def submit_many(
        cls,
        *,
        people: list[tuple[User, Decimal]],
        by: User,
        reason: str,
        files: list[Evidence],
        **fields: Any,
    ) -> list[Declaration]:
        """The door for many people's declarations at once (a batch): each created and submitted,
        with the history rows `create_draft` and `submit` write (created as a draft, then
        submitted, with `reason` saying where it came from), its first version and its files.
        Written in bulk inside one transaction, all or none. What `move` checks for a
        submission is checked here, for every row, before anything is written: the materials
        (`files` are unsaved Evidence rows, the same stored file for every declaration) and the
        over-declaration flag; the latter is recorded, never refused, as for a confirmed
        submission. Nobody is notified per declaration: the caller tells reviewers once."""
        code, facts, year = fields["type"], fields.get("facts", {}), fields["year"]
        hour_type = rules.HOUR_TYPES[code]
        present = {f.material for f in files}
        any_row = {**facts, "hours": people[0][1] if people else 0}
        required = hour_type.required_materials(hour_type.clean(any_row))
        missing = [m for m in required if m.code not in present]
        if missing:
            raise MissingMaterials(missing)
        outcomes: dict[Decimal, rules.Outcome] = {}
        claimed_before = dict(
            cls.objects.filter(
                person__in=[p for p, _h in people], year=year, status__in=Status.CLAIMED
            )
            .order_by()
            .values("person")
            .annotate(total=Sum("claimed_hours"))
            .values_list("person", "total")
        )
        threshold = settings.DECLARATION_OVER_THRESHOLD
        declarations = []
        for person, hours in people:
            outcome = outcomes.get(hours)
            if outcome is None:
                outcome = outcomes[hours] = rules.assess(code, {**facts, "hours": hours}, year=year)
            declaration = cls(
                person=person,
                created_by=by,
                department_id=person.department_id,
                status=Status.SUBMITTED,
                **{**fields, "facts": {**facts, "hours": str(hours)}},
            )
            declaration.apply_outcome(outcome, None)
            declaration.over_declared = bool(declaration.claimed_hours) and (
                claimed_before.get(person.pk, Decimal(0)) + declaration.claimed_hours > threshold
            )
            declarations.append(declaration)
        cls.objects.bulk_create(declarations, batch_size=500)
        StatusCount.add_created(declarations)  # the queues' tabs, as create_draft keeps them
        over = [d.person_id for d in declarations if d.over_declared]
        if over:
            cls.objects.filter(
                person__in=over, year=year, status__in=Status.PENDING, over_declared=False
            ).update(over_declared=True)
        now = timezone.now()
        history = []
        for declaration in declarations:
            role = Role.of_declarant(declaration.person_id, by.pk)
            hours = declaration.claimed_hours
            history.append(
                DeclarationHistory(
                    declaration=declaration,
                    actor=by,
                    role=role,
                    at=now,
                    to_status=Status.DRAFT,
                    hours_after=hours,
                )
            )
            history.append(
                DeclarationHistory(
                    declaration=declaration,
                    actor=by,
                    role=role,
                    at=now,
                    from_status=Status.DRAFT,
                    to_status=Status.SUBMITTED,
                    reason=reason,
                    hours_before=hours,
                    hours_after=hours,
                )
            )
        DeclarationHistory.objects.bulk_create(history, batch_size=1000)
        evidence = [
            Evidence(
                **{
                    f.attname: getattr(template, f.attname)
                    for f in Evidence._meta.concrete_fields
                    if f.name not in ("id", "declaration")
                },
                declaration=declaration,
            )
            for declaration in declarations
            for template in files
        ]
        Evidence.objects.bulk_create(evidence, batch_size=1000)
        Evidence.objects.refresh_shared(e.sha256 for e in evidence)
        versions = DeclarationVersion.objects.bulk_create(
            [
                DeclarationVersion(declaration=d, number=1, submitted_by=by, snapshot=d.snapshot())
                for d in declarations
            ],
            batch_size=1000,
        )
        per_declaration = len(files)
        links = [
            DeclarationVersion.files.through(declarationversion_id=version.pk, evidence_id=item.pk)
            for index, version in enumerate(versions)
            for item in evidence[index * per_declaration : (index + 1) * per_declaration]
        ]
        DeclarationVersion.files.through.objects.bulk_create(links, batch_size=1000)
        return declarations

    @transaction.atomic
    def revise(self, *, facts: dict[str, Any], claimed: Decimal | None, **fields: Any) -> None:
        """Change a draft or returned declaration. The row is locked and its status re-read, so an
        edit from a stale page can never write an old status back over a submission."""
        current = (
            Declaration.objects.select_for_update()
            .only("status", "subject", "year")
            .get(pk=self.pk)
        )
        if current.status not in Status.EDITABLE:
            raise StaleDeclaration(self.pk, self.history.order_by("-pk").first())  # type: ignore[attr-defined]
        for field, value in fields.items():
            setattr(self, field, value)
        self.facts = facts
        self.apply_outcome(self.assess(), claimed)
        changed = [*fields, "facts", "computed_hours", "claimed_hours", "covers", "updated_at"]
        self.save(update_fields=changed)
        department = self._department_now()
        StatusCount.apply(
            {
                (department, current.subject, current.year, current.status): -1,
                (department, self.subject, self.year, current.status): +1,
            }
        )

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        """As Django's, without rebuilding the choices on every call (a list shows 50 rows)."""
        return str(Status(self.status).label)

    @property
    def hour_type(self) -> rules.HourType:
        return rules.HOUR_TYPES[self.type]

    def hours_set_at(self) -> str:
        """The review stage whose reviewer enters the hours, where the 办法 leaves them to an
        authority: the unit's HR office at the department stage, the HR authority at the
        bureau's; "" when the rules compute them."""
        return HOURS_SET_AT.get(self.assess().hours_set_by, "")

    @property
    def materials_waived(self) -> bool:
        try:
            return self.hour_type.waives_materials(self.hour_type.clean(self.facts))
        except rules.InvalidFacts:
            return False  # facts that no longer fit the type: a list still shows the row

    @property
    def is_editable(self) -> bool:
        return self.status in Status.EDITABLE

    @property
    def is_pending(self) -> bool:
        return self.status in Status.PENDING

    def assess(self) -> rules.Outcome:
        return rules.assess(self.type, self.facts, year=self.year)

    def apply_outcome(self, outcome: rules.Outcome, claimed: Decimal | None) -> None:
        self.computed_hours = outcome.hours
        self.claimed_hours = outcome.hours if claimed is None else claimed
        self.covers = sorted(outcome.covers)

    def active_evidence(self) -> models.QuerySet[Evidence]:
        return self.evidence.filter(removed_at__isnull=True)  # type: ignore[attr-defined]

    def missing_materials(self) -> list[rules.Material]:
        """Required materials without a file; a file whose preparation failed counts as none
        (one being prepared counts: it passed every check)."""
        present = set(
            self.active_evidence()
            .exclude(preparation=Preparation.REFUSED)
            .values_list("material", flat=True)
        )
        cleaned = self.hour_type.clean(self.facts)
        return [m for m in self.hour_type.required_materials(cleaned) if m.code not in present]

    def year_claimed_with_this(self) -> Decimal:
        others = (
            Declaration.objects.filter(
                person_id=self.person_id, year=self.year, status__in=Status.CLAIMED
            )
            .exclude(pk=self.pk)
            .aggregate(total=Sum("claimed_hours"))["total"]
        )
        return (others or Decimal(0)) + self.claimed_hours

    def would_over_declare(self) -> bool:
        """Whether submitting this passes the year's threshold. Only hours can: a declaration
        claiming none (a leave adjustment) never does."""
        if not self.claimed_hours:
            return False
        return self.year_claimed_with_this() > settings.DECLARATION_OVER_THRESHOLD

    # The doors a page uses. Each checks its preconditions inside `move`'s locked transaction.

    def submit(self, *, by: User, confirm_over: bool = False) -> DeclarationHistory:
        """Submit or resubmit: refused while materials are missing, and (unless `confirm_over`)
        when the year's claimed hours would pass the threshold (`OverDeclaration`)."""
        return self.move(
            Status.SUBMITTED,
            by=by,
            role=Role.of_declarant(self.person_id, by.pk),
            refuse_over=not confirm_over,
        )

    def recall(self, *, by: User) -> DeclarationHistory:
        return self.move(Status.DRAFT, by=by, role=Role.of_declarant(self.person_id, by.pk))

    def withdraw(self, *, by: User) -> DeclarationHistory:
        return self.move(Status.WITHDRAWN, by=by, role=Role.of_declarant(self.person_id, by.pk))

    def approve(
        self,
        *,
        by: User,
        role: str,
        hours: Decimal | None = None,
        reason: str = "",
        seen_event: int | None = None,
    ) -> DeclarationHistory:
        """Approve at whichever review stage the declaration waits in."""
        stage = "bureau" if self.status == Status.DEPARTMENT_APPROVED else "department"
        return self.move(
            Status.APPROVES_TO[stage],
            by=by,
            role=role,
            reason=reason,
            hours=hours,
            seen_event=seen_event,
        )

    def return_to_declarant(
        self, *, by: User, role: str, reason: str, seen_event: int | None = None
    ) -> DeclarationHistory:
        return self.move(Status.RETURNED, by=by, role=role, reason=reason, seen_event=seen_event)

    def revoke(self, *, by: User, reason: str) -> DeclarationHistory:
        return self.move(Status.REVOKED, by=by, role=Role.BUREAU, reason=reason)

    def available_moves(self, user: User, *, reviewing_as: str | None = None) -> frozenset[str]:
        """What `user` may do with this declaration now: "edit", "submit", "recall", "withdraw",
        and, for a reviewer deciding in the capacity `reviewing_as`, "approve", "return",
        "revoke". Pages ask this instead of comparing statuses."""
        from declarations.access import may_edit  # access reads these models

        roles: set[str] = set()
        if may_edit(user, self):
            roles.add(Role.of_declarant(self.person_id, user.pk))
        if reviewing_as is not None and self.person_id != user.pk:
            roles.add(reviewing_as)
        moves = {
            MOVE_NAMES[to]
            for (source, to), allowed in TRANSITIONS.items()
            if source == self.status and roles & allowed
        }
        if self.status in Status.EDITABLE and roles & set(DECLARANT_ROLES):
            moves.add("edit")
        return frozenset(moves)

    @transaction.atomic
    def move(
        self,
        to: str,
        *,
        by: User,
        role: str,
        reason: str = "",
        hours: Decimal | None = None,
        seen_event: int | None = None,
        refuse_over: bool = False,
        notify: bool = True,
    ) -> DeclarationHistory:
        """The one door for every status change. It locks the row (SQLite's IMMEDIATE
        transactions serialise writers the same way), refuses an illegal move, refuses a decision
        made on a stale page (`seen_event`: the latest history row the actor saw), checks a
        submission's preconditions, and writes the history row in the same transaction: a
        declaration is decided exactly once, and a refused move changes nothing. `notify=False`
        is for a batch's decisions, which tell the people concerned once for the batch."""
        current = Declaration.objects.select_for_update().get(pk=self.pk)
        latest = current.history.order_by("-pk").first()  # type: ignore[attr-defined]
        if current.status != self.status or (
            seen_event is not None and latest is not None and latest.pk != seen_event
        ):
            raise StaleDeclaration(self.pk, latest)
        source = current.status
        allowed = TRANSITIONS.get((source, to))
        if allowed is None or role not in allowed:
            raise IllegalMove(source, to, role)
        if role in REVIEWER_ROLES and current.filed_by(by):
            raise SelfReview(source, to, role)
        if (
            to in Status.APPROVALS
            and not User.objects.filter(pk=self.person_id, confirmed_at__isnull=False).exists()
        ):
            raise PersonUnconfirmed(self.pk, self.person.name)
        if (
            to in Status.APPROVALS
            and self.active_evidence().filter(preparation=Preparation.PREPARING).exists()
        ):
            raise FilesBeingPrepared(self.pk, source, to, role)
        changed = ["status", "approved_hours", "updated_at"]
        if to == Status.SUBMITTED:
            self._check_submission(refuse_over=refuse_over)
            changed.append("over_declared")
        hours_before = self.counted_hours
        key = (self._department_now(), current.subject, current.year)
        StatusCount.apply({(*key, source): -1, (*key, to): +1})
        self.status = to
        if hours is not None:
            self.approved_hours = hours
        if to == Status.SUBMITTED:
            self.approved_hours = None  # a resubmission is judged afresh
        self.save(update_fields=changed)
        event = DeclarationHistory.objects.create(
            declaration=self,
            actor=by,
            role=role,
            from_status=source,
            to_status=to,
            reason=reason,
            hours_before=hours_before,
            hours_after=self.counted_hours,
        )
        if to == Status.SUBMITTED:
            self.record_version(by=by)
        from declarations import notices  # notices render these models

        if notify:  # a batch's decision tells people once, not per declaration
            notices.moved(self, event)
        return event

    def _department_now(self) -> int:
        """The person's department as counted (0: none), read after the row lock: a transfer
        committed meanwhile is seen."""
        department = (
            User.objects.filter(pk=self.person_id).values_list("department_id", flat=True).get()
        )
        return department or 0

    def filed_by(self, user: User) -> bool:
        """Whether `user` declared, created (单位申报) or submitted it: then never theirs to
        decide."""
        return (
            user.pk in (self.person_id, self.created_by_id)
            or self.history.filter(actor=user, to_status=Status.SUBMITTED).exists()  # type: ignore[attr-defined]
        )

    def _check_submission(self, *, refuse_over: bool) -> None:
        missing = self.missing_materials()
        if missing:
            raise MissingMaterials(missing)
        self.over_declared = self.would_over_declare()
        if self.over_declared and refuse_over:
            raise OverDeclaration(self.year_claimed_with_this())
        if self.over_declared:
            # The year as a whole passed the threshold: the earlier claims of the year are
            # part of it, whichever came first.
            Declaration.objects.filter(
                person_id=self.person_id, year=self.year, status__in=Status.PENDING
            ).exclude(pk=self.pk).update(over_declared=True)

    @property
    def counted_hours(self) -> Decimal:
        return self.claimed_hours if self.approved_hours is None else self.approved_hours

    def record_version(self, *, by: User) -> DeclarationVersion:
        number = self.versions.count() + 1  # type: ignore[attr-defined]
        version = DeclarationVersion.objects.create(
            declaration=self,
            number=number,
            submitted_by=by,
            snapshot=self.snapshot(),
        )
        version.files.set(self.active_evidence())
        return version

    def snapshot(self) -> dict[str, Any]:
        """What a submitted version keeps of the declaration."""
        return {
            "type": self.type,
            "title": self.title,
            "organiser": self.organiser,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "year": self.year,
            "subject": self.subject,
            "facts": self.facts,
            "note": self.note,
            "computed_hours": str(self.computed_hours),
            "claimed_hours": str(self.claimed_hours),
            "covers": self.covers,
        }

    def attach(self, files: list[CheckedFile], *, material: str, by: User) -> list[Evidence]:
        """Store checked files under generated names and record them: all of them or none.

        Whether the declaration may still change and how many files it may still take are
        decided under its row lock, in the transaction that records the files: a file sent while
        a submit runs is either in the version that submit records or refused, and parallel
        uploads cannot pass the limit together. If anything fails, the stored bytes are deleted
        again: a failed request leaves nothing behind."""
        stored: list[str] = []
        try:
            with transaction.atomic():
                self.lock_editable()
                _lock_contents(sorted({checked.sha256 for checked in files}))
                limit = settings.UPLOAD_MAX_FILES_PER_DECLARATION
                room = limit - self.active_evidence().count()
                if len(files) > room:
                    raise TooManyFiles(self.pk, max(room, 0))
                added = []
                for checked in files:
                    pending = checked.rewrite_pending
                    name, thumbnail = store_checked(
                        checked, QUARANTINE if pending else "declarations", stored
                    )
                    # A PDF to rewrite is recorded being prepared, its upload in quarantine.
                    where = (
                        {"original": name, "preparation": Preparation.PREPARING}
                        if pending
                        else {"file": name}
                    )
                    added.append(
                        Evidence.objects.create(
                            declaration=self,
                            material=material,
                            **where,
                            thumbnail=thumbnail,
                            **checked.described(),
                            uploaded_by=by,
                        )
                    )
                hashes = {checked.sha256 for checked in files}
                # New rows start unshared: with no other person's file of these contents (most
                # uploads, and a person's own file sent again; the contents' locks are held)
                # there is no flag to change, theirs or anyone's.
                others = Evidence.objects.filter(sha256__in=hashes).exclude(
                    declaration__person=self.person_id
                )
                if others.exists():
                    Evidence.objects.refresh_shared(hashes)
                from declarations.tasks import prepare_evidence  # the task uses these models

                # Enqueued in this transaction: the database backend's task row is committed
                # with the file's, or neither is.
                for evidence in added:
                    if evidence.is_preparing:
                        prepare_evidence.enqueue(evidence.pk)
                return added
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise

    def lock_editable(self) -> None:
        """Inside a transaction: lock the row and refuse unless it is still a draft or returned."""
        current = Declaration.objects.select_for_update().only("status").get(pk=self.pk)
        if current.status not in Status.EDITABLE:
            raise NotEditable(self.pk)


def store_checked(checked: CheckedFile, folder: str, stored: list[str]) -> tuple[str, str]:
    """Store a checked file (and its thumbnail) under generated names in `folder`; the names
    are appended to `stored` as they are written, for the caller to delete should it fail."""
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}{checked.extension}", checked.content)
    stored.append(name)
    thumbnail = ""
    if checked.thumbnail:
        thumbnail = default_storage.save(
            f"{folder}/thumbnails/{uuid.uuid4().hex}.jpg", ContentFile(checked.thumbnail)
        )
        stored.append(thumbnail)
    return name, thumbnail


def count_pending_work(sender: object, *, department: Department, **kwargs: Any) -> int:
    """Answers `portal.signals.count_pending_work`: the department's people's work awaiting a
    decision (the queue follows the person, so this is by their current department)."""
    return Declaration.objects.filter(
        person__department=department, status__in=Status.PENDING
    ).count()


class StatusCount(models.Model):
    """How many declarations there are by their person's current department, subject, year and
    status: what the queues' status tabs show, read in one small statement at any size. Kept by
    the doors that create declarations or change these (`create_draft`, `move`, `revise`,
    `follow_transfer`), in their own transactions; whoever creates declarations another way
    (`bulk_create`) calls `add_created`. `Declaration.objects.count_by_key()` counts afresh."""

    department = models.IntegerField(_("department"))  # its pk; 0: none
    subject = models.CharField(_("subject"), max_length=12, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    n = models.IntegerField(_("declarations"), default=0)

    class Meta:
        verbose_name = _("declaration count")
        verbose_name_plural = _("declaration counts")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "status", "subject"], name="one_count_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}/{self.subject}/{self.year}/{self.status}: {self.n}"

    @classmethod
    def apply(cls, deltas: dict[tuple[int, str, int, str], int]) -> None:
        """Add each delta to its key's count, creating the row at 0 first. Keys are updated in
        order, so two transactions never wait for each other's counters crosswise."""
        changed = sorted(key for key, delta in deltas.items() if delta)
        if not changed:
            return
        StatusCount.objects.bulk_create(
            [StatusCount(department=d, subject=s, year=y, status=st) for d, s, y, st in changed],
            ignore_conflicts=True,
        )
        for department, subject, year, status in changed:
            cls.objects.filter(
                department=department, subject=subject, year=year, status=status
            ).update(n=F("n") + deltas[(department, subject, year, status)])

    @classmethod
    def add_created(cls, declarations: Iterable[Declaration]) -> None:
        """Count declarations just created (their `person` loaded)."""
        deltas: Counter[tuple[int, str, int, str]] = Counter(
            (d.person.department_id or 0, d.subject, d.year, d.status) for d in declarations
        )
        cls.apply(dict(deltas))


def follow_transfer(person: User, *, from_department_id: int | None, to: Department) -> None:
    """The declarations' side of moving a person to another department, in the transfer's
    transaction: undecided records take the new department (decided ones keep the one they were
    decided in), and the person's counts move with them (the queues read the person's current
    department). The rows are locked first, so a move decided meanwhile is counted once."""
    mine = list(
        Declaration.objects.select_for_update()
        .filter(person=person)
        .order_by("pk")
        .values_list("subject", "year", "status")
    )
    deltas: Counter[tuple[int, str, int, str]] = Counter()
    for subject, year, status in mine:
        deltas[(from_department_id or 0, subject, year, status)] -= 1
        deltas[(to.pk, subject, year, status)] += 1
    StatusCount.apply(dict(deltas))
    Declaration.objects.filter(person=person).exclude(status__in=Status.DECIDED).update(
        department=to
    )


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def active(self) -> EvidenceQuerySet:
        return self.filter(removed_at__isnull=True)

    def same_content_elsewhere(
        self, declaration: Declaration, hashes: set[str]
    ) -> EvidenceQuerySet:
        """Files with these SHA-256s attached to any other declaration, anyone's."""
        return self.active().filter(sha256__in=hashes).exclude(declaration=declaration)

    def refresh_shared(self, hashes: Iterable[str]) -> None:
        """Inside a transaction, after files of these contents were attached or removed: set
        `shared` on every file of these contents, under a lock per content so that two people
        attaching the same file at once both see the other. Whoever creates files another way
        (`bulk_create`) calls this with their hashes too."""
        ordered = sorted(set(hashes))
        _lock_contents(ordered)
        for start in range(0, len(ordered), 500):  # SQLite's limit on parameters
            chunk = self.filter(sha256__in=ordered[start : start + 500])
            chunk.filter(shared=True).update(shared=False)
            elsewhere = (
                Evidence.objects.active()
                .filter(sha256=OuterRef("sha256"))
                .exclude(declaration__person=OuterRef("declaration__person"))
            )
            chunk.active().filter(Exists(elsewhere)).update(shared=True)
            mine = Evidence.objects.filter(declaration=OuterRef("pk"), shared=True)
            Declaration.objects.filter(pk__in=chunk.values("declaration")).update(
                shared_evidence=Exists(mine)
            )


def _lock_contents(hashes: list[str]) -> None:
    """PostgreSQL: a transaction-long advisory lock per content, taken in order (no deadlock).
    SQLite's writers are serialised by its IMMEDIATE transactions already."""
    if connection.vendor != "postgresql" or not hashes:
        return
    # 32 bits of each hash name its lock (a collision only serialises two unrelated uploads),
    # taken in the keys' order, in one statement.
    keys = sorted({zlib.crc32(sha256.encode()) - 2**31 for sha256 in hashes})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, k)"
            " FROM unnest(%s::integer[]) WITH ORDINALITY AS t(k, i) ORDER BY i",
            [CONTENT_LOCKS, keys],
        )


class Preparation(models.TextChoices):
    """Whether a proof file may be served. An uploaded PDF is checked in the request and
    rewritten after the response (`declarations.tasks.prepare_evidence`)."""

    READY = "ready", _("Ready")
    PREPARING = "preparing", _("Being prepared")
    REFUSED = "refused", _("Could not be prepared")


# Why a file could not be prepared, by the code `Evidence.refusal` keeps (an UploadRejected's,
# or "missing"); anything else is told as "damaged".
REFUSALS = {
    "damaged": _(
        "It could not be rewritten for safe viewing; it may be damaged. Remove it, print the "
        "document to a new PDF and upload that."
    ),
    "missing": _(
        "The file as sent was lost before it could be prepared. Remove it and upload it again."
    ),
}


class Evidence(models.Model):
    """One uploaded file of proof. Removing it while editing hides it; the bytes and the row stay
    for the versions that included it. Served only once ready: `file` is the stored rewrite;
    `original`, the upload as sent, is kept in QUARANTINE while it is prepared (and for the
    record when that failed), and never served."""

    declaration = models.ForeignKey(
        Declaration,
        verbose_name=_("declaration"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    material = models.CharField(_("material"), max_length=40)
    file = models.FileField(_("file"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The same content is also attached, and not removed, to another person's declaration.
    # Kept by `EvidenceQuerySet.refresh_shared`; false once removed.
    shared = models.BooleanField(_("also in someone else's declaration"), default=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    preparation = models.CharField(
        _("preparation"),
        max_length=10,
        choices=Preparation.choices,
        default=Preparation.READY,
    )
    original = models.FileField(_("file as sent"), max_length=200, blank=True)
    refusal = models.CharField(_("why it could not be prepared"), max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        User,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["material", "uploaded_at", "pk"]
        indexes = [
            # The queue's shared-file flag: the few shared files, by declaration.
            models.Index(fields=["declaration"], name="evidence_shared", condition=Q(shared=True))
        ]
        verbose_name = _("proof file")
        verbose_name_plural = _("proof files")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_ready(self) -> bool:
        return self.preparation == Preparation.READY

    @property
    def is_preparing(self) -> bool:
        return self.preparation == Preparation.PREPARING

    @property
    def refusal_reason(self) -> str:
        """Why the file could not be prepared, for the declarant and reviewers ("" if it was)."""
        if self.preparation != Preparation.REFUSED:
            return ""
        return str(REFUSALS.get(self.refusal, REFUSALS["damaged"]))

    def finish_preparing(self, *, stored: str = "", size: int = 0, refusal: str = "") -> bool:
        """The one door for what preparing a file changes, under the row's lock: ready with
        `stored` (the rewrite's name) and its `size`, the quarantined upload deleted; or refused
        for `refusal` (a code of REFUSALS), the upload kept in quarantine for the record. Only a
        file still being prepared changes: returns False when an earlier run (a retry, a
        worker that took the task over) finished it first, so a task run twice is harmless."""
        with transaction.atomic():
            current = Evidence.objects.select_for_update().get(pk=self.pk)
            if current.preparation != Preparation.PREPARING:
                return False
            quarantined = ""
            if refusal:
                current.preparation, current.refusal = Preparation.REFUSED, refusal
            else:
                quarantined = str(current.original.name)
                current.preparation, current.file, current.size = Preparation.READY, stored, size
                current.original = ""  # type: ignore[assignment]
            current.save(update_fields=["preparation", "refusal", "file", "size", "original"])
        for field in ("preparation", "refusal", "file", "size", "original"):
            setattr(self, field, getattr(current, field))
        if quarantined:
            default_storage.delete(quarantined)
        return True

    @transaction.atomic
    def remove(self, *, by: User) -> None:
        """Hide the file from the declaration; refused once it was submitted (NotEditable)."""
        self.declaration.lock_editable()
        _lock_contents([self.sha256])  # before this row's own lock, as `attach` takes them
        self.removed_at = timezone.now()
        self.removed_by = by
        self.save(update_fields=["removed_at", "removed_by"])
        Evidence.objects.refresh_shared([self.sha256])


class DeclarationVersion(models.Model):
    """What was submitted, each time: the facts and the files as the reviewer saw them."""

    declaration = models.ForeignKey(
        Declaration,
        verbose_name=_("declaration"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        User, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot"))
    files = models.ManyToManyField(Evidence, verbose_name=_("files"), related_name="versions")

    class Meta:
        ordering = ["declaration", "number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="one_number_per_version")
        ]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")

    def __str__(self) -> str:
        return f"{self.declaration} v{self.number}"


class DeclarationHistory(models.Model):
    """One row of a declaration's history. Append-only."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("declaration"), on_delete=models.PROTECT, related_name="history"
    )
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    hours_before = models.DecimalField(
        _("hours before"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    hours_after = models.DecimalField(
        _("hours after"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.from_status} → {self.to_status}"


def _year_claimed(*values: int, shape: tuple[int, int]) -> models.QuerySet[Any]:
    people, _ = shape
    return (
        Declaration.objects.filter(
            person__in=values[:people], year__in=values[people:], status__in=Status.CLAIMED
        )
        .order_by()
        .values("person", "year")
        .annotate(total=Sum("claimed_hours"))
    )


# The year's claimed totals of a page's people and years, prepared (portal/prepared.py) for a few
# list lengths: each list is padded to the next of _PADDED_LENGTHS by repeating its last value.
_YEAR_CLAIMED = Prepared(Declaration, _year_claimed, name="YearClaimed")
_PADDED_LENGTHS = (1, 4, 16, 64)


def _padded(values: list[int]) -> list[int]:
    """`values` lengthened to the next of _PADDED_LENGTHS (or left as they are beyond it)."""
    length = next((n for n in _PADDED_LENGTHS if n >= len(values)), len(values))
    return values + [values[-1]] * (length - len(values))


# What 我的学时 sums of a person's years (person_year_groups), the person's pk its value.
_PERSON_YEAR_GROUPS = Prepared(
    Declaration,
    lambda person: Declaration.objects.visible().filter(person=person)._year_group_rows(),
    name="YearGroup",
)
