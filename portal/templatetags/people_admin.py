"""The rows of the admin's list of people, written out in one pass: Django's `result_list` works
out every cell of every row on its own (field lookups, choices, a boolean icon's static URL, a
reverse() and the preserved filters per link), which made the list ten times a bare page of the
same hundred people. Same HTML as Django's (tests/portal/test_page_parts_rendered_once.py)."""

from __future__ import annotations

from html import escape as quick_escape  # Django's escape() without its lazy-string wrapper
from typing import Any

from django import template
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (  # type: ignore[attr-defined]
    _boolean_icon,
    admin_list_filter,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_list import result_list as django_result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.views.main import ChangeList
from django.core.signals import setting_changed
from django.utils.encoding import iri_to_uri
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from portal.links import LinkForEach
from portal.models import User

register = template.Library()

# The columns written out here, in UserAdmin.list_display's order (with the action checkbox).
COLUMNS = (
    "action_checkbox",
    "name",
    "masked_id_number",
    "department",
    "employment_status",
    "is_active",
    "is_hr_office",
    "bureau_scope",
)


# What the rows written here read of each person (portal.admin.PeopleChangeList's named tuples).
ROW_FIELDS = (
    "pk",
    "name",
    "id_masked",
    "department_id",
    "department__name",
    "employment_status",
    "is_active",
    "is_hr_office",
    "bureau_scope",
)


def writes_rows(cl: ChangeList) -> bool:
    """Whether this list's rows are written here; anything else (other columns, an editable
    list, a popup) is Django's own, cell by cell, from whole people."""
    return (
        tuple(cl.list_display) == COLUMNS
        and not cl.list_editable
        and not cl.is_popup
        and not cl.to_field
    )


@register.inclusion_tag("admin/portal/user/change_list_results.html")
def people_result_list(cl: ChangeList) -> dict[str, Any]:
    if not writes_rows(cl):
        djangos: dict[str, Any] = django_result_list(cl)
        return djangos | {"headers": Headers(cl, djangos["result_headers"])}
    results = _rows(cl)
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        # Worked out only when the kept <thead> is not (change_list_results.html).
        "headers": Headers(cl),
        "results": results,
        # The body's rows as Django's template joins them, in one piece instead of a template
        # loop that looks up `result.form` on each of a hundred lists.
        "rows": mark_safe("".join(f"\n\n<tr>{row[0]}</tr>\n" for row in results)),  # noqa: S308
    }


class Headers:
    """The list's column headers (labels, sort links and marks): Django's `result_headers`,
    worked out when first asked for."""

    def __init__(self, cl: ChangeList, headers: list[dict[str, Any]] | None = None) -> None:
        self.cl = cl
        if headers is not None:
            self.__dict__["all"] = headers

    @cached_property
    def all(self) -> list[dict[str, Any]]:
        return list(result_headers(self.cl))

    @cached_property
    def num_sorted(self) -> int:
        return sum(1 for h in self.all if h["sortable"] and h["sorted"])


def _rows(cl: ChangeList) -> list[list[SafeString]]:
    """Each row as one piece of HTML (the results template joins a row's pieces), from the
    named tuples PeopleChangeList reads when `writes_rows`."""
    admin = cl.model_admin
    empty = conditional_escape(admin.get_empty_value_display())
    change = LinkForEach(f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change")
    # The filters the list was opened with, kept in every row's link (same for all rows).
    filters = quick_escape(
        add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, change(0)
        ).removeprefix(change(0))
    )
    fields = {name: User._meta.get_field(name) for name in ("employment_status", "bureau_scope")}
    # UserAdmin.action_checkbox's (Django's) checkbox, its label translated once for the list.
    select = gettext("Select this object for an action - {}")
    checkbox = format_html(
        '<input type="checkbox" name="{}" value="{{}}" class="action-select" aria-label="{{}}">',
        helpers.ACTION_CHECKBOX_NAME,
    )
    shown: dict[tuple[str, Any], str] = {}

    def choice(name: str, value: Any) -> str:
        if (name, value) not in shown:
            label = conditional_escape(display_for_field(value, fields[name], empty))  # type: ignore[arg-type]
            shown[name, value] = f'<td class="field-{name}">{label}</td>'
        return shown[name, value]

    def boolean(name: str, value: bool) -> str:
        if (name, value) not in shown:
            shown[name, value] = f'<td class="field-{name}">{_boolean_icon(value)}</td>'
        return shown[name, value]

    departments: dict[Any, str] = {}
    rows = []
    for person in cl.result_list:  # named tuples of ROW_FIELDS
        pk = int(person.pk)
        masked = quick_escape(person.id_masked.strip()) or empty
        name = quick_escape(person.name.strip()) or empty
        if person.department_id not in departments:
            departments[person.department_id] = (
                empty if person.department_id is None else quick_escape(person.department__name)
            )
        department = departments[person.department_id]
        link = f"{quick_escape(change(pk))}{filters}"
        label = select.format(quick_escape(person.name))  # str() of a person is their name
        row = (
            f'<td class="action-checkbox">{checkbox.format(pk, label)}</td>'
            f'<th class="field-name"><a href="{link}">{name}</a></th>'
            f'<td class="field-masked_id_number">{masked}</td>'
            f'<td class="field-department nowrap">{department}</td>'
            f"{choice('employment_status', person.employment_status)}"
            f"{boolean('is_active', person.is_active)}"
            f"{boolean('is_hr_office', person.is_hr_office)}"
            f"{choice('bureau_scope', person.bureau_scope)}"
        )
        rows.append([mark_safe(row)])  # noqa: S308 (every value escaped above)
    return rows


@register.simple_tag
def people_list_filter(cl: ChangeList, spec: Any) -> SafeString:
    """Django's `admin_list_filter`: admin/filter.html written out for each filter of the
    sidebar instead of rendered through its template (the same HTML, tested); a filter with a
    template of its own still renders it."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    title = conditional_escape(spec.title)
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    choices = "".join(
        f"\n    <li{' class="selected"' if choice['selected'] else ''}>"
        f'\n    <a href="{conditional_escape(iri_to_uri(choice["query_string"]))}">'
        f"{conditional_escape(choice['display'])}</a></li>\n  "
        for choice in spec.choices(cl)
    )
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {by}\n  </summary>'
        f"\n  <ul>\n  {choices}\n  </ul>\n</details>\n"
    )


_sidebars: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag(takes_context=True)
def people_nav_sidebar(context: template.Context) -> SafeString:
    """admin/nav_sidebar.html, rendered once per language, address and list of the apps and
    models the person may use (the values admin/app_list.html shows) instead of on every
    visit."""
    request = context["request"]
    apps = tuple(
        (
            app["app_label"],
            app["app_url"],
            str(app["name"]),
            tuple(
                (
                    model["object_name"],
                    str(model["name"]),
                    model.get("admin_url"),
                    model.get("add_url"),
                    model.get("view_only"),
                )
                for model in app["models"]
            ),
        )
        for app in context.get("available_apps") or ()
    )
    key = (get_language(), request.path, apps)
    html = _sidebars.get(key)
    if html is None:
        sidebar = context.template.engine.get_template("admin/nav_sidebar.html")  # type: ignore[union-attr]
        html = _sidebars[key] = mark_safe(sidebar.render(context))  # noqa: S308 (a template's output)
    return html


setting_changed.connect(lambda **kwargs: _sidebars.clear(), weak=False)
