from __future__ import annotations

import contextlib
import csv
import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from declarations.access import visible_declarations
from declarations.models import Declaration, Status
from hr import access, figures, imports, services
from hr.forms import (
    AssignForm,
    BulkTransferForm,
    DepartmentForm,
    FlagForm,
    IdNumberSearchForm,
    ImportCommitForm,
    ImportForm,
    LeaveForm,
    MoveDecisionForm,
    MoveRequestForm,
    PeopleSearchForm,
    PersonForm,
    ReasonForm,
    RecordsFilterForm,
    RolesForm,
    TransferForm,
    YearForm,
)
from hr.models import ImportBatch, MoveRequest
from hr.tasks import commit_import
from portal.exceptions import Refused
from portal.models import (
    AdminAssignment,
    Department,
    EmploymentStatus,
    OrganisationEvent,
    User,
)
from portal.roles import roles_of
from review import access as review_access
from review.queues import filter_declarations

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _tell_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _refused(request: HttpRequest, refused: Refused) -> None:
    messages.error(request, refused.reason)


# Departments and their administrators ------------------------------------------------------


@access.hr_office_required
def departments(request: HttpRequest) -> HttpResponse:
    last_year = timezone.localdate().year - 1
    current = AdminAssignment.objects.current().select_related("person")
    listed = (
        Department.objects.annotate(
            staff=Count(
                "people",
                filter=Q(people__employment_status=EmploymentStatus.ACTIVE),
                distinct=True,
            ),
            pending=Count(
                "people__declarations",
                filter=Q(people__declarations__status__in=Status.PENDING),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("admin_assignments", queryset=current, to_attr="admins"))
        .order_by("-active", "name")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    met = figures.met_by_department(last_year)
    rows = [
        (d, met.get(d.pk, 0), round(met.get(d.pk, 0) * 100 / d.staff) if d.staff else None)  # type: ignore[attr-defined]
        for d in page
    ]
    return render(
        request,
        "hr/departments.html",
        {"page": page, "rows": rows, "last_year": last_year, "form": DepartmentForm()},
    )


@require_POST
@access.hr_office_required
def department_create(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST)
    if form.is_valid():
        department = Department.open(name=form.cleaned_data["name"], by=_user(request))
        messages.success(request, _("%(name)s is created.") % {"name": department.name})
        return redirect("hr:department", pk=department.pk)
    _tell_errors(request, form)
    return redirect("hr:departments")


@access.hr_office_required
def department(request: HttpRequest, pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    admins = list(
        AdminAssignment.objects.current()
        .filter(department=department)
        .select_related("person", "assigned_by")
    )
    staff = department.people.select_related(None).order_by("name", "pk")  # type: ignore[attr-defined]
    staff_page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    events = OrganisationEvent.objects.filter(
        Q(department=department) | Q(from_department=department)
    ).select_related("by", "person", "department", "from_department")[:PAGE_SIZE]
    assign_form = AssignForm()
    return render(
        request,
        "hr/department.html",
        {
            "department": department,
            "admins": admins,
            "staff_page": staff_page,
            "events": events,
            "pending": department.pending_work(),
            "assign_form": assign_form,
            # Loaded once for the replace form of every administrator.
            "people_choices": list(assign_form.fields["person"].choices),  # type: ignore[attr-defined]
            "rename_form": DepartmentForm(initial={"name": department.name}),
            "transfer_form": TransferForm(exclude=department),
        },
    )


@require_POST
@access.hr_office_required
def department_rename(request: HttpRequest, pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    form = DepartmentForm(request.POST, department=department)
    if form.is_valid():
        department.rename(form.cleaned_data["name"], by=_user(request))
        messages.success(request, _("Renamed."))
    _tell_errors(request, form)
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def department_close(request: HttpRequest, pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            department.close(by=_user(request), reason=form.cleaned_data["reason"])
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("%(name)s is closed.") % {"name": department.name})
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def administrator_assign(request: HttpRequest, pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            department.assign_administrator(
                form.cleaned_data["person"], by=_user(request), reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Administrator assigned."))
    else:
        messages.error(request, _("Choose a person."))
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def administrator_flag(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    assignment = access.assignment_for(department, assignment_pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        department.flag_administrator(
            assignment,
            needs_replacement=form.cleaned_data["needs_replacement"],
            note=form.cleaned_data["note"],
            by=_user(request),
        )
        messages.success(request, _("Saved."))
    else:
        _tell_errors(request, form)
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def administrator_release(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    assignment = access.assignment_for(department, assignment_pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            department.release_administrator(
                assignment, by=_user(request), reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("%(name)s is released.") % {"name": assignment.person.name})
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def administrator_replace(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    assignment = access.assignment_for(department, assignment_pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            department.replace_administrator(
                assignment,
                form.cleaned_data["person"],
                by=_user(request),
                reason=form.cleaned_data["reason"],
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(
                request,
                _("%(old)s is replaced by %(new)s.")
                % {"old": assignment.person.name, "new": form.cleaned_data["person"].name},
            )
    else:
        messages.error(request, _("Choose a person."))
    return redirect("hr:department", pk=pk)


@require_POST
@access.hr_office_required
def department_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Move some of a department's people, or all of its active staff, to another department."""
    department = access.department_for(_user(request), pk)
    data = request.POST.copy()
    if data.get("everyone"):
        data.setlist(
            "people",
            [str(p) for p in department.active_staff().values_list("pk", flat=True)],
        )
    form = BulkTransferForm(data, department=department)
    if form.is_valid():
        try:
            moved = services.transfer(
                people=form.cleaned_data["people"],
                to=form.cleaned_data["to"],
                by=_user(request),
                reason=form.cleaned_data["reason"],
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(
                request,
                _("%(n)s people moved to %(department)s.")
                % {"n": moved, "department": form.cleaned_data["to"].name},
            )
    else:
        messages.error(request, _("Choose the people to move and where to."))
    return redirect("hr:department", pk=pk)


# People ------------------------------------------------------------------------------------


@sensitive_post_parameters("id_number")
@access.hr_office_required
def people(request: HttpRequest) -> HttpResponse:
    id_form = IdNumberSearchForm(request.POST or None)
    if request.method == "POST":
        if id_form.is_valid():
            person = User.objects.with_id_number(id_form.cleaned_data["id_number"]).first()
            if person is not None:
                return redirect("hr:person", pk=person.pk)
            messages.error(request, _("Nobody is registered with this ID number."))
            id_form = IdNumberSearchForm()
        else:  # the error stays beside the field; the number typed is never echoed back
            id_form.data = {"id_number": ""}
    form = PeopleSearchForm(request.GET or None)
    found = User.objects.select_related("department").order_by("pk")
    data = form.cleaned_data if form.is_valid() else {}
    if not data.get("left"):
        found = found.filter(employment_status=EmploymentStatus.ACTIVE)
    if data.get("q"):
        found = found.filter(name__contains=data["q"].strip())
    if data.get("department"):
        found = found.filter(department=data["department"])
    if data.get("certificate"):
        found = found.filter(certificate__number=data["certificate"].strip())
    after = _int(request.GET.get("after"))
    if after is not None:
        found = found.filter(pk__gt=after)
    rows = list(found.select_related("certificate")[: PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "hr/people.html",
        {
            "form": form,
            "id_form": id_form,
            "rows": rows[:PAGE_SIZE],
            "next_after": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
            "query": query.urlencode(),
        },
    )


@never_cache
@sensitive_post_parameters("id_number")
@access.hr_office_required
def person_add(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person, one_time = User.objects.create_person(
                    id_number=data["id_number"],
                    name=data["name"],
                    department=data["department"],
                    phone=data["phone"],
                    title=data["title"],
                    email=data["email"],
                    confirmed_at=timezone.now(),
                    confirmed_by=_user(request),
                )
                OrganisationEvent.record(
                    OrganisationEvent.Kind.PERSON_ADDED,
                    by=_user(request),
                    person=person,
                    department=data["department"],
                )
        except IntegrityError:
            form.add_error("id_number", _("This ID number is already registered."))
        else:
            return render(
                request, "hr/one_time_password.html", {"person": person, "secret": one_time}
            )
    return render(request, "hr/person_add.html", {"form": form})


@access.hr_office_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for(_user(request), pk)
    declarations = list(
        Declaration.objects.filter(person=person)
        .exclude(status=Status.WITHDRAWN)
        .select_related("department")
        .order_by("-year", "-ends_on", "-pk")
    )
    by_year: dict[int, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        by_year[declaration.year].append(declaration)
    years = [(year, rows, figures.summary_of(year, rows)) for year, rows in by_year.items()]
    history = (
        OrganisationEvent.objects.filter(person=person)
        .select_related("by", "department", "from_department")
        .order_by("-at", "-pk")[:PAGE_SIZE]
    )
    return render(
        request,
        "hr/person.html",
        {
            "person": person,
            "person_roles": roles_of(person),
            "assignments": AdminAssignment.objects.current()
            .filter(person=person)
            .select_related("department"),
            "years": years,
            "history": history,
            "transfer_form": TransferForm(exclude=person.department),
            "leave_form": LeaveForm(),
            "roles_form": RolesForm(
                initial={"is_hr_office": person.is_hr_office, "bureau_scope": person.bureau_scope}
            ),
        },
    )


@require_POST
@access.hr_office_required
def person_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for(_user(request), pk)
    form = TransferForm(request.POST, exclude=person.department)
    if form.is_valid():
        try:
            services.transfer(
                people=[person],
                to=form.cleaned_data["to"],
                by=_user(request),
                reason=form.cleaned_data["reason"],
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(
                request,
                _("%(name)s moved to %(department)s.")
                % {"name": person.name, "department": form.cleaned_data["to"].name},
            )
    else:
        messages.error(request, _("Choose a department."))
    return redirect("hr:person", pk=pk)


@require_POST
@access.hr_office_required
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for(_user(request), pk)
    form = LeaveForm(request.POST)
    if form.is_valid() and person.is_active:
        try:
            person.leave(
                form.cleaned_data["status"], by=_user(request), reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(
                request,
                _("%(name)s's login is closed; every record stays.") % {"name": person.name},
            )
    return redirect("hr:person", pk=pk)


@require_POST
@access.hr_office_required
def person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for(_user(request), pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        if person.pk == _user(request).pk and not form.cleaned_data["is_hr_office"]:
            messages.error(request, _("You cannot withdraw your own HR office role."))
        else:
            person.set_roles(
                hr_office=form.cleaned_data["is_hr_office"],
                bureau_scope=form.cleaned_data["bureau_scope"],
                by=_user(request),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Roles saved."))
    return redirect("hr:person", pk=pk)


@never_cache
@require_POST
@access.issuer_required
def one_time_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Shown once, to the issuer, in this response only: never stored, mailed or logged."""
    person = access.person_to_issue(_user(request), pk)
    try:
        secret = person.issue_one_time_password(by=_user(request))
    except Refused as refused:
        _refused(request, refused)
        return redirect("hr:person", pk=pk) if _user(request).is_hr_office else redirect("/")
    return render(request, "hr/one_time_password.html", {"person": person, "secret": secret})


# Imports -----------------------------------------------------------------------------------


@access.hr_office_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            reports = imports.check(imports.read_table(upload.name, upload.read()))
        except imports.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            batch = ImportBatch.objects.create(
                created_by=_user(request), file_name=upload.name[:255], rows=reports
            )
            return redirect("hr:import", pk=batch.pk)
    recent = Paginator(
        ImportBatch.objects.select_related("created_by").defer("rows"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "hr/import_upload.html", {"form": form, "recent": recent})


@access.hr_office_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    example = ["410105198001010011", "张老师", "土木工程系", "13800000000", "讲师", ""]
    if kind not in ("csv", "xlsx"):
        raise Http404
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(imports.TEMPLATE_HEADERS))  # type: ignore[union-attr]
        sheet.append(example)  # type: ignore[union-attr]
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(imports.TEMPLATE_HEADERS)
        writer.writerow(example)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-template.{kind}"'
    return response


@access.hr_office_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.import_for(_user(request), pk)
    form = ImportCommitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if batch.state != ImportBatch.State.CHECKED or batch.problem_count:
            messages.error(request, _("This file cannot be imported: see the rows with problems."))
            return redirect("hr:import", pk=pk)
        batch.update_existing = form.cleaned_data["update_existing"]
        batch.state = ImportBatch.State.QUEUED
        batch.save(update_fields=["update_existing", "state"])
        transaction.on_commit(lambda: commit_import.enqueue(batch.pk))
        return redirect("hr:import", pk=pk)
    problems = [row for row in batch.rows if row["problems"]]
    existing = [row for row in batch.rows if row["existing"] and not row["problems"]]
    rows = Paginator(batch.rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/import_preview.html",
        {
            "batch": batch,
            "form": form,
            "problems": problems[:500],
            "existing": existing[:200],
            "rows": rows,
        },
    )


@access.hr_office_required
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    batch = access.import_for(_user(request), pk)
    return JsonResponse(
        {
            "state": batch.state,
            "label": batch.get_state_display(),
            "done": batch.progress,
            "total": batch.total,
        }
    )


# Requests to move department ---------------------------------------------------------------


@login_required
def my_move(request: HttpRequest) -> HttpResponse:
    """A teacher asks to move department and sees how their requests were decided."""
    user = _user(request)
    mine = MoveRequest.objects.filter(person=user).select_related(
        "to_department", "from_department", "decided_by"
    )
    open_request = mine.filter(state=MoveRequest.State.OPEN).first()
    form = MoveRequestForm(request.POST or None, person=user)
    if request.method == "POST" and open_request is None and form.is_valid():
        # A second tab sending the same request meets the one-open-request constraint.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            move = MoveRequest.objects.create(
                person=user,
                from_department=user.department,
                to_department=form.cleaned_data["to_department"],
                reason=form.cleaned_data["reason"],
            )
            services.tell_deciders(move)
        messages.success(request, _("Your request is sent. You will be told the decision."))
        return redirect("hr:my-move")
    return render(
        request,
        "hr/my_move.html",
        {"form": form, "requests": mine[:PAGE_SIZE], "open_request": open_request},
    )


@access.move_decider_required
def move_requests(request: HttpRequest) -> HttpResponse:
    listed = access.move_requests_for(_user(request)).select_related(
        "person", "from_department", "to_department", "decided_by"
    )
    state = request.GET.get("state") or MoveRequest.State.OPEN
    if state in MoveRequest.State.values:
        listed = listed.filter(state=state)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/move_requests.html",
        {
            "page": page,
            "state": state,
            "states": MoveRequest.State.choices,
            "form": MoveDecisionForm(),
        },
    )


@require_POST
@access.move_decider_required
def move_decide(request: HttpRequest, pk: int) -> HttpResponse:
    move = access.move_request_for(_user(request), pk)
    form = MoveDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_move(move, by=_user(request), note=form.cleaned_data["note"])
            else:
                services.decline_move(move, by=_user(request), note=form.cleaned_data["note"])
        except Refused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Decided: %(name)s is told.") % {"name": move.person.name})
    else:
        _tell_errors(request, form)
    return redirect("hr:move-requests")


# Every department's records ----------------------------------------------------------------


@access.hr_office_required
def records(request: HttpRequest) -> HttpResponse:
    """Every declaration of every department. Read-only here; the HR office decides only where it
    is the reviewer (a department without an administrator), through the review pages."""
    everything = visible_declarations(_user(request)).exclude(status=Status.DRAFT)
    statuses = (Status.DRAFT, *Status.DEPARTMENT_SEES)
    form = RecordsFilterForm(request.GET or None, statuses=statuses)
    filtered = filter_declarations(everything, form, "all")  # type: ignore[arg-type]
    if form.is_valid() and form.cleaned_data.get("department"):
        filtered = filtered.filter(department=form.cleaned_data["department"])
    after = _int(request.GET.get("after"))
    page = filtered.order_by("-pk")
    if after is not None:
        page = page.filter(pk__lt=after)
    rows = list(page.select_related("person", "department")[: PAGE_SIZE + 1])
    # Where the HR office is the reviewer (no other administrator), it may open the review page.
    reviewable = set(
        review_access.department_declarations(_user(request))
        .filter(pk__in=[d.pk for d in rows], status=Status.SUBMITTED)
        .values_list("pk", flat=True)
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "hr/records.html",
        {
            "reviewable": reviewable,
            "form": form,
            "rows": rows[:PAGE_SIZE],
            "next_after": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
            "query": query.urlencode(),
        },
    )


@access.hr_office_required
def progress(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    listed = Department.objects.filter(active=True).order_by("name")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = figures.progress(
        year, Department.objects.filter(pk__in=[d.pk for d in page]).order_by("name")
    )
    return render(
        request, "hr/progress.html", {"form": form, "year": year, "rows": rows, "page": page}
    )


@access.hr_office_required
def not_declared(request: HttpRequest, pk: int) -> HttpResponse:
    department = access.department_for(_user(request), pk)
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    listed = (
        department.active_staff()
        .exclude(
            pk__in=Declaration.objects.filter(year=year)
            .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))
            .values("person_id")
        )
        .order_by("name", "pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/not_declared.html",
        {"department": department, "year": year, "page": page},
    )


@access.hr_office_required
def history(request: HttpRequest) -> HttpResponse:
    events = OrganisationEvent.objects.select_related(
        "by", "person", "department", "from_department"
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hr/history.html", {"page": page})
