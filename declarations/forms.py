from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import rules
from declarations import i18n
from declarations.validators import multi_line, single_line

FIRST_YEAR = 2017  # the electronic certificate started on 2017-12-01
NOTE_MAX_CHARS = 2000


class DateInput(forms.DateInput):
    input_type = "date"


class DeclarationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[single_line])
    organiser = forms.CharField(
        label=_("Organiser"), max_length=200, required=False, validators=[single_line]
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("The year the hours count for. Left empty, it is the year of the end date."),
    )
    subject = forms.ChoiceField(
        label=_("Counts for"),
        choices=[
            (rules.PROFESSIONAL, _("Professional subjects")),
            (rules.PUBLIC, _("Public subjects")),
        ],
    )
    claimed_hours = forms.DecimalField(
        label=_("Hours you claim"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=2,
        help_text=_("Left empty, you claim the hours computed by the rules."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        validators=[multi_line],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, hour_type: rules.HourType, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hour_type = hour_type
        if len(hour_type.subjects) < 2:
            del self.fields["subject"]
        if hour_type.code == "leave_adjustment":
            del self.fields["claimed_hours"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("The end date is before the start date."))
        if ends:
            year = cleaned.get("year") or ends.year
            latest = timezone.localdate().year + 1
            if not FIRST_YEAR <= year <= latest:
                self.add_error(
                    "year",
                    _("The year must be between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": latest},
                )
            cleaned["year"] = year
            self._check_dates_near(year, cleaned)
        if "subject" not in self.fields:
            cleaned["subject"] = next(iter(self.hour_type.subjects), "")
        return cleaned

    def _check_dates_near(self, year: int, cleaned: dict[str, Any]) -> None:
        """Dates fall in the year the hours count for or in a year next to it (a course from
        December to January counts for one of them): never 0001-01-01, never an end in 1900."""
        first, last = datetime.date(year - 1, 1, 1), datetime.date(year + 1, 12, 31)
        for field in ("starts_on", "ends_on"):
            day = cleaned.get(field)
            if day is not None and not first <= day <= last and field not in self.errors:
                self.add_error(
                    field,
                    _("The date must fall in %(year)s or in a year next to it.") % {"year": year},
                )


class FactsForm(forms.Form):
    """The facts a type needs, built from its `rules.HOUR_TYPES` schema; `rules` judges them."""

    def __init__(self, hour_type: rules.HourType, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "facts")
        super().__init__(*args, **kwargs)
        self.hour_type = hour_type
        for fact in hour_type.facts:
            self.fields[fact.name] = self._field_for(fact)

    @staticmethod
    def _field_for(fact: rules.Fact) -> forms.Field:
        label = i18n.local(fact, "label")
        attrs: dict[str, Any] = {}
        if fact.when is not None:
            attrs["data-when-fact"] = fact.when.fact
            attrs["data-when-values"] = " ".join(str(v).lower() for v in fact.when.values)
        required = fact.required and fact.when is None
        kind = fact.kind
        field: forms.Field
        if kind is rules.FactKind.BOOL:
            field = forms.BooleanField(
                label=label, required=False, initial=fact.default, widget=forms.CheckboxInput(attrs)
            )
        elif kind is rules.FactKind.CHOICE:
            choices = [(c.value, i18n.local(c, "label")) for c in fact.choices]
            if fact.default is None:
                choices.insert(0, ("", "—"))
            field = forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                initial=fact.default,
                widget=forms.Select(attrs),
            )
        else:
            attrs.update(
                min=fact.minimum,
                max=fact.maximum,
                step="1" if kind is rules.FactKind.INT else "0.1",
                inputmode="numeric" if kind is rules.FactKind.INT else "decimal",
            )
            field = forms.CharField(
                label=label,
                required=required,
                widget=forms.NumberInput(attrs),
                initial=fact.default,
            )
        return field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        raw = {name: value for name, value in cleaned.items() if value not in ("", None)}
        try:
            facts = self.hour_type.clean(raw)
        except rules.InvalidFacts as invalid:
            for name, message in invalid.errors.items():
                self.add_error(name if name in self.fields else None, i18n.text(message))
            return cleaned
        # Stored as JSON: Decimals as strings, which the rules read back exactly.
        self.facts = {k: str(v) if isinstance(v, Decimal) else v for k, v in facts.items()}
        return cleaned

    def agrees_with(self, dates: dict[str, Any]) -> bool:
        """Facts that cannot be true of the declared dates are refused on their field: more days
        than the dates span, more months than they touch, more hours than 24 a day. Call once
        both forms are valid."""
        starts, ends = dates.get("starts_on"), dates.get("ends_on")
        if starts is None or ends is None:
            return True
        span_days = (ends - starts).days + 1
        limits = {
            "days": (span_days, _("At most %(limit)s days: the dates span %(limit)s day(s).")),
            "months": (
                (ends.year - starts.year) * 12 + ends.month - starts.month + 1,
                _("At most %(limit)s months: the dates span %(limit)s month(s)."),
            ),
            "hours": (
                24 * span_days,
                _("At most %(limit)s hours: 24 a day over the dates' %(days)s day(s)."),
            ),
        }
        agrees = True
        for name, (limit, message) in limits.items():
            value = self.facts.get(name)
            if name in self.fields and value not in (None, "") and Decimal(str(value)) > limit:
                self.add_error(name, message % {"limit": limit, "days": span_days})
                agrees = False
        return agrees
