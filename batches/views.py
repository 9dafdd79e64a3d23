from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from batches import access, people, services
from batches.exceptions import IllegalBatchMove
from batches.forms import BatchForm, ReasonForm
from batches.models import Batch, State
from batches.report import write_report
from batches.tasks import commit_batch
from declarations.models import Status
from portal.exceptions import Refused
from portal.models import User

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access.batches_required
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = (
        access.visible_batches(_user(request))
        .select_related("department", "created_by")
        .defer("rows")
        .annotate(people_count=Count("people"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "batches/list.html",
        {"page": page, "may_enter": access.may_enter(_user(request))},
    )


@access.enterer_required
def batch_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = BatchForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        departments=access.departments_for(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                batch = services.create(by=user, fields=form.batch_fields(), proof=form.proof)
                upload = form.cleaned_data["people_file"]
                if upload is not None:
                    batch.file_name = upload.name[:255]
                    batch.rows = people.check_file(
                        batch, people.read_table(upload.name, upload.read())
                    )
                else:
                    roster = User.objects.filter(
                        department=batch.department, is_active=True, confirmed_at__isnull=False
                    )
                    batch.rows = people.check_people(batch, roster)
                batch.save(update_fields=["file_name", "rows"])
        except people.UnreadableFile as error:
            form.add_error("people_file", str(error))
        else:
            return redirect("batches:detail", pk=batch.pk)
    return render(request, "batches/create.html", {"form": form})


@access.batches_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch = access.batch_for(user, pk)
    may_change = access.may_change(user, batch)
    context: dict[str, object] = {
        "batch": batch,
        "proof": list(batch.proof.all()),  # type: ignore[attr-defined]
        "may_commit": may_change
        and batch.state in (State.CHECKED, State.FAILED)
        and bool(batch.rows)
        and not batch.problem_count,
        "may_withdraw": may_change
        and batch.state in (State.CHECKED, State.FAILED, State.SUBMITTED),
        "may_pick": may_change and batch.state in (State.CHECKED, State.FAILED),
        "stage": access.review_stage(user, batch),
        "may_revoke": bool(user.bureau_scope) and batch.state == State.APPROVED,
        "withdraw_form": ReasonForm(),
    }
    if batch.state in (State.CHECKED, State.QUEUED, State.RUNNING, State.FAILED):
        context["problems"] = [row for row in batch.rows if row["problems"]][:500]
        context["rows"] = Paginator(batch.rows, 100).get_page(request.GET.get("page"))
    else:
        rows = batch.people.select_related("person", "declaration").order_by("line", "pk")  # type: ignore[attr-defined]
        context["people"] = Paginator(rows, 100).get_page(request.GET.get("page"))
        counts = batch.declarations().order_by().values_list("status").annotate(n=Count("pk"))
        context["counts"] = [(Status(status).label, n) for status, n in counts]
    return render(request, "batches/detail.html", context)


@access.batches_required
def batch_progress(request: HttpRequest, pk: int) -> JsonResponse:
    batch = access.batch_for(_user(request), pk)
    return JsonResponse(
        {"state": batch.state, "label": batch.get_state_display(), "done": batch.progress}
    )


@require_POST
@access.enterer_required
def batch_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_for(_user(request), pk, write=True)
    if batch.state not in (State.CHECKED, State.FAILED) or batch.problem_count or not batch.rows:
        messages.error(request, _("This batch cannot be committed: see the rows with problems."))
        return redirect("batches:detail", pk=pk)
    try:
        batch.move(State.QUEUED, by=_user(request), error="")
    except IllegalBatchMove:  # committed from another page meanwhile
        messages.error(request, _("This batch cannot be committed: see the rows with problems."))
        return redirect("batches:detail", pk=pk)
    transaction.on_commit(lambda: commit_batch.enqueue(batch.pk))
    return redirect("batches:detail", pk=pk)


@require_POST
@access.batches_required
def batch_leave_out(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    batch = access.batch_for(_user(request), pk, write=True)
    try:
        with transaction.atomic():
            row = batch.leave_out(line, by=_user(request))
    except IllegalBatchMove:
        messages.error(request, _("People can be left out only before the batch is committed."))
    else:
        messages.success(
            request, _("%(name)s is left out of this batch.") % {"name": row["name"] or line}
        )
    return redirect("batches:detail", pk=pk)


@access.batches_required
def batch_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch, stage = access.batch_to_review(user, pk)
    waiting = services.awaiting(batch, user, stage)
    if request.method == "POST":
        try:
            count = services.approve(batch, by=user, stage=stage)
        except Refused as refused:
            messages.error(request, refused.reason)
        else:
            messages.success(request, _("Approved %(n)s declarations of the batch.") % {"n": count})
        return redirect("batches:detail", pk=pk)
    return render(
        request,
        "batches/review.html",
        {
            "batch": batch,
            "stage": stage,
            "count": waiting.count(),
            "waiting": waiting.select_related("person").order_by("person__name", "pk")[:200],
        },
    )


@require_POST
@access.enterer_required
def batch_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_for(_user(request), pk, write=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the batch."))
        return redirect("batches:detail", pk=pk)
    try:
        services.withdraw(batch, by=_user(request), reason=form.cleaned_data["reason"])
    except Refused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("The batch and its declarations are withdrawn."))
    return redirect("batches:detail", pk=pk)


@access.batches_required
def batch_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_to_revoke(_user(request), pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.revoke(batch, by=_user(request), reason=form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.reason)
        else:
            messages.success(request, _("Revoked %(n)s declarations of the batch.") % {"n": count})
        return redirect("batches:detail", pk=pk)
    return render(request, "batches/revoke.html", {"batch": batch, "form": form})


@access.batches_required
def batch_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ("csv", "xlsx"):
        raise Http404
    batch: Batch = access.batch_for(_user(request), pk)
    return write_report(batch, kind)  # type: ignore[return-value]  # streamed when CSV
