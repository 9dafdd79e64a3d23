from __future__ import annotations

import io
import os
import time
from pathlib import Path

from django.core.management import call_command

from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import logged_in, png_bytes


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
