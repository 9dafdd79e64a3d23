"""Public verification without login: only the masked name and ID, the number, and each sealed
yearly record with its seal date and whether it is current or revoked."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from certificates.models import SealedRecord
from certificates.views import mask_name
from portal.models import User
from tests.certificates.conftest import complete_year


def shown(html: str) -> dict[str, str]:
    fields = re.findall(r'<dd class="(v-[a-z]+)[^"]*">([^<]*)</dd>', html)
    return dict(fields)


def test_the_token_page_shows_exactly_the_allowed_fields(teacher: User, hr_officer: User) -> None:
    complete_year(teacher)
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    token = teacher.certificate.token  # type: ignore[attr-defined]
    html = Client().get(reverse("verify:token", args=[token])).content.decode()
    assert shown(html) == {
        "v-name": "林*师",
        "v-id": teacher.masked_id_number,
        "v-number": teacher.certificate.number,  # type: ignore[attr-defined]
    }
    records = re.findall(r'<li class="(current|revoked)">(.*?)</li>', html, re.S)
    assert len(records) == 1
    assert records[0][0] == "current" and "2025" in records[0][1]
    for never in ("林老师", "土木工程系", "全国职业教育学术年会", "何人事", teacher.phone):
        assert never not in html


def test_a_revoked_revision_says_so_next_to_the_current_one(
    teacher: User, hr_officer: User
) -> None:
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer).revoke(by=hr_officer, reason="更正")
    SealedRecord.seal(person=teacher, year=2025, by=hr_officer)
    token = teacher.certificate.token  # type: ignore[attr-defined]
    html = Client().get(reverse("verify:token", args=[token])).content.decode()
    assert re.findall(r'<li class="(current|revoked)">', html) == ["current", "revoked"]
    assert "已撤销" in html or "revoked" in html


def test_an_unknown_token_is_a_plain_404(db: None) -> None:
    assert Client().get(reverse("verify:token", args=["guess"])).status_code == 404


def test_guessing_tokens_is_rate_limited_per_address(teacher: User, settings: object) -> None:
    settings.VERIFY_MISSES_ALLOWED = 3  # type: ignore[attr-defined]
    guesser, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    codes = [guesser.get(reverse("verify:token", args=[f"g{n}"])).status_code for n in range(4)]
    token = teacher.certificate.token  # type: ignore[attr-defined]
    assert codes == [404, 404, 404, 429]
    assert guesser.get(reverse("verify:token", args=[token])).status_code == 429
    assert other.get(reverse("verify:token", args=[token])).status_code == 200


def test_the_form_finds_a_certificate_by_number_and_name(teacher: User) -> None:
    number = teacher.certificate.number  # type: ignore[attr-defined]
    response = Client().post(reverse("verify:form"), {"number": number, "name": "林老师"})
    assert shown(response.content.decode())["v-number"] == number


def test_the_form_with_the_wrong_name_finds_nothing(teacher: User) -> None:
    number = teacher.certificate.number  # type: ignore[attr-defined]
    response = Client().post(reverse("verify:form"), {"number": number, "name": "李老师"})
    assert shown(response.content.decode()) == {}
    assert response.context["form"].non_field_errors()


def test_the_form_refuses_a_number_that_is_not_13_digits(db: None) -> None:
    response = Client().post(reverse("verify:form"), {"number": "41010", "name": "林老师"})
    assert response.context["form"].errors["number"]


def test_names_are_masked_in_the_middle() -> None:
    assert [mask_name(n) for n in ("林远", "林思远", "欧阳思远")] == ["林*", "林*远", "欧**远"]
