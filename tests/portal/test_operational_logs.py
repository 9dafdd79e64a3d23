"""Operators see one line per request and errors in their tracker, never a full ID number."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from portal.logs import JsonFormatter, init_error_tracking

NUMBER = "410105199002140790"


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "portal.requests"]


@pytest.mark.django_db
def test_each_request_is_one_line_with_status_and_time(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="portal.requests")
    Client().get("/login/")

    [line] = request_lines(caplog)
    assert line.getMessage().startswith("GET /login/ 200 ")
    assert line.status == 200  # type: ignore[attr-defined]
    assert line.duration_ms > 0  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_json_line_masks_an_id_number_in_the_path(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="portal.requests")
    Client().get(f"/no-such-page/{NUMBER}/")

    [record] = request_lines(caplog)
    line = JsonFormatter().format(record)

    assert NUMBER not in line
    assert json.loads(line) | {"time": "", "duration_ms": 0} == {
        "time": "",
        "level": "INFO",
        "logger": "portal.requests",
        "message": "GET /no-such-page/4101**********0790/ 404 " + f"{record.duration_ms}ms",  # type: ignore[attr-defined]
        "method": "GET",
        "path": "/no-such-page/4101**********0790/",
        "status": 404,
        "duration_ms": 0,
    }


class Captured(Transport):
    """What would have gone to the error tracker."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        super().__init__()
        self.events = events

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(dict(event))


@pytest.fixture
def sent_events() -> Iterator[list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []
    init_error_tracking(
        "https://public@sentry.example.invalid/1",
        transport=Captured(events),
        default_integrations=False,
        auto_enabling_integrations=False,
    )
    yield events
    sentry_sdk.init()  # no DSN: off again


def test_an_error_event_masks_id_numbers_and_sends_no_personal_data(
    sent_events: list[dict[str, Any]],
) -> None:
    try:
        raise ValueError(f"no person with ID number {NUMBER}")
    except ValueError as error:
        sentry_sdk.capture_exception(error)

    [event] = sent_events
    assert NUMBER not in json.dumps(event, ensure_ascii=False)
    assert "4101**********0790" in json.dumps(event, ensure_ascii=False)
    assert not sentry_sdk.get_client().should_send_default_pii()
