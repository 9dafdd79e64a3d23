from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import i18n, statements
from declarations.exceptions import (
    FilesBeingPrepared,
    IllegalMove,
    PersonUnconfirmed,
    StaleDeclaration,
)
from declarations.models import Declaration, DeclarationHistory, Role, Status
from declarations.validators import multi_line
from portal.access import (
    department_admin_required,
    department_ids_administered,
    people_in,
)
from portal.models import User
from portal.pagination import PAGE_SIZE as LIST_PAGE_SIZE
from portal.pagination import keyset_page
from portal.prepared import Prepared
from review import access
from review.exceptions import AlreadyDecided
from review.forms import DecisionForm, QueueFilterForm, SpotCheckForm
from review.models import SpotCheck
from review.queues import filter_declarations, narrowed

PAGE_SIZE = 50
REASON_MAX_CHARS = 2000
COUNT_CAP = 1000
# What a queue row shows: not the person's encrypted ID number, password or the rest.
QUEUE_COLUMNS = (
    "title",
    "type",
    "year",
    "subject",
    "facts",
    "claimed_hours",
    "computed_hours",
    "approved_hours",
    "status",
    "over_declared",
    "shared_evidence",
    "created_by_id",
    "person",
)


@dataclass(frozen=True)
class Stage:
    queue: Callable[[User], QuerySet[Declaration]]
    pending: str
    approve_to: str
    statuses: tuple[str, ...]
    review_url: str


STAGES = {
    "department": Stage(
        access.department_declarations,
        Status.AWAITING["department"],
        Status.APPROVES_TO["department"],
        Status.DEPARTMENT_SEES,
        "review:department-review",
    ),
    "bureau": Stage(
        access.bureau_declarations,
        Status.AWAITING["bureau"],
        Status.APPROVES_TO["bureau"],
        Status.BUREAU_SEES,
        "review:bureau-review",
    ),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access.department_reviewer_required
def department_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, "department")


@access.bureau_reviewer_required
def bureau_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, "bureau")


def _queue(request: HttpRequest, stage: str) -> HttpResponse:
    config = STAGES[stage]
    user = _user(request)
    form = QueueFilterForm(
        request.GET or None, statuses=config.statuses, initial={"status": config.pending}
    )
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or config.pending
    # Keyset pagination: the pending queue oldest first, other lists newest first.
    oldest_first = status == config.pending
    after = _int(request.GET.get("after"))
    hr_office = stage == "department" and user.is_hr_office
    if not data.get("person") and not hr_office:
        rows = _page_of(user, stage, status, data, after)
    else:
        rows = _page_by_the_orm(config.queue(user), form, config, status, oldest_first, after)
    Declaration.objects.set_year_claimed(rows)  # type: ignore[attr-defined,arg-type]
    # One reverse() for the page, not one per row.
    link = reverse(STAGES[stage].review_url, args=[0]).removesuffix("0/")
    for row in rows:
        row.review_url = f"{link}{row.pk}/"  # type: ignore[attr-defined]
    counts = _status_counts(request, stage, form)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "review/queue.html",
        {
            "stage": stage,
            "form": form,
            "rows": rows[:PAGE_SIZE],
            "next_after": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
            "query": query.urlencode(),
            "counts": [(s, Status(s).label, counts[s]) for s in config.statuses],
        },
    )


# A queue's page, prepared (portal/prepared.py) per stage, status, type, flag, the filters set and
# the reviewer's scope: the reviewer's key, the year, the key after which the page starts and the
# reviewer's departments are its values. Not for a name filter (its pattern is no plain value)
# nor for the HR office's department queue (which depends on today's assignments).
def _reviewer(pk: int, departments: list[int], scope: str) -> User:
    """The reviewer as the queue's rules ask about them: their key, the departments they
    administer (named in the statement, not looked up) and their bureau scope."""
    person = User(pk=pk, bureau_scope=scope)
    person.__dict__["_administered_now"] = departments
    return person


