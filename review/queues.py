"""The queue filters (year, type, status, name, flag), shared by the review queues, the HR
office's records and the exports of both."""

from __future__ import annotations

from django.db.models import QuerySet

from declarations.models import Declaration
from review.forms import QueueFilterForm


def filter_declarations(
    queryset: QuerySet[Declaration], form: QueueFilterForm, default_status: str
) -> QuerySet[Declaration]:
    """Narrow `queryset` by the form's filters; an invalid form filters by the default status
    only. `default_status` "all" keeps every status."""
    data = form.cleaned_data if form.is_valid() else {}
    return narrowed(
        queryset,
        status=data.get("status") or default_status,
        year=data.get("year"),
        type=data.get("type") or "",
        person=data.get("person") or "",
        flag=data.get("flag") or "",
    )


def narrowed(
    queryset: QuerySet[Declaration],
    *,
    status: str,
    year: int | None = None,
    type: str = "",
    person: str = "",
    flag: str = "",
) -> QuerySet[Declaration]:
    """`queryset` narrowed by the filters' values: a status ("all" keeps every one), a year, a
    type, part of a person's name, a flag."""
    if status != "all":
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(year=year)
    if type:
        queryset = queryset.filter(type=type)
    if person:
        queryset = queryset.filter(person__name__contains=person)
    if flag == "over_declared":
        queryset = queryset.filter(over_declared=True)
    elif flag == "shared_evidence":
        queryset = queryset.shared_evidence()  # type: ignore[attr-defined]
    elif flag == "claimed_differs":
        queryset = queryset.filter(claimed_differs=True)
    elif flag == "base_batch":
        queryset = queryset.filter(type="base_training", facts__source="base_batch")
    return queryset
