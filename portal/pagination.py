"""Keyset pagination: a page is "the next N rows after this key", so page 200 costs what page 1
does and a row added meanwhile never shifts the pages (no OFFSET, no COUNT)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page[M: Model]:
    rows: list[M]
    next_after: str | None  # the `after` parameter of the next page; None on the last page
    query: str  # the request's other parameters, to keep in the next page's link


def keyset_page[M: Model](
    queryset: QuerySet[M] | Callable[[], QuerySet[M]],
    key: tuple[str, ...],
    request: Any,
    *,
    size: int = PAGE_SIZE,
    first: Callable[[], list[Any]] | None = None,
) -> Page[M]:
    """The rows of `queryset` ordered by `key` (field names, "-x" for downwards; the last one
    unique, e.g. "pk") after the key in the request's `after` parameter. Key values are numbers,
    strings, booleans or dates, never null: a tampered `after` gives the first page, not an
    error. `first`, if given, reads the first page's rows another way (a prepared statement):
    the first `size + 1` rows of `queryset` in that order. `queryset` may be a function that
    builds it: then the first page read by `first` builds none (building one costs about what
    reading a prepared page does)."""
    after = _decode(request.GET.get("after"), len(key))
    following: QuerySet[M] | None = None
    if after is not None:
        with suppress(TypeError, ValueError, ValidationError):  # a value of the wrong type
            following = _built(queryset).order_by(*key).filter(_after(key, after))
    if following is not None:
        rows = list(following[: size + 1])
    elif first is not None:
        rows = first()
    else:
        rows = list(_built(queryset).order_by(*key)[: size + 1])
    next_after = None
    if len(rows) > size:
        rows = rows[:size]
        next_after = _encode([_value(rows[-1], field) for field in key])
    query = request.GET.copy()
    query.pop("after", None)
    return Page(rows, next_after, query.urlencode())


def _built[M: Model](queryset: QuerySet[M] | Callable[[], QuerySet[M]]) -> QuerySet[M]:
    return queryset if isinstance(queryset, QuerySet) else queryset()


def _after(key: tuple[str, ...], values: list[Any]) -> Q:
    """(k1, k2, …) after (v1, v2, …) as OR-ed prefixes, which every database plans as index
    ranges; a field named "-x" runs downwards."""
    condition = Q()
    names = [field.removeprefix("-") for field in key]
    for i, field in enumerate(key):
        lookup = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{names[i]}__{lookup}": values[i]})
        for earlier, value in zip(names[:i], values[:i], strict=True):
            step &= Q(**{earlier: value})
        condition |= step
    return condition


def _value(row: Model, field: str) -> Any:
    value: Any = row
    for part in field.removeprefix("-").split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value.isoformat() if isinstance(value, date) else value


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(token: str | None, length: int) -> list[Any] | None:
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != length:
        return None
    if not all(isinstance(v, int | str | bool) for v in values):
        return None
    return values
