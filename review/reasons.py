"""Reasons a reviewer picks from when returning a declaration (plus free text)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RETURN_REASONS = [
    ("missing_unit_proof", _("Missing proof from the unit")),
    ("unclear_material", _("Material is not legible")),
    ("wrong_hours", _("Hours are computed wrongly")),
    ("wrong_type", _("Declared under the wrong type")),
    ("missing_material", _("A required material is missing")),
    ("not_this_year", _("Not in the declared year")),
    ("over_declared", _("Claims far more than the requirement")),
]
