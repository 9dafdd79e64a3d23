from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape as _escape
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

import rules
from declarations import i18n
from declarations.models import Status
from declarations.summary import YearSummary
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
def declaration_rows(rows: Iterable[Any]) -> SafeString:
    """The rows of a person's year (我的学时: `for_year_page`'s values, named), written out in one
    pass: the template's loop spent more on each row's dozen tags than the query did on the rows.
    Same HTML as that loop, whitespace included. Every value escaped; what repeats from row to
    row (a status, a type, an hour count, a file count) worked out and translated once per list;
    one reverse() for every row's link."""
    detail = LinkForEach("declarations:detail")
    reviewer = escape(gettext("Reviewer:"))
    known: dict[tuple[str, Any], str] = {}

    def once(kind: str, value: Any) -> str:
        text = known.get((kind, value))
        if text is None:
            text = known[kind, value] = _ROW_PARTS[kind](value)
        return text

    out = []
    for d in rows:
        # The standard library's escape, as Django's does it, without its lazy-text wrapper.
        reason = d.latest_reason
        word = f'<div class="reviewer-word">{reviewer} {_escape(reason)}</div>' if reason else ""
        out.append(
            f'\n    <li class="declaration status-{_escape(d.status)}">'
            f'\n      <a href="{_escape(detail(d.pk))}" class="declaration-title">'
            f"{_escape(d.title)}</a>"
            f'\n      <span class="badge">{once("status", d.status)}</span>'
            f'\n      <div class="meta">{once("type", d.type)} · {d.starts_on.isoformat()} – '
            f"{d.ends_on.isoformat()} · {once('claimed', d.claimed_hours)}"
            f"{once('approved', d.approved_hours)} · {once('files', d.file_count)}</div>"
            f"\n      {word}\n    </li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def _approved(value: Decimal | None) -> str:
    if value is None:
        return ""
    return " · " + gettext("%(h)s approved") % {"h": escape(hours(value))}


# A row's parts that depend on one value each, as the template wrote them.
_ROW_PARTS: dict[str, Callable[[Any], str]] = {
    "status": lambda status: escape(str(Status(status).label)),
    "type": lambda code: escape(i18n.type_label(code)),
    "claimed": lambda h: gettext("%(h)s hours claimed") % {"h": escape(hours(h))},
    "approved": _approved,
    "files": lambda n: ngettext("%(n)s file", "%(n)s files", n) % {"n": n},
}


@register.simple_tag
def year_bars(summary: YearSummary) -> SafeString:
    """The year's progress bars on 我的学时, written out in one pass (three bars of a dozen tags
    each cost more than the page's rows): the same HTML as the template loop they replace."""
    out = []
    for bar in summary.bars:
        label = escape(bar.label)
        hours_of = gettext("%(counted)s of %(required)s hours") % {
            "counted": escape(hours(bar.counted)),
            "required": bar.required,
        }
        if bar.pending:
            waiting = escape(hours(bar.pending))
            hours_of += " · " + gettext("%(pending)s awaiting review") % {"pending": waiting}
        missing = ""
        if bar.shortfall:
            if bar.subject == rules.PUBLIC:
                text = gettext("%(n)s public hours still missing")
            elif bar.subject == rules.PROFESSIONAL:
                text = gettext("%(n)s professional hours still missing")
            else:
                text = gettext("%(n)s hours still missing in total")
            missing = f'<p class="shortfall">{text % {"n": escape(hours(bar.shortfall))}}</p>'
        percent = bar.counted_percent
        out.append(
            '\n  <div class="progress-row">\n    <div class="progress-label">'
            f"\n      <span>{label}</span>\n      <span>{hours_of}</span>\n    </div>"
            f'\n    <progress class="bar" max="100" value="{percent}" aria-label="{label}">'
            f"{percent}%</progress>\n    {missing}\n  </div>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped
