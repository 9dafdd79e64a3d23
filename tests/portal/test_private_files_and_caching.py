"""What is private stays private: no cache keeps a logged-in page or a proof file, and the
embedded database and keys are readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from declarations.models import Declaration
from portal.models import User
from tests.declarations.helpers import submitted
from tests.factories import logged_in


@pytest.mark.parametrize(
    "name", ["portal:profile", "declarations:my-hours", "password_change", "admin:index"]
)
def test_logged_in_pages_are_kept_by_no_cache(hr_officer: User, name: str) -> None:
    response = logged_in(hr_officer).get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_proof_file_is_kept_by_no_cache(teacher: User, civil_admin: User) -> None:
    declaration: Declaration = submitted(teacher)
    evidence = declaration.active_evidence().get()
    for user in (teacher, civil_admin):
        for query in ({}, {"inline": "1"}):
            response = logged_in(user).get(reverse("declarations:file", args=[evidence.pk]), query)
            assert response.status_code == 200
            assert response["Cache-Control"] == "private, no-store"


def test_the_embedded_database_and_keys_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "ID_NUMBER_KEYS", "ID_NUMBER_HASH_KEY")
    }
    environment["PORTAL_VAR_DIR"] = str(tmp_path / "var")
    script = (
        "import os, django; os.umask(0o022); "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); "
        "from django.db import connection; "
        "connection.cursor().execute('CREATE TABLE t (x int)')"
    )
    subprocess.run([sys.executable, "-c", script], env=environment, check=True, cwd=Path.cwd())
    files = sorted(p for p in (tmp_path / "var").rglob("*") if p.is_file())
    names = {p.relative_to(tmp_path / "var").as_posix() for p in files}
    assert {"portal.sqlite3", "keys/secret_key", "keys/id_number_key"} <= names
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {
        p.name: oct(0o600) for p in files
    }
    assert stat.S_IMODE((tmp_path / "var" / "keys").stat().st_mode) == 0o700
