"""Widgets that render in Python what Django renders through a template per widget and per
option. Same HTML (tests/portal/test_widgets.py compares them); used where a page renders a form
on every request, such as a list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        # As `ChoiceWidget.optgroups` picks them: the first option matching the value is selected.
        values = self.format_value(value)
        chosen = False
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # option groups: Django's own templates
                return super().render(name, value, attrs, renderer)
            shown = "" if option_value is None else str(option_value)
            selected = not chosen and shown in values
            chosen = chosen or selected
            options.append(
                f'<option value="{escape(shown)}"{" selected" if selected else ""}>'
                f"{conditional_escape(str(label))}</option>"
            )
        opening = format_html(
            '<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs))
        )
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
