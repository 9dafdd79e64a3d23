"""Parts of the review pages written in Python, with the same HTML as the templates they replace
(tests/review/test_review_parts.py):

- `queue_rows`: a queue's fifty rows of seven cells in one pass; the template language spent a
  dozen lookups, filters and escapes per cell, more than the rest of the page together;
- `filter_fields` and `decision_fields`: a form's fields as the page lays them out; an unbound
  form (every visit of a queue or a review page that is not a POST) looks the same for everyone
  in a language, so its HTML is made once per process and reused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape as _escape
from typing import Any

from django import forms, template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from declarations import i18n
from declarations.models import Declaration
from declarations.templatetags.declarations import hours

register = template.Library()


def escape(value: object) -> str:
    """As `django.utils.html.escape` (which calls this), without making a SafeString of each
    of the row's values: the row is marked safe once, whole."""
    return _escape(str(value))


@register.simple_tag
def queue_rows(rows: Iterable[Declaration]) -> SafeString:
    """One `<tr>` per declaration (each with its `review_url`, `person_name` and
    `department_name`), or a row saying there is none.
    Labels are translated once per list; every value is escaped."""
    person_, declaration_, year_ = gettext("Person"), gettext("Declaration"), gettext("Year")
    hours_, claimed_, status_ = gettext("Hours"), gettext("Year claimed"), gettext("Status")
    flags_ = gettext("Flags")
    cells = (
        f'<td data-label="{escape(person_)}">',
        f'<td data-label="{escape(declaration_)}"><a href="',
        f'<td data-label="{escape(year_)}">',
        f'<td class="hours" data-label="{escape(hours_)}">',
        f'<td class="year-claimed" data-label="{escape(claimed_)}">',
        f'<td data-label="{escape(status_)}">',
        f'<td class="flags" data-label="{escape(flags_)}">',
    )
    over, shared = _flag(gettext("over threshold")), _flag(gettext("shared file"))
    differs, batch = _flag(gettext("claimed ≠ computed")), _flag(gettext("base batch"))
    types: dict[str, str] = {}
    badges: dict[str, str] = {}
    out = []
    for d in rows:
        if d.type not in types:
            types[d.type] = escape(i18n.type_label(d.type))
        if d.status not in badges:
            badges[d.status] = (
                f'<span class="badge status-{escape(d.status)}">'
                f"{escape(d.get_status_display())}</span>"  # type: ignore[attr-defined]
            )
        counted = d.counted_hours
        lowered = (
            ""
            if counted == d.claimed_hours
            else '<div class="meta">'
            + escape(gettext("claimed %(h)s") % {"h": hours(d.claimed_hours)})
            + "</div>"
        )
        # `hours` writes a number's digits (or a dash): nothing to escape.
        out.append(
            f"<tr>{cells[0]}{escape(d.person_name)}"  # type: ignore[attr-defined]
            f'<div class="meta">{escape(d.department_name or "")}</div></td>'  # type: ignore[attr-defined]
            f"{cells[1]}{escape(d.review_url)}"  # type: ignore[attr-defined]
            f'">{escape(d.title)}</a><div class="meta">{types[d.type]}</div></td>'
            f"{cells[2]}{d.year}</td>"
            f"{cells[3]}{hours(counted)}{lowered}</td>"
            f"{cells[4]}{hours(d.year_claimed)}</td>"  # type: ignore[attr-defined]
            f"{cells[5]}{badges[d.status]}</td>"
            f"{cells[6]}{over if d.over_declared else ''}"
            f"{shared if d.shared_evidence else ''}"  # type: ignore[attr-defined]
            f"{differs if d.claimed_hours != d.computed_hours else ''}"
            f"{batch if d.materials_waived else ''}</td></tr>\n"
        )
    if not out:
        return mark_safe(f'<tr><td colspan="7">{escape(gettext("Nothing here."))}</td></tr>')  # noqa: S308 (escaped)
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


def _flag(label: str) -> str:
    return f'<span class="flag">{escape(label)}</span>'


_rendered: dict[tuple[Any, ...], SafeString] = {}


def _unbound_key(form: forms.BaseForm, fields: list[forms.BoundField]) -> tuple[Any, ...] | None:
    """Everything the HTML of these fields of an unbound form depends on, or None where the
    form is bound (values typed by someone) or has a choice of database rows."""
    if form.is_bound:
        return None
    parts = []
    for bound in fields:
        field = bound.field
        if isinstance(field, forms.ModelChoiceField):
            return None
        choices = getattr(field, "choices", ())
        parts.append(
            (
                bound.name,
                str(bound.label),
                str(bound.help_text),
                repr(bound.value()),
                field.required,
                field.disabled,
                type(field.widget),
                repr(field.widget.attrs),
                tuple((str(value), str(label)) for value, label in choices),
            )
        )
    return (type(form), form.prefix, form.auto_id, get_language(), tuple(parts))


def _once(key: tuple[Any, ...] | None, render: Callable[[], str]) -> SafeString:
    html = _rendered.get(key) if key else None
    if html is None:
        html = mark_safe(render())  # noqa: S308 (a template's or format_html's output)
        if key:
            _rendered[key] = html
    return html


@register.simple_tag
def filter_fields(form: forms.BaseForm) -> SafeString:
    """`<label>{{ field.label }} {{ field }}</label>` for each field of a list's filters."""
    fields = list(form)
    return _once(
        _unbound_key(form, fields),
        lambda: "".join(format_html("<label>{} {}</label>", f.label, f) for f in fields),
    )


@register.simple_tag
def decision_fields(form: forms.BaseForm) -> SafeString:
    """The form as includes/form.html lays it out; the visible fields of an unbound form made
    once (its hidden fields, which hold this page's own values, every time)."""
    if form.is_bound:
        return mark_safe(render_to_string("includes/form.html", {"form": form}))  # noqa: S308
    hidden = "".join(str(field) for field in form.hidden_fields())
    visible = form.visible_fields()
    return mark_safe(  # noqa: S308 (a field's widget and a template's output)
        hidden
        + _once(
            _unbound_key(form, visible),
            lambda: render_to_string("includes/form.html", {"form": _VisibleFields(visible)}),
        )
    )


class _VisibleFields:
    """An unbound form's visible fields, as includes/form.html asks for a form's fields."""

    is_bound = False

    def __init__(self, fields: list[forms.BoundField]) -> None:
        self.fields = fields

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def visible_fields(self) -> list[forms.BoundField]:
        return self.fields


def _forget(**kwargs: Any) -> None:
    _rendered.clear()


setting_changed.connect(_forget)
