"""Error pages are the portal's own: translated, in its layout, saying where to go."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import User
from portal.views import bad_request, server_error
from tests.factories import logged_in


def test_a_missing_page_is_translated_and_in_the_layout(teacher: User) -> None:
    response = logged_in(teacher).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'class="topbar"' in page
    assert reverse("declarations:my-hours") in page  # the navigation is there
    assert "返回首页" in page


def test_a_former_administrator_sees_why_the_review_list_is_closed(teacher: User) -> None:
    response = logged_in(teacher).get(reverse("review:queue"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "您无权进行此操作" in page
    assert "任职可能已结束" in page
    assert "Forbidden" not in page


def test_a_bad_request_page_says_what_to_do(rf: pytest.FixtureRequest, teacher: User) -> None:
    request = rf.get("/")  # type: ignore[attr-defined]
    request.user = teacher
    response = bad_request(request)
    assert response.status_code == 400
    assert "刷新页面后重试" in response.content.decode()


def test_a_server_error_page_is_translated_and_in_the_layout(
    rf: pytest.FixtureRequest, teacher: User
) -> None:
    request = rf.get("/")  # type: ignore[attr-defined]
    request.user = teacher
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page
    assert 'class="topbar"' in page


def test_a_locked_out_login_is_a_translated_429_in_the_same_look(teacher: User) -> None:
    client = Client()
    for _ in range(6):
        response = client.post(
            reverse("login"), {"username": teacher.id_number, "password": "wrong-password"}
        )
    page = response.content.decode()
    assert response.status_code == 429
    assert "错误 429" in page
    assert 'class="card narrow error-page"' in page
    assert "返回登录页" in page


def test_a_form_sent_from_an_expired_page_says_nothing_was_saved(teacher: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    response = client.post(reverse("portal:profile-edit"), {"email": "lin@example.edu.cn"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in page
    assert 'class="topbar"' in page
    teacher.refresh_from_db()
    assert teacher.email == ""
