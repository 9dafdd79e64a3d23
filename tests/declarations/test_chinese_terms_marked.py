"""Chinese terms kept on purpose in English pages are marked as Chinese (WCAG 3.1.2)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from declarations.models import Role

HISTORY_ROLE = Template("{% load declarations %}{{ role|zh_marked }}")


def test_a_chinese_term_in_an_english_label_is_marked_as_chinese() -> None:
    with translation.override("en"):
        shown = HISTORY_ROLE.render(Context({"role": Role.ON_BEHALF.label}))

    assert shown == (
        'Department administrator, declaring for the person (<span lang="zh-Hans">单位申报</span>)'
    )


def test_chinese_pages_need_no_marks() -> None:
    with translation.override("zh-hans"):
        shown = HISTORY_ROLE.render(Context({"role": Role.ON_BEHALF.label}))

    assert "<span" not in shown
