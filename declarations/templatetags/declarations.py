from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from declarations import i18n

register = template.Library()
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


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
def zh_marked(value: Any) -> str:
    """Chinese terms kept on purpose in an English text, marked so they are read as Chinese."""
    text = str(value)
    if i18n.is_chinese():
        return text
    return mark_safe(  # noqa: S308 - every part is escaped
        _CHINESE.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', escape(text))
    )


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