def _queue_page(reviewer: int, *values: int, shape: tuple[Any, ...]) -> QuerySet[Any]:
    stage, status, hour_type, flag, has_year, has_after, scope = shape
    rest = list(values)
    year = rest.pop(0) if has_year else None
    after = rest.pop(0) if has_after else None
    page = narrowed(
        STAGES[stage].queue(_reviewer(reviewer, rest, scope)),
        status=status,
        year=year,
        type=hour_type,
        flag=flag,
    )
    page = _keyset(page, status=status, oldest_first=status == STAGES[stage].pending, after=after)
    return page.values(
        "pk",
        *QUEUE_COLUMNS,
        person_name=F("person__name"),
        department_name=F("person__department__name"),
    )[: PAGE_SIZE + 1]


_QUEUE_PAGE = Prepared(Declaration, _queue_page, name="QueueRow")


def _narrowed_counts(reviewer: int, *values: int, shape: tuple[Any, ...]) -> QuerySet[Any]:
    """The status tabs' counts of a queue narrowed by a filter, grouped (as `_counted`), for the
    same reviewers as `_queue_page`."""
    stage, hour_type, flag, has_year, scope = shape
    rest = list(values)
    year = rest.pop(0) if has_year else None
    queue = STAGES[stage].queue(_reviewer(reviewer, rest, scope))
    rows = narrowed(queue, status="all", year=year, type=hour_type, flag=flag)
    return rows.order_by().values("status").annotate(n=Count("pk"))


_NARROWED_COUNTS = Prepared(Declaration, _narrowed_counts, name="StatusCount")


def _page_of(
    user: User, stage: str, status: str, data: dict[str, Any], after: int | None
) -> list[Declaration]:
    year = data.get("year")
    departments = department_ids_administered(user) if stage == "department" else []
    values = [v for v in (year, after) if v is not None]
    shape = (
        stage,
        status,
        data.get("type") or "",
        data.get("flag") or "",
        year is not None,
        after is not None,
        user.bureau_scope if stage == "bureau" else "",
    )
    return _QUEUE_PAGE.instances(user.pk, *values, *departments, shape=shape)


def _keyset(
    filtered: QuerySet[Declaration], *, status: str, oldest_first: bool, after: int | None
) -> QuerySet[Declaration]:
    """The queue's rows from `after` on, in the page's order: the pending queue oldest first,
    other lists newest first."""
    order = "pk" if oldest_first else "-pk"
    page = filtered.order_by(order)
    if after is not None:
        page = page.filter(pk__gt=after) if oldest_first else page.filter(pk__lt=after)
    if status == "all":
        # Every status: no one index yields the rows in order, so they are sorted; the page's
        # keys first (a subquery of the same statement), then their columns and flags, so the
        # flags are worked out for the fifty rows shown, not for every row sorted (a rare
        # filter over every status took 3× page one on SQLite).
        keys = page.values("pk")[: PAGE_SIZE + 1]
        page = Declaration.objects.filter(pk__in=keys).order_by(order)
    return page


def _page_by_the_orm(
    everything: QuerySet[Declaration],
    form: QueueFilterForm,
    config: Stage,
    status: str,
    oldest_first: bool,
    after: int | None,
) -> list[Declaration]:
    filtered = filter_declarations(everything, form, str(config.pending))
    page = _keyset(filtered, status=status, oldest_first=oldest_first, after=after)
    return list(
        page.only(*QUEUE_COLUMNS)
        # The names shown, not the person and department as objects: a hundred fewer models.
        .annotate(person_name=F("person__name"), department_name=F("person__department__name"))[
            : PAGE_SIZE + 1
        ]
    )


def _narrowed(form: QueueFilterForm, *, but: tuple[str, ...] = ()) -> bool:
    """A filter other than the status (and those in `but`) is set."""
    data = form.cleaned_data if form.is_valid() else {}
    return any(data.get(name) for name in ("year", "type", "person", "flag") if name not in but)


