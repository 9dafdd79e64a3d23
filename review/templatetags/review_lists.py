"""The rows of the review app's list pages, written out in one pass (as
portal/templatetags/people_lists.py): labels translated once per list, one `reverse()` per link
pattern, every value escaped. Same HTML as the templates wrote
(tests/portal/test_page_parts_rendered_once.py)."""

from __future__ import annotations

from html import escape as quick_escape  # Django's escape() without its lazy-string wrapper
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from declarations import i18n
from declarations.templatetags.declarations import hours
from portal.links import LinkForEach
from portal.models import department_options
from review.forms import SpotCheckForm
from review.models import SpotCheckItem

register = template.Library()


@register.simple_tag(takes_context=True)
def spot_check_rows(context: template.Context, check_pk: int, items: list[Any]) -> SafeString:
    """One `<tr>` per item of a spot check (rows of `pk`, `outcome`, `note`, `declaration_id`
    and the declaration's `title`, `type`, `claimed_hours`, `approved_hours`, `person__name`
    and `person__department__name`, each named `declaration__…`)."""
    person, declaration, counted, outcome = (
        escape(gettext(label)) for label in ("Person", "Declaration", "Hours", "Outcome")
    )
    reason = escape(gettext("Reason"))
    placeholder = escape(gettext("Reason, if the proof does not hold"))
    holds, revoke = escape(gettext("Proof holds")), escape(gettext("Revoke"))
    outcomes = {value: escape(label) for value, label in SpotCheckItem.Outcome.choices}
    types: dict[str, str] = {}
    csrf = csrf_input(context["request"])
    detail = LinkForEach("declarations:detail")
    decide = LinkForEach("review:spot-check-decide", check_pk)
    rows = []
    for item in items:
        pk = int(item.pk)
        if item.outcome == SpotCheckItem.Outcome.PENDING:
            shown = (
                f'\n          <form method="post" action="{decide(pk)}" class="spot-decision">'
                f"{csrf}"
                f'\n            <label class="visually-hidden" for="reason-{pk}">{reason}</label>'
                f'\n            <input id="reason-{pk}" name="reason" placeholder="{placeholder}">'
                '\n            <button type="submit" name="outcome" value="upheld">'
                f"{holds}</button>"
                '\n            <button type="submit" name="outcome" value="revoked" class="danger">'
                f"{revoke}</button>"
                "\n          </form>\n        "
            )
        else:
            shown = outcomes.get(item.outcome) or quick_escape(item.outcome)
            if item.note:
                shown = f"{shown}: {quick_escape(item.note)}"
        kind, department = item.declaration__type, item.declaration__person__department__name
        if kind not in types:
            types[kind] = escape(i18n.type_label(kind))
        department = "" if department is None else quick_escape(department)
        worth = item.declaration__approved_hours
        if worth is None:
            worth = item.declaration__claimed_hours
        rows.append(
            "\n      <tr>"
            f'\n        <td data-label="{person}">{quick_escape(item.declaration__person__name)}'
            f'<div class="meta">{department}</div></td>'
            f'\n        <td data-label="{declaration}"><a href="{detail(item.declaration_id)}">'
            f'{quick_escape(item.declaration__title)}</a><div class="meta">{types[kind]}</div></td>'
            f'\n        <td data-label="{counted}">{quick_escape(hours(worth))}</td>'
            f'\n        <td data-label="{outcome}">{shown}</td>'
            "\n      </tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped above)


@register.simple_tag
def not_declared_items(people: list[Any]) -> SafeString:
    """One `<li>` per person (rows of `name` and `department__name`)."""
    if not people:
        return mark_safe(f"<li>{escape(gettext('Everyone has declared.'))}</li>")  # noqa: S308
    departments: dict[str, str] = {}
    items = []
    for person in people:
        department = person.department__name
        if department not in departments:
            departments[department] = quick_escape(department)
        items.append(f"<li>{quick_escape(person.name)} · {departments[department]}</li>")
    return mark_safe("".join(items))  # noqa: S308 (every value escaped above)


_drawing_forms: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag
def drawing_form_fields(year: int) -> SafeString:
    """The fields of the empty spot-check drawing form proposing `year`, as includes/form.html
    renders them, rendered once per language, year and list of departments (all it shows)
    instead of on every visit of the spot-check list; the form itself is built only then."""
    # The department field's options: every department, in its order, labelled by name.
    options = tuple(department_options())
    key = (get_language(), year, options)
    html = _drawing_forms.get(key)
    if html is None:
        form = SpotCheckForm(initial={"year": year})
        department: Any = form.fields["department"]
        department.choices = [("", department.empty_label), *options]  # not read again
        html = _drawing_forms[key] = mark_safe(  # noqa: S308 (a template's output)
            render_to_string("includes/form.html", {"form": form})
        )
    return html


setting_changed.connect(lambda **kwargs: _drawing_forms.clear(), weak=False)
