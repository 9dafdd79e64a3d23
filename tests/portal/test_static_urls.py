"""Static URLs are the manifest's hashed names, worked out once per name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.staticfiles import StaticFilesStorage


def storage_with_manifest(root: Path) -> StaticFilesStorage:
    paths = {"css/portal.css": "css/portal.0123abcd.css"}
    manifest = {"paths": paths, "version": "1.1", "hash": "x"}
    (root / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(root), base_url="/static/")


def test_a_static_url_is_the_hashed_name_every_time(tmp_path: Path) -> None:
    storage = storage_with_manifest(tmp_path)
    first = storage.url("css/portal.css")
    assert first == "/static/css/portal.0123abcd.css"
    assert storage.url("css/portal.css") == first


def test_a_file_missing_from_the_manifest_fails_every_time(tmp_path: Path) -> None:
    storage = storage_with_manifest(tmp_path)
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
