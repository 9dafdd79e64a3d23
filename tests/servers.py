"""Real processes for the production tests: gunicorn app servers and db_worker workers on the test
database, each started the way docs/deploy.md starts them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# Settings a child must not inherit from the shell that runs the tests.
INHERITED = re.compile(
    r"(DATABASE_.*|MEDIA_ROOT|STATIC_ROOT|PORTAL_VAR_DIR|SECRET_KEY|ID_NUMBER_.*|AWS_.*|MAIL_.*"
    r"|HTTPS|BEHIND_PROXY|DEBUG|TASKS_IMMEDIATE|DJANGO_.*|ALLOWED_HOSTS|CACHE_URL|SENTRY_.*"
    r"|LOG_.*|WORKER_.*)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process on the test database and the test's secrets."""
    env = {key: value for key, value in os.environ.items() if not INHERITED.fullmatch(key)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.server_settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": test_database_url(),
            "PORTAL_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "SECRET_KEY": settings.SECRET_KEY,
            "ID_NUMBER_KEYS": ",".join(settings.ID_NUMBER_KEYS),
            "ID_NUMBER_HASH_KEY": settings.ID_NUMBER_HASH_KEY,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            "WORKER_LEASE_SECONDS": "3",
            # Every test client registers from 127.0.0.1: the per-address hourly limit
            # (tested in tests/portal/test_registration.py) would stop the 50 registrations.
            "REGISTRATION_LIMIT_PER_HOUR": "1000",
        }
    )
    env.update(extra)
    return env


def collectstatic(env: Mapping[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=dict(env),
        check=True,
    )


def wait_until_listening(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def gunicorn_command(port: int, workers: int, *extra: str) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        *extra,
    ]


def worker_options(worker_id: str) -> list[str]:
    return ["--worker-id", worker_id, "--interval", "0.2", "--no-startup-delay", "-v2"]


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env: Mapping[str, str], log: Path, workers: int = 2, *extra: str) -> Iterator[str]:
    """A gunicorn app server, as in docs/deploy.md; yields its base URL."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            gunicorn_command(port, workers, *extra),
            cwd=ROOT,
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def start_worker(env: Mapping[str, str], log: Path, worker_id: str) -> subprocess.Popen[bytes]:
    """A background worker, as in docs/deploy.md (its output appended to `log`)."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", *worker_options(worker_id)],
            cwd=ROOT,
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
