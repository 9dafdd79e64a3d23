from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal import idnumbers
from portal.models import User
from tests.factories import UserFactory, make_id_number

VALID = make_id_number(7)


def test_it_accepts_a_valid_number_and_upper_cases_x() -> None:
    number = "11010519491231002x"
    assert idnumbers.validate(number) == "11010519491231002X"


def test_it_accepts_an_unknown_birthplace_code() -> None:
    body = "99999919900101001"
    number = body + idnumbers.ric.calc_check_digit(body + "0")
    assert idnumbers.validate(number) == number


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (VALID[:-1] + ("1" if VALID[-1] != "1" else "2"), "check_digit"),
        ("410105900101001", "old_format"),
        ("41010519900101001", "format"),
        ("4101051990010100AB", "format"),
    ],
    ids=["wrong check digit", "15-digit old number", "17 characters", "letters"],
)
def test_it_refuses_a_bad_number_with_a_reason(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        idnumbers.validate(raw)
    assert caught.value.code == code


def test_the_birth_date_case_gets_a_real_check_digit() -> None:
    # 30 February must fail on the date, not only on the check digit.
    body = "41010519900230001"
    number = body + idnumbers.ric.calc_check_digit(body + "0")
    with pytest.raises(ValidationError) as caught:
        idnumbers.validate(number)
    assert caught.value.code == "birth_date"


def test_it_masks_all_but_region_and_last_four() -> None:
    assert idnumbers.mask("41010519900101123X") == "4101**********123X"


@pytest.mark.django_db
def test_it_stores_the_number_only_encrypted() -> None:
    user = UserFactory.create(id_number=VALID)
    stored = User.objects.values_list("id_hash", "id_encrypted").get(pk=user.pk)
    assert VALID not in "".join(stored)
    assert User.objects.get(pk=user.pk).id_number == VALID


@pytest.mark.django_db
def test_it_finds_a_person_by_the_number_in_any_case() -> None:
    body = "41010519850505002"
    number = body + idnumbers.ric.calc_check_digit(body + "0")
    user = UserFactory.create(id_number=number)
    assert User.objects.get_by_natural_key(f" {number.lower()} ") == user


def test_the_log_filter_masks_id_numbers() -> None:
    import logging

    record = logging.LogRecord("x", logging.INFO, "", 0, "login for %s", (VALID,), None)
    idnumbers.MaskIdNumbersFilter().filter(record)
    assert VALID not in record.getMessage()
    assert idnumbers.mask(VALID) in record.getMessage()
