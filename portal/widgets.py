"""Widgets that render in Python what Django renders through a template per widget and per
option. Same HTML (tests/portal/test_widgets.py compares them); used where a page renders a form
on every request, such as a list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:  # option groups: Django's own templates
                return super().render(name, value, attrs, renderer)
            options += [
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in group_choices
            ]
        opening = format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))
        return mark_safe(opening + "".join(options) + "</select>")  # noqa: S308 (escaped above)


class _FastInput(Input):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            flatatt(widget["attrs"]),
        )


class FastTextInput(_FastInput, forms.TextInput):
    pass


class FastNumberInput(_FastInput, forms.NumberInput):
    pass


class FastHiddenInput(_FastInput, forms.HiddenInput):
    pass


class FastTextarea(forms.Textarea):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )
