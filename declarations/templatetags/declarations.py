from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from declarations import i18n

register = template.Library()


@register.filter
def local(obj: Any, attribute: str) -> str:
    return i18n.local(obj, attribute)


@register.filter
def type_label(code: str) -> str:
    return i18n.type_label(code)


@register.filter
def text(value: Any) -> str:
    return i18n.text(value)


@register.filter
def clause(reference: str) -> str:
    """A clause of the 办法 as the reader reads it: 第七条（二） or Art. 7(2)."""
    return format_html('<span class="clause">{}</span>', i18n.clause(reference))


@register.filter
def hours(value: Any) -> str:
    """12.00 → 12, 12.50 → 12.5: hours read as people write them."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).normalize():f}"
