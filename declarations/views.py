from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import rules
from declarations import access, i18n, statements
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
    Evidence,
    Status,
)
from declarations.summary import year_summary
from declarations.uploads import UploadRejected, check_upload
from portal.links import LinkForEach
from portal.models import User
from portal.pagination import keyset_page
from portal.views import error_page

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
    # Every year's sums in one grouped query: the summary, and which years to offer.
    groups = Declaration.objects.person_year_groups(user)
    years = sorted({this_year, year, *(g.year for g in groups)}, reverse=True)
    this = [g for g in groups if g.year == year]
    adjustment = None
    if any(g.adjustments for g in this):
        mine = Declaration.objects.visible().filter(person=user, year=year)
        adjustment = mine.filter(type__in=SCALING_TYPES).exclude(status=Status.REVOKED).first()
    summary = year_summary(year, this, settings.DECLARATION_OVER_THRESHOLD, adjustment)
    # Named tuples of what a row shows; the first page through a prepared statement.
    shown = statements.YEAR_ROW_SHOWN
    page = keyset_page(
        lambda: statements.year_rows(user.pk, year).values_list(*shown, named=True),
        ("-ends_on", "-pk"),
        request,
        first=lambda: statements.year_page_one(user.pk, year),
    )
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
    evidence = statements.files_with_own_duplicates(declaration.pk, declaration.person_id)
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
            "events": statements.events(declaration.pk),
            "versions": statements.versions(declaration.pk),
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
            # A PDF is checked here and rewritten by a task after the response.
            checked.append(check_upload(uploaded, rewrite_pdf_later=True))
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
            done.content.close()  # a spooled upload or rewrite, if storage did not move it
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
    if not evidence.is_ready:
        return _not_ready(request, evidence)
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


def _not_ready(request: HttpRequest, evidence: Evidence) -> HttpResponse:
    """What a file not (yet) servable answers instead of its bytes: it is being prepared, or
    why it could not be."""
    if evidence.is_preparing:
        response = error_page(
            request,
            409,
            _("This file is being prepared"),
            _(
                "“%(name)s” was accepted and is being rewritten for safe viewing, which takes a "
                "few seconds. Reload the page in a moment."
            )
            % {"name": evidence.original_name},
        )
        response["Retry-After"] = "5"
    else:
        response = error_page(
            request,
            409,
            _("This file could not be prepared"),
            f"“{evidence.original_name}”: {evidence.refusal_reason}",
        )
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
