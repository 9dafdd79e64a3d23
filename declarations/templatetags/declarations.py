from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

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
def hours(value: Any) -> str:
    """12.00 → 12, 12.50 → 12.5: hours read as people write them."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).normalize():f}"


@register.filter
def when_text(material: Any, hour_type: Any) -> str:
    """When a conditional material is needed, in words: "when 情况 is 病假超过6个月"."""
    return i18n.describe_when(hour_type, material.when)
