"""What the portal tells its operators: request lines (plain or JSON) and error events, with ID
numbers masked in both."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from portal.idnumbers import ID_NUMBER_PATTERN, mask

# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def masked(text: str) -> str:
    return ID_NUMBER_PATTERN.sub(lambda match: mask(match.group(0)), text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        # Extra fields (a path, an exception) are masked here; the message already was.
        return masked(json.dumps(line, ensure_ascii=False, default=str))


def mask_event(event: Any, hint: Any = None) -> Any:
    """Sentry's before_send: every string in the event with ID numbers masked."""
    if isinstance(event, str):
        return masked(event)
    if isinstance(event, dict):
        return {key: mask_event(value) for key, value in event.items()}
    if isinstance(event, list | tuple):
        return [mask_event(value) for value in event]
    return event


def init_error_tracking(dsn: str, **options: Any) -> None:
    import sentry_sdk

    # send_default_pii stays unset, which is off (and no longer takes False without a warning):
    # no user, cookies, headers or bodies; ID numbers masked in what remains.
    sentry_sdk.init(
        dsn=dsn,
        include_local_variables=False,
        before_send=mask_event,
        before_send_transaction=mask_event,
        **options,
    )
