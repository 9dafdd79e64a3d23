"""Parts of every page that depend only on the language and a few values (the header's links for
a person's roles, the language buttons): rendered once per process and reused, instead of a dozen
`{% url %}` and `{% translate %}` tags on every request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_rendered: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag
def fragment(template_name: str, *values: Any) -> SafeString:
    """`template_name` rendered without the request, with `values` as its context's `values`.
    The template may use only these values and the language: nothing of the person or the
    request (no user, no csrf_token), since the result is shared by everyone with the same
    values."""
    frozen = tuple(
        tuple(v) if isinstance(v, Iterable) and not isinstance(v, str) else v for v in values
    )
    key = (template_name, translation.get_language(), get_script_prefix(), get_urlconf(), frozen)
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = mark_safe(render_to_string(template_name, {"values": frozen}))  # noqa: S308 (a template's output)
    return html


def _forget(**kwargs: Any) -> None:
    _rendered.clear()


setting_changed.connect(_forget)
