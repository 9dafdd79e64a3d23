"""The portal served as in production: gunicorn, with whitenoise serving the collected static
files under hashed names, compressed, cached for a year."""

from __future__ import annotations

import contextlib
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import servers


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serving") / "gunicorn.log"


@pytest.fixture(scope="module")
def server(django_db_setup: None, log: Path) -> Iterator[str]:
    env = servers.environment(log.parent)
    servers.collectstatic(env)
    # The access log on, as an operator might (ID numbers are masked as each log record is
    # made, portal.idnumbers.install_log_masking): it goes to the server's output.
    with servers.gunicorn(env, log, 1, "--access-logfile", "-") as url:
        yield url


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def stylesheet(server: str) -> str:
    _status, _headers, page = get(f"{server}/login/")
    found = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page.decode())
    assert found, "the login page links the stylesheet by its hashed name"
    return found.group(1)


def test_gunicorn_serves_the_hashed_stylesheet_cached_for_a_year(server: str) -> None:
    status, headers, body = get(server + stylesheet(server))

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in headers["Cache-Control"]
    assert b"{" in body


def test_the_stylesheet_comes_compressed_to_a_browser_that_accepts_it(server: str) -> None:
    _status, headers, _body = get(server + stylesheet(server), **{"Accept-Encoding": "gzip"})

    assert headers["Content-Encoding"] == "gzip"


def test_the_liveness_check_answers_under_gunicorn(server: str) -> None:
    status, _headers, body = get(f"{server}/healthz/live")

    assert (status, body) == (200, b'{"status": "ok"}')


def test_gunicorns_access_log_masks_an_id_number_in_the_address(server: str, log: Path) -> None:
    number = "410105199003031234"
    with contextlib.suppress(urllib.error.HTTPError):  # whatever it answers, it is logged
        get(f"{server}/verify/?number={number}&ref=41010519900303123X")
    for _ in range(50):
        lines = [line for line in log.read_text().splitlines() if '"GET /verify/?' in line]
        if lines:
            break
        time.sleep(0.1)
    assert lines, "gunicorn logged the request"
    assert number not in lines[0]
    assert "41010519900303123X" not in lines[0]
    assert "4101**********1234" in lines[0]
