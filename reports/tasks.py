"""Exports too big for a request: written by the background worker to private storage, with
their progress shown, for the person who asked to download for 24 hours."""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone, translation

from portal import spreadsheets
from reports.exports import definition
from reports.models import KEEP, Export

logger = logging.getLogger(__name__)


@task()
def build_export(export_id: int) -> None:
    """Safe to run again: only a waiting export is started."""
    started = Export.objects.filter(pk=export_id, state=Export.State.WAITING).update(
        state=Export.State.RUNNING, done=0
    )
    if not started:
        return
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    sweep_expired()
    try:
        with translation.override(export.requested_by.language or "zh-hans"):
            made = definition(export.requested_by, export.kind, export.parameters)
            total = made.count()
            Export.objects.filter(pk=export_id).update(total=total)
            with tempfile.TemporaryDirectory(prefix="export-") as folder:
                path = Path(folder) / f"export.{export.format}"
                spreadsheets.write(
                    export.format,
                    path,
                    made.columns,
                    made.rows(full_ids=export.full_ids),
                    title=made.title,
                    progress=lambda done: _progress(export_id, done),
                )
                with path.open("rb") as written:
                    name = default_storage.save(
                        f"reports/exports/{uuid.uuid4().hex}.{export.format}", File(written)
                    )
    except PermissionDenied:
        _finish(export_id, Export.State.FAILED)
        return
    except Exception:
        _finish(export_id, Export.State.FAILED)
        raise
    Export.objects.filter(pk=export_id).update(
        state=Export.State.READY,
        file=name,
        file_name=f"{made.file_name}.{export.format}"[:200],
        done=total,
        finished_at=timezone.now(),
    )


def _progress(export_id: int, done: int) -> None:
    Export.objects.filter(pk=export_id).update(done=done)


def _finish(export_id: int, state: str) -> None:
    Export.objects.filter(pk=export_id).update(state=state, finished_at=timezone.now())


def sweep_expired() -> int:
    """Delete the files of exports finished more than 24 hours ago; their rows stay (the log)."""
    expired = Export.objects.filter(
        state=Export.State.READY, finished_at__lt=timezone.now() - KEEP
    ).exclude(file="")
    swept = 0
    for export in expired:
        default_storage.delete(str(export.file.name))
        Export.objects.filter(pk=export.pk).update(state=Export.State.EXPIRED, file="")
        swept += 1
    return swept
