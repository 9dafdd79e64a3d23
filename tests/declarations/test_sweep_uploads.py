from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command

from declarations.models import QUARANTINE
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import logged_in, pdf_bytes, png_bytes


def test_it_deletes_only_old_files_no_record_refers_to(teacher: User, media_in_tmp: Path) -> None:
    client = logged_in(teacher)
    upload(
        client, declare(client, "endorsed_report", {}), "leader_instruction", "a.png", png_bytes()
    )
    kept = sorted(p for p in media_in_tmp.rglob("*") if p.is_file())
    orphan, fresh = (
        media_in_tmp / "declarations" / "orphan.pdf",
        media_in_tmp / "declarations" / "fresh.pdf",
    )
    orphan.write_bytes(b"%PDF-")
    fresh.write_bytes(b"%PDF-")
    old = time.time() - 3 * 24 * 3600
    for path in [orphan, *kept]:
        os.utime(path, (old, old))
    call_command("sweep_uploads", stdout=io.StringIO())
    assert sorted(p for p in media_in_tmp.rglob("*") if p.is_file()) == sorted([*kept, fresh])


def test_it_keeps_a_quarantined_upload_its_record_refers_to_and_deletes_an_orphaned_one(
    teacher: User, media_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload of a file whose rewrite failed stays for the record; one left by a process
    that died before recording it goes."""
    monkeypatch.setattr(pikepdf.Pdf, "save", _broken)
    client = logged_in(teacher)
    upload(
        client, declare(client, "endorsed_report", {}), "leader_instruction", "a.pdf", pdf_bytes()
    )
    quarantine = media_in_tmp / QUARANTINE
    [kept] = list(quarantine.iterdir())
    orphan = quarantine / "orphan.pdf"
    orphan.write_bytes(b"%PDF-")
    old = time.time() - 3 * 24 * 3600
    for path in (kept, orphan):
        os.utime(path, (old, old))
    call_command("sweep_uploads", stdout=io.StringIO())
    assert list(quarantine.iterdir()) == [kept]


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("qpdf could not write it")


def test_it_deletes_what_a_server_killed_mid_upload_left_in_the_spool(settings: object) -> None:
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR)  # type: ignore[attr-defined]
    dead, running = spool / "tmpa1b2c3.upload.pdf", spool / "tmpd4e5f6.upload.pdf"
    dead.write_bytes(b"%PDF-1.7 half of it")
    running.write_bytes(b"%PDF-1.7 still arriving")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(dead, (two_hours_ago, two_hours_ago))
    call_command("sweep_uploads", stdout=io.StringIO())
    assert sorted(spool.iterdir()) == [running]


def test_uploads_are_spooled_where_the_sweep_looks() -> None:
    from django.conf import settings as configured

    from portal import settings as portal_settings

    assert Path(portal_settings.FILE_UPLOAD_TEMP_DIR).is_relative_to(portal_settings.VAR_DIR)
    assert configured.FILE_UPLOAD_HANDLERS[-1].endswith("TemporaryFileUploadHandler")
