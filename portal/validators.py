from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal import idnumbers


class IdNumberPasswordValidator:
    """Refuse a password that contains six consecutive characters of the holder's ID number,
    or their birth date. The legacy system set passwords to the last six digits; never again."""

    def validate(self, password: str, user: Any = None) -> None:
        number = self._id_number(user)
        if not number:
            return
        folded = password.upper()
        pieces = {number[i : i + 6] for i in range(len(number) - 5)}
        pieces.update(idnumbers.birth_date_strings(number))
        if any(piece in folded for piece in pieces):
            raise ValidationError(
                _("The password must not contain part of your ID number or your birth date."),
                code="password_contains_id_number",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot contain part of your ID number or your birth date.")

    @staticmethod
    def _id_number(user: Any) -> str:
        try:
            return str(user.id_number) if user is not None else ""
        except (AttributeError, ValueError):
            return ""
