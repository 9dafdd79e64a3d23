from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings: object, tmp_path: Path) -> Path:
    """Uploaded files go to a fresh folder per test, through the real storage API."""
    media = tmp_path / "media"
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
    }
    return media
