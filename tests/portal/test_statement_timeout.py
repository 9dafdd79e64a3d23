"""Every PostgreSQL connection, the read replica's too, cancels a statement that runs too long."""

from __future__ import annotations

from typing import Any

from portal import settings


def test_every_postgresql_connection_gets_the_statement_timeout() -> None:
    replica: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "OPTIONS": {"options": "-c x=1"},
    }
    settings._with_statement_timeout(replica)
    assert replica["OPTIONS"]["options"] == (
        f"-c x=1 -c statement_timeout={settings.STATEMENT_TIMEOUT_MS}"
    )
    sqlite: dict[str, object] = {"ENGINE": "django.db.backends.sqlite3"}
    settings._with_statement_timeout(sqlite)
    assert "OPTIONS" not in sqlite
