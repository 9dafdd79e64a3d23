from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from declarations.models import Evidence


class Command(BaseCommand):
    help = (
        "Delete stored proof files that no record refers to (left by a process that died between "
        "storing a file and recording it). Files younger than --hours are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(hours=options["hours"])
        swept = 0
        for folder in ("declarations", "declarations/thumbnails"):
            if not default_storage.exists(folder):
                continue
            _dirs, files = default_storage.listdir(folder)
            names = [f"{folder}/{name}" for name in files]
            known = set(
                Evidence.objects.filter(Q(file__in=names) | Q(thumbnail__in=names)).values_list(
                    "file", "thumbnail"
                )
            )
            referenced = {name for pair in known for name in pair}
            for name in names:
                if name in referenced or default_storage.get_modified_time(name) > cutoff:
                    continue
                swept += 1
                if not options["dry_run"]:
                    default_storage.delete(name)
        self.stdout.write(
            f"{swept} orphaned file(s) {'found' if options['dry_run'] else 'deleted'}."
        )
