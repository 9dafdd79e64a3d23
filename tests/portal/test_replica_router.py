"""With a read replica, a person never reads older data than what they just wrote."""

from __future__ import annotations

import time

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from pytest_django import Settings

from portal.db_router import PIN_COOKIE, ROUTER, PinToPrimaryMiddleware, PrimaryReplicaRouter
from portal.models import User

router = PrimaryReplicaRouter()


@pytest.fixture
def with_replica(settings: Settings) -> None:
    # As settings.py does when DATABASE_REPLICA_URL is set (these tests make no query).
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.REPLICA_PIN_SECONDS = 10


def reads_in(request: HttpRequest, *, writes: bool = False) -> tuple[list[str], HttpResponse]:
    """Where a view's reads go (before and after an optional write), and its response."""
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(User))
        if writes:
            router.db_for_write(User)
            seen.append(router.db_for_read(User))
        return HttpResponse()

    response = PinToPrimaryMiddleware(view)(request)
    return seen, response


def test_a_page_of_someone_who_wrote_nothing_reads_from_the_replica(with_replica: None) -> None:
    seen, response = reads_in(RequestFactory().get("/hours/"))

    assert seen == ["replica"]
    assert PIN_COOKIE not in response.cookies


def test_after_a_write_the_rest_of_the_request_reads_from_the_primary(with_replica: None) -> None:
    seen, response = reads_in(RequestFactory().get("/hours/"), writes=True)

    assert seen == ["replica", "default"]
    assert PIN_COOKIE in response.cookies


def test_a_form_post_reads_and_writes_on_the_primary_and_pins_the_next_pages(
    with_replica: None,
) -> None:
    seen, response = reads_in(RequestFactory().post("/hours/new/"))

    assert seen == ["default"]
    assert response.cookies[PIN_COOKIE]["max-age"] == 10


def test_the_page_after_a_change_reads_from_the_primary(with_replica: None) -> None:
    request = RequestFactory().get("/hours/")
    request.COOKIES[PIN_COOKIE] = f"{time.time() + 5:.0f}"

    seen, _response = reads_in(request)

    assert seen == ["default"]


def test_once_the_pin_has_passed_pages_read_from_the_replica_again(with_replica: None) -> None:
    request = RequestFactory().get("/hours/")
    request.COOKIES[PIN_COOKIE] = f"{time.time() - 1:.0f}"

    seen, _response = reads_in(request)

    assert seen == ["replica"]


def test_outside_a_request_the_worker_reads_from_the_primary() -> None:
    assert router.db_for_read(User) == "default"


def test_only_the_primary_is_migrated() -> None:
    assert router.allow_migrate("default", "portal")
    assert not router.allow_migrate("replica", "portal")
