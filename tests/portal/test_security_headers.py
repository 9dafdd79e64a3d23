from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts() -> None:
    response = Client().get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.content.decode())


@pytest.mark.django_db
def test_the_portal_speaks_chinese_first_and_english_on_request() -> None:
    client = Client()
    assert "登录" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Log in" in client.get(reverse("login")).content.decode()
