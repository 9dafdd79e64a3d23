"""Free text as people type it: no invisible control or direction characters."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control (BEL, ESC, NUL…), format (RLO U+202E, BOM U+FEFF, zero-width…), surrogates, and the
# line and paragraph separators: none is typed on purpose, each can hide or reorder what shows.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
LINE_BREAKS = frozenset("\n\r\t")


def _refuse(value: str, allowed: frozenset[str]) -> None:
    for char in value:
        if char not in allowed and unicodedata.category(char) in REFUSED_CATEGORIES:
            raise ValidationError(
                _("Remove the invisible control character %(code)s from this text."),
                code="control_character",
                params={"code": f"U+{ord(char):04X}"},
            )


def single_line(value: str) -> None:
    _refuse(value, frozenset())


def multi_line(value: str) -> None:
    """As `single_line`, with line breaks and tabs allowed."""
    _refuse(value, LINE_BREAKS)
