from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from declarations.models import QUARANTINE, Evidence


class Command(BaseCommand):
    help = (
        "Delete stored proof files that no record refers to (left by a process that died between "
        "storing a file and recording it; quarantined uploads included), and the temporary "
        "files uploads are spooled to (left by a server killed mid-upload). Stored files "
        "younger than --hours and spooled files younger than --spool-minutes are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--spool-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(hours=options["hours"])
        swept = 0
        for folder in ("declarations", "declarations/thumbnails", QUARANTINE):
            if not default_storage.exists(folder):
                continue
            _dirs, files = default_storage.listdir(folder)
            names = [f"{folder}/{name}" for name in files]
            known = set(
                Evidence.objects.filter(
                    Q(file__in=names) | Q(thumbnail__in=names) | Q(original__in=names)
                ).values_list("file", "thumbnail", "original")
            )
            referenced = {name for row in known for name in row}
            for name in names:
                if name in referenced or default_storage.get_modified_time(name) > cutoff:
                    continue
                swept += 1
                if not options["dry_run"]:
                    default_storage.delete(name)
        spooled = self._sweep_spool(options["spool_minutes"], dry_run=options["dry_run"])
        self.stdout.write(
            f"{swept} orphaned file(s) and {spooled} spooled upload(s) "
            f"{'found' if options['dry_run'] else 'deleted'}."
        )

    def _sweep_spool(self, minutes: int, *, dry_run: bool) -> int:
        """A request spools an upload for as long as it runs; anything older is a dead server's."""
        if not settings.FILE_UPLOAD_TEMP_DIR:
            return 0
        cutoff = time.time() - minutes * 60
        swept = 0
        for path in Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir():
            try:
                if not path.is_file() or path.stat().st_mtime > cutoff:
                    continue
                if not dry_run:
                    path.unlink()
            except FileNotFoundError:
                continue  # its request finished meanwhile
            swept += 1
        return swept
