from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import access
from certificates.exceptions import AlreadySealed, NotCurrent
from certificates.forms import BundleForm, RevokeForm, SealPersonForm, VerifyForm, YearForm
from certificates.models import Bundle, Certificate, SealedRecord
from certificates.pdf import file_name, render_certificate
from certificates.tasks import build_bundle
from certificates.years import PersonYear, people_years, years_of
from portal.models import User


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("verify:token", args=[certificate.token]))


def _pdf(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    response = HttpResponse(
        render_certificate(certificate, _verify_url(request, certificate)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(certificate)}"'
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "certificates/certificate.html",
        {
            "person": user,
            "certificate": access.certificate_of(user),
            "years": years_of(user, with_revoked=False),
            "for_hr": False,
        },
    )


@login_required
def my_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, access.certificate_of(_user(request)))


@access.hr_office_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    someone = access.person_for_hr(_user(request), pk)
    return render(
        request,
        "certificates/certificate.html",
        {
            "person": someone,
            "certificate": access.certificate_of(someone),
            "years": years_of(someone, with_revoked=True),
            "for_hr": True,
            "revoke_form": RevokeForm(),
        },
    )


@access.hr_office_required
def person_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    someone = access.person_for_hr(_user(request), pk)
    return _pdf(request, access.certificate_of(someone))


@access.hr_office_required
def year(request: HttpRequest) -> HttpResponse:
    """Closing a year: the preview of everyone's figures, and sealing on POST."""
    user = _user(request)
    form = YearForm(request.POST if request.method == "POST" else request.GET or None)
    rows = []
    if form.is_bound and form.is_valid():
        department = form.cleaned_data["department"]
        year_number = form.cleaned_data["year"]
        people = access.shortfall_people(user)
        if department is not None:
            people = people.filter(department=department)
        if request.method == "POST":
            sealed = seal_all(people_years(people, year_number), by=user)
            messages.success(
                request,
                _("Sealed %(count)s yearly records of %(year)s.")
                % {"count": sealed, "year": year_number},
            )
            return redirect(f"{reverse('certificates:year')}?{request.POST.urlencode()}")
        rows = people_years(people, year_number)
    return render(
        request,
        "certificates/year.html",
        {
            "form": form,
            "rows": rows,
            "short": sum(1 for row in rows if not row.met),
            "unsealed": sum(1 for row in rows if row.record is None),
            "stale": sum(1 for row in rows if row.stale),
        },
    )


def seal_all(rows: list[PersonYear], *, by: User) -> int:
    sealed = 0
    with transaction.atomic():
        for row in rows:
            if row.record is None:
                try:
                    SealedRecord.seal(person=row.person, year=row.year, by=by)
                except AlreadySealed:  # sealed meanwhile by another officer
                    continue
                sealed += 1
    return sealed


@require_POST
@access.hr_office_required
def seal_person(request: HttpRequest, pk: int) -> HttpResponse:
    someone = access.person_for_hr(_user(request), pk)
    form = SealPersonForm(request.POST)
    if form.is_valid():
        try:
            SealedRecord.seal(person=someone, year=form.cleaned_data["year"], by=_user(request))
            messages.success(request, _("Sealed."))
        except AlreadySealed:
            messages.error(request, _("This year already has a current sealed record."))
    else:
        messages.error(request, _("Choose a year."))
    return redirect("certificates:person", pk=someone.pk)


@require_POST
@access.hr_office_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.record_for_hr(_user(request), pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for revoking the record."))
    else:
        try:
            record.revoke(by=_user(request), reason=form.cleaned_data["reason"])
            messages.success(request, _("Revoked. Seal the year again to issue a new revision."))
        except NotCurrent:
            messages.error(request, _("This record was already revoked."))
    return redirect("certificates:person", pk=record.certificate.person_id)


@access.hr_office_required
def bundles(request: HttpRequest) -> HttpResponse:
    form = BundleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bundle = Bundle.objects.create(
            department=form.cleaned_data["department"],
            year=form.cleaned_data["year"],
            requested_by=_user(request),
        )
        base_url = request.build_absolute_uri("/").rstrip("/")
        transaction.on_commit(lambda: build_bundle.enqueue(bundle.pk, base_url))
        return redirect("certificates:bundle", pk=bundle.pk)
    return render(
        request,
        "certificates/bundles.html",
        {"form": form, "bundles": Bundle.objects.select_related("department")[:20]},
    )


@access.hr_office_required
def bundle(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "certificates/bundle.html",
        {"bundle": access.bundle_for(_user(request), pk)},
    )


@access.hr_office_required
def bundle_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.bundle_for(_user(request), pk)
    if found.state != Bundle.State.READY:
        raise Http404
    return FileResponse(  # type: ignore[return-value]
        default_storage.open(str(found.file.name), "rb"),
        as_attachment=True,
        filename=f"certificates-{found.year}-{found.department_id}.zip",
        content_type="application/zip",
    )


@access.overseer_required
def shortfall(request: HttpRequest) -> HttpResponse:
    """Who in the administrator's departments (the whole unit for HR) falls short this year."""
    user = _user(request)
    this_year = timezone.localdate().year
    rows = [row for row in people_years(access.shortfall_people(user), this_year) if not row.met]
    return render(request, "certificates/shortfall.html", {"rows": rows, "year": this_year})


# Public verification: no login, only what proves the record.


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _miss_key(request: HttpRequest) -> str:
    return f"verify-misses:{_client_address(request)}"


def _blocked(request: HttpRequest) -> bool:
    return cache.get(_miss_key(request), 0) >= settings.VERIFY_MISSES_ALLOWED


def _missed(request: HttpRequest) -> None:
    key = _miss_key(request)
    if cache.add(key, 1, settings.VERIFY_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, settings.VERIFY_WINDOW_SECONDS)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/verify_limited.html", status=429)


def _verified(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return render(
        request,
        "certificates/verified.html",
        {
            "masked_name": mask_name(certificate.person.name),
            "masked_id": certificate.person.masked_id_number,
            "number": certificate.number,
            "records": certificate.records.order_by("-year", "-revision"),  # type: ignore[attr-defined]
        },
    )


def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    if _blocked(request):
        return _too_many(request)
    certificate = Certificate.objects.select_related("person").filter(token=token).first()
    if certificate is None:
        _missed(request)
        raise Http404
    return _verified(request, certificate)


def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        if _blocked(request):
            return _too_many(request)
        if form.is_valid():
            certificate = (
                Certificate.objects.select_related("person")
                .filter(number=form.cleaned_data["number"])
                .first()
            )
            if certificate and certificate.person.name == form.cleaned_data["name"].strip():
                return _verified(request, certificate)
            _missed(request)
            form.add_error(None, _("No certificate has this number and name."))
    return render(request, "certificates/verify.html", {"form": form})


def mask_name(name: str) -> str:
    """林思远 → 林*远, 林远 → 林*: enough to recognise, not to copy."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
