"""The portal served as in production: gunicorn, with whitenoise serving the collected static
files under hashed names, compressed, cached for a year."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator

import pytest

from tests import servers


@pytest.fixture(scope="module")
def server(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("serving")
    env = servers.environment(tmp)
    servers.collectstatic(env)
    with servers.gunicorn(env, tmp / "gunicorn.log", workers=1) as url:
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
