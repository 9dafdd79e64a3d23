from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import rules
from declarations import access, i18n
from declarations.exceptions import (
    DeclarationError,
    MissingMaterials,
    NotEditable,
    OverDeclaration,
    TooManyFiles,
)
from declarations.forms import DeclarationForm, FactsForm
from declarations.models import (
    SCALING_TYPES,
    Declaration,
    DeclarationHistory,
    DeclarationVersion,
    Evidence,
    Status,
)
from declarations.summary import year_summary
from declarations.uploads import UploadRejected, check_upload
from portal.links import LinkForEach
from portal.models import User
from portal.pagination import keyset_page

# What a row of 我的学时 shows of its declaration (declaration_rows).
YEAR_ROW_SHOWN = (
    "pk",
    "title",
    "type",
    "status",
    "starts_on",
    "ends_on",
    "claimed_hours",
    "approved_hours",
    "file_count",
    "latest_reason",
)

# What the detail page shows of a file.
FILE_SHOWN = ("material", "thumbnail", "original_name", "size", "pages", "sha256")

# What the history (declarations/_history.html) shows of each event.
HISTORY_SHOWN = (
    "at",
    "actor__name",
    "role",
    "from_status",
    "to_status",
    "reason",
    "hours_before",
    "hours_after",
)

CANNOT_NOW = gettext_lazy(
    "This declaration cannot do that now: it was changed in the meantime or is under review."
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _hour_type(code: str) -> rules.HourType:
    if code not in rules.HOUR_TYPES:
        raise Http404
    return rules.HOUR_TYPES[code]


@login_required
def my_hours(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    mine = Declaration.objects.visible().filter(person=user)
    # Every year's sums in one grouped query: the summary, and which years to offer.
    groups = Declaration.objects.person_year_groups(user)
    years = sorted({this_year, year, *(g.year for g in groups)}, reverse=True)
    this = [g for g in groups if g.year == year]
    adjustment = None
    if any(g.adjustments for g in this):
        adjustment = (
            mine.filter(year=year, type__in=SCALING_TYPES).exclude(status=Status.REVOKED).first()
        )
    summary = year_summary(year, this, settings.DECLARATION_OVER_THRESHOLD, adjustment)
    # Named tuples of what a row shows: no model instances to build for up to fifty rows.
    rows = mine.filter(year=year).for_year_page().values_list(*YEAR_ROW_SHOWN, named=True)
    page = keyset_page(rows, ("-ends_on", "-pk"), request)
    return render(
        request,
        "declarations/my_hours.html",
        {"year": year, "years": years, "rows": page.rows, "page": page, "summary": summary},
    )


@login_required
def choose_type(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    person = access.person_to_declare_for(user, _int(request.GET.get("for")))
    return render(
        request,
        "declarations/choose_type.html",
        {
            "types": rules.HOUR_TYPES.values(),
            "person": person,
            "people": access.declarable_people(user)
            .exclude(pk=user.pk)
            .select_related("department")
            .order_by("name")
            if user.is_department_admin
            else [],
        },
    )


@login_required
def create(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    hour_type = _hour_type(code)
    person = access.person_to_declare_for(user, _int(request.GET.get("for")))
    form = DeclarationForm(hour_type, request.POST or None)
    facts = FactsForm(hour_type, request.POST or None)
    if (
        request.method == "POST"
        and all([form.is_valid(), facts.is_valid()])  # both report errors
        and facts.agrees_with(form.cleaned_data)
    ):
        data = form.cleaned_data
        declaration = Declaration.create_draft(
            person=person,
            by=user,
            outcome=rules.assess(code, facts.facts, year=data["year"]),
            claimed=data.get("claimed_hours"),
            type=code,
            facts=facts.facts,
            **_fields(data),
        )
        messages.success(request, _("Saved as a draft. Now add the materials, then submit."))
        return redirect("declarations:detail", pk=declaration.pk)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "facts": facts, "hour_type": hour_type, "person": person},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    if not declaration.is_editable:
        messages.error(request, _("Only a draft or a returned declaration can be changed."))
        return redirect("declarations:detail", pk=pk)
    hour_type = declaration.hour_type
    initial = {
        f: getattr(declaration, f)
        for f in ("title", "organiser", "starts_on", "ends_on", "year", "subject", "note")
    }
    if declaration.claimed_hours != declaration.computed_hours:
        initial["claimed_hours"] = declaration.claimed_hours
    form = DeclarationForm(hour_type, request.POST or None, initial=initial)
    facts = FactsForm(hour_type, request.POST or None, initial=declaration.facts)
    if (
        request.method == "POST"
        and all([form.is_valid(), facts.is_valid()])  # both report errors
        and facts.agrees_with(form.cleaned_data)
    ):
        data = form.cleaned_data
        try:
            declaration.revise(
                facts=facts.facts, claimed=data.get("claimed_hours"), **_fields(data)
            )
        except DeclarationError:
            messages.error(request, _("Only a draft or a returned declaration can be changed."))
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("declarations:detail", pk=pk)
    return render(
        request,
        "declarations/form.html",
        {
            "form": form,
            "facts": facts,
            "hour_type": hour_type,
            "person": declaration.person,
            "declaration": declaration,
        },
    )


@login_required
@require_POST
def preview(request: HttpRequest, code: str) -> HttpResponse:
    """The hours these facts earn, for the form to show as the teacher types."""
    hour_type = _hour_type(code)
    form = DeclarationForm(hour_type, request.POST)
    facts = FactsForm(hour_type, request.POST)
    year = form.cleaned_data.get("year") if form.is_valid() else timezone.localdate().year
    outcome = (
        rules.assess(code, facts.facts, year=year or timezone.localdate().year)
        if facts.is_valid()
        else None
    )
    return render(
        request,
        "declarations/_preview.html",
        {"outcome": outcome, "facts": facts, "hour_type": hour_type},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_for(user, pk)
    evidence = list(
        Evidence.objects.active()
        .filter(declaration=declaration)
        .only(*FILE_SHOWN)
        .annotate(own_duplicate=_also_attached_elsewhere(declaration))
    )
    moves = declaration.available_moves(user)
    # The files' links, one reverse() per kind of link rather than per file (portal/links.py).
    if evidence:
        opened = LinkForEach("declarations:file")
        thumbnail = LinkForEach("declarations:thumbnail")
        editing = "edit" in moves
        remove = LinkForEach("declarations:remove-file", declaration.pk) if editing else None
        for e in evidence:
            e.link, e.thumbnail_link = opened(e.pk), thumbnail(e.pk)  # type: ignore[attr-defined]
            e.remove_link = remove(e.pk) if remove else ""  # type: ignore[attr-defined]
    hour_type = declaration.hour_type
    cleaned = hour_type.clean(declaration.facts)
    slots = [
        {
            "material": material,
            "required": material.is_required(cleaned),
            "files": [e for e in evidence if e.material == material.code],
        }
        for material in hour_type.materials
    ]
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "hour_type": hour_type,
            "outcome": declaration.assess(),
            "facts": i18n.describe_facts(hour_type, cleaned),
            "slots": slots,
            "moves": moves,
            # What the page shows of them: the history's columns and its actors' names, the
            # versions' numbers, times and file counts.
            "events": list(
                DeclarationHistory.objects.filter(declaration=declaration)
                .select_related("actor")
                .only(*HISTORY_SHOWN)
            ),
            "versions": list(
                DeclarationVersion.objects.filter(declaration=declaration)
                .order_by("number")
                .values(
                    "number",
                    "submitted_at",
                    file_count=RawSQL(_VERSION_FILE_COUNT_SQL, (), output_field=IntegerField()),  # noqa: S611
                )
            ),
            "own_duplicates": {e.sha256 for e in evidence if e.own_duplicate},  # type: ignore[attr-defined]
            "max_bytes": settings.UPLOAD_MAX_FILE_BYTES,
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest, pk: int, material: str) -> HttpResponse:
    """All the files sent, or none: one refused file keeps the others out too, so the page never
    says "error" while part of the upload was kept."""
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    if material not in {m.code for m in declaration.hour_type.materials}:
        raise Http404
    files = request.FILES.getlist("files")
    checked, errors = [], []
    for uploaded in files:
        try:
            checked.append(check_upload(uploaded))
        except UploadRejected as rejected:
            errors.append(str(rejected.message))
    added: list[Evidence] = []
    try:
        if not files:
            errors.append(_("Choose at least one file."))
        elif errors and len(files) > 1:
            errors.append(_("Nothing was added: upload the other files again without it."))
        elif not errors:
            added = declaration.attach(checked, material=material, by=user)
    except NotEditable:
        errors.append(
            _("Materials can only be changed while the declaration is a draft or returned.")
        )
    except TooManyFiles as full:
        errors.append(
            _("A declaration takes at most %(count)s files; %(room)s more fit. Nothing was added.")
            % {"count": settings.UPLOAD_MAX_FILES_PER_DECLARATION, "room": full.room}
        )
    finally:
        for done in checked:
            done.content.close()  # a rewritten PDF's temporary file, if it was not moved
    wants_json = request.headers.get("accept", "").startswith("application/json")
    if added or not wants_json:
        # The page reloads after a successful upload; its messages say what happened.
        for message in [*errors, *_duplicate_warnings(declaration, added)]:
            messages.warning(request, message)
        if added:
            messages.success(request, _("%(count)s file(s) added.") % {"count": len(added)})
    if wants_json:
        return JsonResponse(
            {"added": [e.original_name for e in added], "errors": errors},
            status=200 if added else 400,
        )
    return redirect(reverse("declarations:detail", args=[pk]) + f"#slot-{material}")


@login_required
@require_POST
def remove_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    evidence = declaration.active_evidence().filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    try:
        evidence.remove(by=user)
    except NotEditable:
        messages.error(
            request,
            _("Materials can only be changed while the declaration is a draft or returned."),
        )
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": evidence.original_name})
    return redirect("declarations:detail", pk=pk)


@login_required
def download(
    request: HttpRequest, evidence_pk: int, *, thumbnail: bool = False
) -> HttpResponseBase:
    evidence = access.evidence_for(_user(request), evidence_pk)
    stored = evidence.thumbnail if thumbnail else evidence.file
    if not stored:
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        as_attachment=request.GET.get("inline") != "1" and not thumbnail,
        filename=evidence.original_name,
        content_type="image/jpeg" if thumbnail else evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if request.GET.get("inline") == "1":
        # Reviewers view proof inside the review page; only our own pages may frame it.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    try:
        declaration.submit(by=user, confirm_over=request.POST.get("confirm_over") == "yes")
    except MissingMaterials as missing:
        names = i18n.join(i18n.local(m, "label") for m in missing.missing)
        messages.error(
            request,
            _("Add the required materials before submitting: %(names)s.") % {"names": names},
        )
    except OverDeclaration as over:
        return render(
            request,
            "declarations/confirm_over.html",
            {
                "declaration": declaration,
                "claimed": over.claimed,
                "threshold": settings.DECLARATION_OVER_THRESHOLD,
            },
        )
    except DeclarationError:
        _cannot_now(request)
    else:
        messages.success(request, _("Submitted. Your department administrator reviews it next."))
    return redirect("declarations:detail", pk=pk)


@login_required
@require_POST
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    try:
        declaration.recall(by=user)
    except DeclarationError:
        _cannot_now(request)
    else:
        messages.success(request, _("Recalled. It is a draft again."))
    return redirect("declarations:detail", pk=pk)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET shows what will be deleted); the POST deletes."""
    user = _user(request)
    declaration = access.declaration_for(user, pk, write=True)
    if request.method != "POST":
        if "withdraw" not in declaration.available_moves(user):
            _cannot_now(request)
            return redirect("declarations:detail", pk=pk)
        return render(request, "declarations/confirm_delete.html", {"declaration": declaration})
    try:
        declaration.withdraw(by=user)
    except DeclarationError:
        _cannot_now(request)
        return redirect("declarations:detail", pk=pk)
    messages.success(request, _("Deleted. It is kept in the records, hidden from your list."))
    return redirect("declarations:my-hours")


def _cannot_now(request: HttpRequest) -> None:
    messages.error(request, CANNOT_NOW)


# Written out rather than as the ORM's `Exists(...)`, whose subquery costs more to build and
# compile (~0.7 ms) than the rest of the files' query. A constant: every value is a parameter.
_OWN_DUPLICATE_SQL = (
    "EXISTS (SELECT 1 FROM declarations_evidence AS other"
    " INNER JOIN declarations_declaration AS theirs ON theirs.id = other.declaration_id"
    " WHERE other.sha256 = declarations_evidence.sha256 AND other.removed_at IS NULL"
    " AND theirs.person_id = %s AND other.declaration_id <> %s)"
)


# A submitted version's files, counted per row (constant SQL: Count() over the many-to-many
# costs a join and a GROUP BY to build and compile).
_VERSION_FILE_COUNT_SQL = (
    "SELECT COUNT(*) FROM declarations_declarationversion_files AS kept"
    " WHERE kept.declarationversion_id = declarations_declarationversion.id"
)


def _also_attached_elsewhere(declaration: Declaration) -> RawSQL:
    """Per file of the declaration's: whether the person attached the same content (an active
    file of the same SHA-256) to another of their declarations, as `_own_duplicates` finds them,
    in the query that reads the files."""
    return RawSQL(  # noqa: S611 - a constant statement, values bound as parameters
        _OWN_DUPLICATE_SQL,
        (declaration.person_id, declaration.pk),
        output_field=BooleanField(),
    )


def _own_duplicates(declaration: Declaration, evidence: list[Evidence]) -> set[str]:
    """Files the same person attached to another of their declarations. Whether someone else
    sent the same bytes is for reviewers only: the declarant is never told."""
    elsewhere = Evidence.objects.same_content_elsewhere(
        declaration, {e.sha256 for e in evidence}
    ).filter(declaration__person=declaration.person_id)
    return set(elsewhere.values_list("sha256", flat=True))


def _duplicate_warnings(declaration: Declaration, added: list[Evidence]) -> list[str]:
    repeated = _own_duplicates(declaration, added)
    return [
        _("“%(name)s” is already attached to another of your declarations.")
        % {"name": evidence.original_name}
        for evidence in added
        if evidence.sha256 in repeated
    ]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {f: data.get(f) or "" for f in ("title", "organiser", "subject", "note")} | {
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "year": data["year"],
    }