def _status_counts(request: HttpRequest, stage: str, form: QueueFilterForm) -> dict[str, Any]:
    """How many rows each status tab holds. Unfiltered or by year: the counts the status door
    keeps (`access.status_counts`), exact at any size. Narrowed by another filter, the matching
    rows are few and scattered: one grouped pass over them. The HR office's department queue
    (departments without another administrator) is counted up to COUNT_CAP (then "1000+")."""
    user = _user(request)
    data = form.cleaned_data if form.is_valid() else {}
    hr_office = stage == "department" and user.is_hr_office
    if not _narrowed(form, but=("year",)) and not hr_office:
        return access.status_counts(user, stage, year=data.get("year"))
    if not data.get("person") and not hr_office:
        year = data.get("year")
        departments = department_ids_administered(user) if stage == "department" else []
        shape = (
            stage,
            data.get("type") or "",
            data.get("flag") or "",
            year is not None,
            user.bureau_scope if stage == "bureau" else "",
        )
        values = [year] if year is not None else []
        found = {
            row.status: row.n
            for row in _NARROWED_COUNTS.rows(user.pk, *values, *departments, shape=shape)
        }
        return {s: found.get(s, 0) for s in STAGES[stage].statuses}
    return _counted(
        filter_declarations(STAGES[stage].queue(user), form, "all"),
        STAGES[stage].statuses,
        narrowed=_narrowed(form),
    )


