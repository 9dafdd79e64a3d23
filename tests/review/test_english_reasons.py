"""A reviewer reading English picks English reasons; the teacher still reads the house's Chinese."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from declarations.models import Declaration
from portal.models import User
from tests.factories import logged_in

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_the_common_reasons_read_in_english_and_are_kept_in_chinese(
    pending: Declaration, civil_admin: User
) -> None:
    client = logged_in(civil_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("review:department-review", args=[pending.pk])
    html = client.get(url).content.decode()
    options = re.search(r'<select name="reason_code".*?</select>', html, re.S)

    assert options is not None
    assert "Missing proof from the unit" in options.group(0)
    assert CJK.findall(options.group(0)) == []

    client.post(url, {"decision": "return", "reason_code": "missing_unit_proof"})

    assert pending.history.last().reason == "缺少单位证明"  # type: ignore[attr-defined, union-attr]
