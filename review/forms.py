from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

import rules
from declarations import i18n
from declarations.models import Declaration, Status
from declarations.validators import multi_line, single_line
from portal.models import Department
from portal.widgets import (
    FastHiddenInput,
    FastNumberInput,
    FastSelect,
    FastTextarea,
    FastTextInput,
)
from review.reasons import RETURN_REASONS

FLAGS = [
    ("over_declared", _("Over the yearly threshold")),
    ("shared_evidence", _("File also in someone else's declaration")),
    ("claimed_differs", _("Claimed ≠ computed")),
    ("base_batch", _("Materials waived: base batch")),
]


class QueueFilterForm(forms.Form):
    # Rendered on every queue page: widgets that skip a template per option.
    year = forms.IntegerField(label=_("Year"), required=False, widget=FastNumberInput)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)
    person = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=50,
        validators=[single_line],
        widget=FastTextInput,
    )
    flag = forms.ChoiceField(
        label=_("Flag"), required=False, choices=[("", "—"), *FLAGS], widget=FastSelect
    )

    def __init__(self, *args: Any, statuses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (code, i18n.type_label(code)) for code in rules.HOUR_TYPES
        ]
        labels = dict(Status.choices)
        self.fields["status"].choices = [("all", _("All"))] + [  # type: ignore[attr-defined]
            (s, labels[s]) for s in statuses
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return to the declarant"))],
        widget=forms.RadioSelect,
    )
    # Rendered on every review page: widgets without a template per option (the radio buttons
    # keep Django's, for their fieldset and ids).
    hours = forms.DecimalField(
        label=_("Hours approved"),
        required=False,
        min_value=Decimal(0),
        decimal_places=2,
        help_text=_("Leave empty to approve the hours claimed. Lowering them needs a reason."),
        widget=FastNumberInput,
    )
    reason_code = forms.ChoiceField(
        label=_("Common reason"),
        required=False,
        choices=[("", "—"), *RETURN_REASONS],
        widget=FastSelect,
    )
    reason_text = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=FastTextarea(attrs={"rows": 2}),
        max_length=1000,
        validators=[multi_line],
    )
    seen_event = forms.IntegerField(widget=FastHiddenInput, required=False)

    def __init__(
        self, declaration: Declaration, *args: Any, stage: str = "department", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        # Where the 办法 leaves the hours to an authority, this stage's reviewer sets them.
        self.sets_hours = declaration.hours_set_at() == stage
        if self.sets_hours:
            self.fields["hours"].label = _("Hours you set")
            self.fields["hours"].help_text = _(
                "The 办法 leaves these hours to you: enter them, with the reason "
                "(the standard you applied)."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        labels = dict(RETURN_REASONS)
        # The common reason is stored in Chinese, the portal's first language, whoever reads it.
        with translation.override("zh-hans"):
            parts = [str(labels[cleaned["reason_code"]])] if cleaned.get("reason_code") else []
        if cleaned.get("reason_text", "").strip():
            parts.append(cleaned["reason_text"].strip())
        cleaned["reason"] = "；".join(parts)
        hours = cleaned.get("hours")
        claimed = self.declaration.counted_hours
        if cleaned.get("decision") == "return":
            cleaned["hours"] = None
            if not cleaned["reason"]:
                self.add_error("reason_text", _("Say why it is returned: the declarant reads it."))
        elif self.sets_hours:
            if hours is None or hours > 1000:
                self.add_error("hours", _("Enter the hours you set, at most 1000."))
            elif not cleaned["reason"]:
                self.add_error("reason_text", _("Say how the hours were set."))
        elif hours is not None:
            if hours > claimed:
                self.add_error(
                    "hours", _("Approve at most the hours claimed (%(h)s).") % {"h": claimed}
                )
            elif hours < claimed and not cleaned["reason"]:
                self.add_error("reason_text", _("Say why the hours are lowered."))
            elif hours == claimed:
                cleaned["hours"] = None
        return cleaned


class SpotCheckForm(forms.Form):
    # Rendered on every visit of the spot-check list: widgets that skip a template per option.
    year = forms.IntegerField(
        label=_("Year"), min_value=2017, max_value=2100, widget=FastNumberInput
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
        widget=FastSelect,
    )
    count = forms.IntegerField(
        label=_("How many"), min_value=1, max_value=10_000, required=False, widget=FastNumberInput
    )
    percent = forms.DecimalField(
        label=_("Or a percentage"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        required=False,
        widget=FastNumberInput,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("count") is None) == (cleaned.get("percent") is None):
            raise forms.ValidationError(_("Give either a count or a percentage."))
        return cleaned
