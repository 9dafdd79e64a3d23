"""Resident ID numbers (居民身份证号码): validation, masking, encryption at rest, keyed lookup.

An ID number is sensitive personal information (PIPL 第二十八条). It is stored only encrypted,
found by an HMAC keyed with a secret from the environment, and shown masked.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import re
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Looser, for masking: the same 18 characters also when split by spaces, dashes or their
# URL-encoded forms (410105 19950403 105X, 410105%2019950403%20105X, 410105+19950403+105X).
_SEPARATOR = r"(?:\s|%20|\+|-|%2[dD]|%2[bB])?"
ID_NUMBER_LIKE = re.compile(
    rf"(?:(?<![0-9A-Za-z])|(?<=%20)|(?<=%2[bBdD]))(?:\d{_SEPARATOR}){{17}}[\dXx](?![0-9A-Za-z])"
)
_SEPARATORS = re.compile(r"\s|%20|\+|-|%2[dDbB]")


def normalize(raw: str) -> str:
    """Strip spaces and upper-case the check character (x becomes X)."""
    return "".join(str(raw).split()).upper()


def validate(raw: str) -> str:
    """Return the normalized number or raise ValidationError with a message a person understands.

    Checks the GB 11643 check digit and the birth date; an unknown birthplace code is not an
    error, since codes change and old numbers stay valid.
    """
    number = normalize(raw)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("This is an old 15-digit ID number. Please enter your 18-digit ID number."),
            code="old_format",
        )
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a final digit or X."),
            code="format",
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong. Please check each digit."),
            code="check_digit",
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > datetime.date.today():
        raise ValidationError(
            _("The birth date in this ID number (digits 7 to 14) is not a real date."),
            code="birth_date",
        )
    return number


def mask(number: str) -> str:
    """Show the region and the last four characters only: 4101**********123X."""
    return f"{number[:4]}{'*' * 10}{number[-4:]}" if len(number) == 18 else "*" * len(number)


def birth_date_strings(number: str) -> tuple[str, ...]:
    """The ways a person might write their birth date into a password."""
    digits = number[6:14]
    return (digits, f"{digits[:4]}-{digits[4:6]}-{digits[6:]}", digits[2:])


def lookup_hash(number: str) -> str:
    """The keyed hash used to find a person by ID number without storing it in the clear."""
    key = settings.ID_NUMBER_HASH_KEY.encode()
    return hmac.new(key, normalize(number).encode(), hashlib.sha256).hexdigest()


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(number: str) -> str:
    return _fernet(tuple(settings.ID_NUMBER_KEYS)).encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.ID_NUMBER_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("ID number cannot be decrypted with the configured keys") from error


def reencrypt(token: str) -> str:
    """The same number encrypted with the first key (key rotation); raises ValueError when no
    configured key opens it."""
    try:
        return _fernet(tuple(settings.ID_NUMBER_KEYS)).rotate(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("ID number cannot be decrypted with the configured keys") from error


def axes_username(request: Any, credentials: dict[str, Any] | None) -> str:
    """What django-axes records for a login attempt: the keyed hash, never the number. The number
    as typed comes first: after a successful login axes passes `get_username()`, the masked form,
    and the failures it resets must be found by the same hash."""
    raw = request.POST.get("username") or (credentials or {}).get("username") or ""
    return lookup_hash(raw)


def mask_text(text: str) -> str:
    """Mask everything in `text` shaped like an ID number, however it is spaced or encoded."""
    return ID_NUMBER_LIKE.sub(lambda m: mask(_SEPARATORS.sub("", m.group(0)).upper()), text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    message = record.getMessage()
    masked = mask_text(message)
    if masked != message:
        record.msg = masked
        record.args = ()
    # A traceback is formatted once and cached in exc_text, which every formatter then uses.
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    return record


class MaskIdNumbersFilter(logging.Filter):
    """Mask anything shaped like an ID number in a log record, as a last line of defence."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_masking() -> None:
    """Mask ID numbers as each log record is made, so that every handler sees them masked."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_id_numbers", False):
        return

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(make_record(*args, **kwargs))

    masked.masks_id_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
