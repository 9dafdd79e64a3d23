from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from declarations import i18n
from declarations.models import Declaration
from portal.links import LinkForEach

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


@register.simple_tag
def declaration_rows(rows: Iterable[Declaration]) -> SafeString:
    """The rows of a person's year (我的学时, `for_year_page`), written out in one pass: the
    template's loop spent more on each row's dozen tags than the query did on the rows. Same
    HTML as that loop, whitespace included: every value escaped, each label translated once
    per list, one reverse() for every row's link."""
    detail = LinkForEach("declarations:detail")
    reviewer = escape(gettext("Reviewer:"))
    type_labels: dict[str, str] = {}
    out = []
    for d in rows:
        kind = type_labels.get(d.type)
        if kind is None:
            kind = type_labels[d.type] = escape(i18n.type_label(d.type))
        claimed = gettext("%(h)s hours claimed") % {"h": escape(hours(d.claimed_hours))}
        approved = ""
        if d.approved_hours is not None:
            approved = " · " + gettext("%(h)s approved") % {"h": escape(hours(d.approved_hours))}
        count: int = d.file_count  # type: ignore[attr-defined]
        files = ngettext("%(n)s file", "%(n)s files", count) % {"n": count}
        reason: str = d.latest_reason  # type: ignore[attr-defined]
        said = f'<div class="reviewer-word">{reviewer} {escape(reason)}</div>' if reason else ""
        out.append(
            f'\n    <li class="declaration status-{escape(d.status)}">'
            f'\n      <a href="{escape(detail(d.pk))}" class="declaration-title">'
            f"{escape(d.title)}</a>"
            f'\n      <span class="badge">{escape(d.get_status_display())}</span>'
            f'\n      <div class="meta">{kind} · {d.starts_on.isoformat()} – '
            f"{d.ends_on.isoformat()} · {claimed}{approved} · {files}</div>"
            f"\n      {said}\n    </li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
