"""One error summary for a failed form, however many Django forms make it up."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


def _target(field: forms.BoundField) -> str:
    """The id a summary link moves focus to: the input, or a group's first choice."""
    if field.use_fieldset:
        return f"{field.auto_id}_0"
    return field.id_for_label or str(field.auto_id)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_: Any) -> dict[str, Any]:
    general: list[str] = []
    fields: list[tuple[str, str, str]] = []
    for form in forms_:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        general.extend(str(error) for error in form.non_field_errors())
        for field in form.hidden_fields():
            general.extend(str(error) for error in field.errors)
        for field in form.visible_fields():
            fields.extend((_target(field), str(field.label), str(e)) for e in field.errors)
    return {"general": general, "fields": fields}