def _counted(
    queryset: QuerySet[Declaration], statuses: tuple[str, ...], *, narrowed: bool
) -> dict[str, Any]:
    """Counted from the rows: grouped when a filter narrows them; otherwise each status up to
    COUNT_CAP, one statement whose cost is bounded at any size (each status read through its
    index, at most COUNT_CAP + 1 rows)."""
    if narrowed:
        grouped = queryset.order_by().values_list("status").annotate(n=Count("pk"))
        found = dict(grouped)
        return {s: found.get(s, 0) for s in statuses}
    parts, params = [], []
    for status in statuses:
        limited = queryset.filter(status=status).order_by().values("pk")[: COUNT_CAP + 1]
        sql, part_params = limited.query.sql_with_params()
        # The ORM wrote `sql`; every value stays a bound parameter.
        parts.append(f"SELECT %s, COUNT(*) FROM ({sql}) AS capped")  # noqa: S608
        params += [status, *part_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = dict(cursor.fetchall())
    return {
        s: f"{COUNT_CAP}+" if found.get(s, 0) > COUNT_CAP else found.get(s, 0) for s in statuses
    }


@login_required
def review(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_to_review(user, pk, stage=stage)
    # The history is shown anyway: its latest row (the stale-page check) comes from the same query.
    events = statements.events(declaration.pk)
    latest = max(events, key=lambda event: event.pk, default=None)
    form = DecisionForm(
        declaration,
        request.POST or None,
        stage=stage,
        initial={"seen_event": latest.pk if latest else None},
    )
    # The queue already decided that this user reviews at this stage; what the page offers
    # depends only on the stage (the exact capacity is recorded when the decision is made).
    moves = declaration.available_moves(
        user, reviewing_as=Role.BUREAU if stage == "bureau" else Role.DEPARTMENT_ADMIN
    )
    pending = declaration.status == STAGES[stage].pending and "approve" in moves
    if request.method == "POST" and not pending:
        _tell_already_decided(request, latest)
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        if _decide(request, declaration, stage, form.cleaned_data):
            return redirect("review:queue" if stage == "department" else "review:bureau-queue")
        return redirect(request.path)
    context = _review_context(declaration, stage, form, pending)
    return render(request, "review/review.html", {**context, "events": events})


def _decide(
    request: HttpRequest, declaration: Declaration, stage: str, data: dict[str, Any]
) -> bool:
    user = _user(request)
    approve = data["decision"] == "approve"
    role = access.reviewer_role(user, declaration, stage)
    try:
        if approve:
            declaration.approve(
                by=user,
                role=role,
                reason=data["reason"],
                hours=data["hours"],
                seen_event=data["seen_event"],
            )
        else:
            declaration.return_to_declarant(
                by=user, role=role, reason=data["reason"], seen_event=data["seen_event"]
            )
    except StaleDeclaration as stale:
        _tell_already_decided(request, stale.latest)
        return False
    except PersonUnconfirmed as unconfirmed:
        messages.error(
            request,
            _(
                "Not approved: the registration of %(name)s is not confirmed yet. Their "
                "department administrator confirms it under “My department's people”."
            )
            % {"name": unconfirmed.person_name},
        )
        return False
    except FilesBeingPrepared:
        messages.error(
            request,
            _(
                "Not approved yet: a file is still being prepared for viewing. "
                "Try again in a moment."
            ),
        )
        return False
    except IllegalMove:
        messages.error(request, _("This declaration cannot be decided now."))
        return False
    messages.success(
        request,
        (_("Approved: %(title)s.") if approve else _("Returned to %(name)s: %(title)s."))
        % {"title": declaration.title, "name": declaration.person.name},
    )
    return True


def _tell_already_decided(request: HttpRequest, latest: DeclarationHistory | None) -> None:
    messages.error(
        request,
        _(
            "%(name)s already acted on this declaration at %(at)s (%(status)s). "
            "Nothing was changed; look again."
        )
        % {
            "name": latest.actor.name if latest else "?",
            "at": date_format(timezone.localtime(latest.at), "Y-m-d H:i") if latest else "?",
            "status": latest.get_to_status_display() if latest else "?",
        },
    )


def _review_context(
    declaration: Declaration, stage: str, form: DecisionForm, pending: bool
) -> dict[str, Any]:
    hour_type = declaration.hour_type
    cleaned = hour_type.clean(declaration.facts)
    evidence = statements.files(declaration.pk)
    checklist = [
        {
            "material": material,
            "required": material.is_required(cleaned),
            "files": [e for e in evidence if e.material == material.code],
        }
        for material in hour_type.materials
    ]
    return {
        "declaration": declaration,
        "stage": stage,
        "form": form,
        "pending": pending,
        "hour_type": hour_type,
        "facts": i18n.describe_facts(hour_type, cleaned),
        "outcome": declaration.assess(),
        "checklist": checklist,
        "shared_evidence": declaration.shared_evidence,
        "year_claimed": _year_claimed_with_this(declaration),
        "hours_set_here": form.sets_hours,
    }


def _year_claimed_with_this(declaration: Declaration) -> Decimal:
    """As `Declaration.year_claimed_with_this`, from the `year_claimed` the page's declaration
    was loaded with (which holds this one once it is submitted): no query of its own."""
    claimed = declaration.year_claimed or Decimal(0)  # type: ignore[attr-defined]
    if declaration.status not in Status.CLAIMED:
        claimed += declaration.claimed_hours
    return claimed


@department_admin_required
def not_declared(request: HttpRequest) -> HttpResponse:
    """People of my departments with nothing submitted for the year."""
    year = _int(request.GET.get("year")) or timezone.localdate().year
    departments = department_ids_administered(_user(request))
    # Only what the list shows, as named tuples (review_lists.not_declared_items); the first
    # page through a prepared statement.
    page = keyset_page(
        lambda: _not_declared(year, *departments).values_list(*NOT_DECLARED_SHOWN, named=True),
        NOT_DECLARED_ORDER,
        request,
        first=lambda: _NOT_DECLARED_PAGE_ONE.rows(year, *departments) if departments else [],
    )
    return render(
        request, "review/not_declared.html", {"people": page.rows, "page": page, "year": year}
    )


NOT_DECLARED_SHOWN = ("pk", "name", "department_id", "department__name")
NOT_DECLARED_ORDER = ("department_id", "name", "pk")


def _not_declared(year: int, *departments: int) -> QuerySet[Any]:
    """The active people of `departments` (an administrator's, from portal.access) with nothing
    submitted for `year`."""
    submitted = Declaration.objects.filter(person=OuterRef("pk"), year=year).exclude(
        status__in=(Status.DRAFT, Status.WITHDRAWN)
    )
    people = people_in(*departments).filter(~Exists(submitted), is_active=True)
    return people.values(*NOT_DECLARED_SHOWN)


# Its first page, one row more to tell whether another follows: written once per number of
# departments.
_NOT_DECLARED_PAGE_ONE = Prepared(
    User,
    lambda year, *departments: _not_declared(year, *departments).order_by(*NOT_DECLARED_ORDER)[
        : LIST_PAGE_SIZE + 1
    ],
    name="NotDeclared",
)


@access.bureau_reviewer_required
def spot_checks(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    year = timezone.localdate().year - 1  # proposed: last year's approved declarations
    # The empty form is written by `drawing_form_fields` from what it shows; built when sent.
    form = SpotCheckForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        population = access.bureau_declarations(user).filter(
            status=Status.APPROVED, year=data["year"]
        )
        if data["department"]:
            population = population.filter(person__department=data["department"])
        total = population.count()
        size = data["count"] or math.ceil(total * data["percent"] / 100)
        check = SpotCheck.draw(
            by=user,
            population=population,
            size=size,
            year=data["year"],
            department=data["department"],
            subject_scope=user.bureau_scope,
            requested_count=data["count"],
            requested_percent=data["percent"],
        )
        return redirect("review:spot-check", pk=check.pk)
    # Only what the list shows, as named tuples, newest first (SpotCheck's ordering); each
    # check's size as kept at the draw, not counted again.
    checks = access.spot_check_list(user)
    return render(
        request, "review/spot_checks.html", {"form": form, "year": year, "checks": checks}
    )


@access.bureau_reviewer_required
def spot_check(request: HttpRequest, pk: int) -> HttpResponse:
    check = access.spot_check_for(_user(request), pk)
    # Only what the rows show, as named tuples (review_lists.spot_check_rows).
    items = check.items.order_by("declaration_id").values_list(  # type: ignore[attr-defined]
        "pk",
        "outcome",
        "note",
        "declaration_id",
        "declaration__title",
        "declaration__type",
        "declaration__claimed_hours",
        "declaration__approved_hours",
        "declaration__person__name",
        "declaration__person__department__name",
        named=True,
    )
    return render(request, "review/spot_check.html", {"check": check, "items": items})


@access.bureau_reviewer_required
@require_POST
def spot_check_decide(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = _user(request)
    item = access.spot_check_item_for(user, pk, item_pk)
    outcome = request.POST.get("outcome")
    reason = request.POST.get("reason", "").strip()
    if outcome not in ("upheld", "revoked"):
        messages.error(request, _("Choose whether the proof holds."))
    elif outcome == "revoked" and not reason:
        messages.error(request, _("Say why the proof does not hold: the declarant reads it."))
    elif problem := _text_problem(reason, REASON_MAX_CHARS):
        messages.error(request, problem)
    else:
        try:
            item.decide(outcome, by=user, reason=reason)
        except AlreadyDecided as stale:
            decided = stale.item
            messages.error(
                request,
                _(
                    "%(name)s already decided this item at %(at)s (%(outcome)s). "
                    "Nothing was changed; look again."
                )
                % {
                    "name": decided.decided_by.name if decided.decided_by else "?",
                    "at": date_format(timezone.localtime(decided.decided_at), "Y-m-d H:i")
                    if decided.decided_at
                    else "?",
                    "outcome": decided.get_outcome_display(),
                },
            )
        else:
            messages.success(request, _("Recorded."))
    return redirect("review:spot-check", pk=pk)


def _text_problem(text: str, limit: int) -> str | None:
    """What is wrong with a free text typed without a form, if anything."""
    if len(text) > limit:
        return _("Keep the reason to %(limit)s characters.") % {"limit": limit}
    try:
        multi_line(text)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
