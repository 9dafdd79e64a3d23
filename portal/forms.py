from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal import idnumbers
from portal.models import Department, User

PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


class IdNumberInput(forms.TextInput):
    """Never echoes an ID number back into a page, not even to the person who typed it."""

    def format_value(self, value: Any) -> str | None:
        return None


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("ID number"),
        max_length=32,
        widget=IdNumberInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}
        ),
    )
    error_messages = {
        # One answer for an unknown ID number and a wrong password.
        "invalid_login": _("The ID number or password is not correct."),
        "inactive": _("The ID number or password is not correct."),
    }

    def clean_username(self) -> str:
        return idnumbers.normalize(self.cleaned_data["username"])


class RegistrationForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        help_text=_("Your 18-character resident ID number. It is your login."),
        widget=IdNumberInput(attrs={"autocomplete": "username"}),
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(active=True),
        empty_label=_("Choose your department"),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    title = forms.CharField(label=_("Professional title (职称)"), max_length=50, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters, not only digits, and not part of your ID number or birth date."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_id_number(self) -> str:
        # Whether the number is registered already is not said here: that would tell anyone.
        return idnumbers.validate(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        phone = "".join(self.cleaned_data["phone"].split())
        if not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("Enter an 11-digit mobile number or a landline such as 0371-12345678."),
                code="phone",
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1 and "id_number" in cleaned:
            candidate = User(name=cleaned.get("name", ""))
            candidate.set_id_number(cleaned["id_number"])
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RejectRegistrationForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
