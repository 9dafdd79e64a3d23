"""The fast widgets render what Django's own widgets render, for every case a filter form has."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import SimpleTestCase

from portal.widgets import (
    FastHiddenInput,
    FastNumberInput,
    FastSelect,
    FastTextarea,
    FastTextInput,
)

CHOICES = [("", "—"), ("a", "甲 <b>"), ("b&c", "乙"), (3, "三")]
TWICE = [(None, "无"), ("a", "甲"), ("a", "甲 again")]  # Django selects the first match only


@pytest.mark.parametrize(
    ("fast", "django", "value"),
    [
        (FastSelect(choices=CHOICES), forms.Select(choices=CHOICES), "b&c"),
        (FastSelect(choices=CHOICES), forms.Select(choices=CHOICES), None),
        (FastSelect(choices=CHOICES), forms.Select(choices=CHOICES), 3),
        (FastSelect(choices=CHOICES), forms.Select(choices=CHOICES), ""),
        (FastSelect(choices=TWICE), forms.Select(choices=TWICE), "a"),
        (FastSelect(choices=TWICE), forms.Select(choices=TWICE), "x"),
        (FastTextInput(), forms.TextInput(), 'say "hi" <now>'),
        (FastTextInput(attrs={"maxlength": 50}), forms.TextInput(attrs={"maxlength": 50}), None),
        (FastNumberInput(), forms.NumberInput(), 2026),
        (FastNumberInput(), forms.NumberInput(), None),
        (FastNumberInput(attrs={"step": "0.01"}), forms.NumberInput(attrs={"step": "0.01"}), 1.5),
        (FastHiddenInput(), forms.HiddenInput(), 42),
        (FastHiddenInput(), forms.HiddenInput(), None),
        (FastTextarea(attrs={"rows": 2}), forms.Textarea(attrs={"rows": 2}), "第一行\n<二> & 三"),
        (FastTextarea(), forms.Textarea(), None),
    ],
)
def test_a_fast_widget_renders_the_same_html_as_djangos(
    fast: forms.Widget, django: forms.Widget, value: Any
) -> None:
    attrs = {"id": "id_field", "required": True}
    SimpleTestCase().assertHTMLEqual(
        fast.render("field", value, attrs), django.render("field", value, attrs)
    )


def test_option_groups_fall_back_to_djangos_templates() -> None:
    grouped = [("组", [("x", "X"), ("y", "Y")])]
    fast = FastSelect(choices=grouped).render("field", "y")
    assert "<optgroup" in fast
    SimpleTestCase().assertHTMLEqual(fast, forms.Select(choices=grouped).render("field", "y"))
