"""The queue filters (year, type, status, name, flag), shared by the review queues, the HR
office's records and the exports of both."""

from __future__ import annotations

from django.db.models import F, QuerySet

from declarations.models import Declaration
from review.forms import QueueFilterForm


def filter_declarations(
    queryset: QuerySet[Declaration], form: QueueFilterForm, default_status: str
) -> QuerySet[Declaration]:
    """Narrow `queryset` by the form's filters; an invalid form filters by the default status
    only. `default_status` "all" keeps every status."""
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or default_status
    if status != "all":
        queryset = queryset.filter(status=status)
    if data.get("year"):
        queryset = queryset.filter(year=data["year"])
    if data.get("type"):
        queryset = queryset.filter(type=data["type"])
    if data.get("person"):
        queryset = queryset.filter(person__name__contains=data["person"])
    flag = data.get("flag")
    if flag == "over_declared":
        queryset = queryset.filter(over_declared=True)
    elif flag == "shared_evidence":
        queryset = queryset.shared_evidence()  # type: ignore[attr-defined]
    elif flag == "claimed_differs":
        queryset = queryset.exclude(claimed_hours=F("computed_hours"))
    elif flag == "base_batch":
        queryset = queryset.filter(type="base_training", facts__source="base_batch")
    return queryset
