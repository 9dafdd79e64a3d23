"""Reasons a reviewer picks from when returning a declaration (plus free text)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RETURN_REASONS = [
    ("missing_unit_proof", _("Missing proof from the unit (缺少单位证明)")),
    ("unclear_material", _("Material is not legible (材料不清晰)")),
    ("wrong_hours", _("Hours are computed wrongly (学时计算有误)")),
    ("wrong_type", _("Declared under the wrong type (申报类型有误)")),
    ("missing_material", _("A required material is missing (缺少必需材料)")),
    ("not_this_year", _("Not in the declared year (不属于申报年度)")),
    ("over_declared", _("Claims far more than the requirement (申报学时过多)")),
]
