"""Preparing accepted proof after the upload's response: a PDF's rewrite, which the request
leaves out once every check that could refuse the file has passed."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import default_storage

from declarations.models import Evidence, Preparation
from declarations.uploads import UploadRejected, rewrite_pdf
from portal.tasks import retried_task


@retried_task()
def prepare_evidence(evidence_id: int) -> None:
    """Rewrite the PDF kept in quarantine for this file (only its pages, scrubbed, as
    `uploads.rewrite_pdf` writes it), store the rewrite under a new generated name and mark the
    file ready through `Evidence.finish_preparing`, which deletes the quarantined upload. A file
    qpdf cannot rewrite is marked refused, its upload kept. Safe to run twice: a file no longer
    being prepared is left alone, and a rewrite stored by a run that lost the race is deleted.
    Storage or database failures raise, and the task is retried."""
    evidence = Evidence.objects.filter(pk=evidence_id, preparation=Preparation.PREPARING).first()
    if evidence is None:
        return
    quarantined = str(evidence.original.name)
    if not default_storage.exists(quarantined):
        evidence.finish_preparing(refusal="missing")  # unless a run finished meanwhile
        return
    try:
        with _on_disk(quarantined) as path:
            rewrite, _pages = rewrite_pdf(evidence.original_name, path)
    except UploadRejected as rejected:
        evidence.finish_preparing(refusal=rejected.code)
        return
    with rewrite:  # closing it removes the temporary file unless storage moved it
        stored = default_storage.save(f"declarations/{uuid.uuid4().hex}.pdf", rewrite)
    try:
        done = evidence.finish_preparing(stored=stored, size=rewrite.size or 0)
    except BaseException:
        default_storage.delete(stored)
        raise
    if not done:
        default_storage.delete(stored)


@contextlib.contextmanager
def _on_disk(name: str) -> Iterator[str]:
    """A local path to the stored file `name`: its own where storage is local; otherwise (S3) a
    copy beside the spooled uploads, removed afterwards. qpdf reads a file at random."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = ""
    if path:
        yield path
        return
    with (
        default_storage.open(name, "rb") as stored,
        tempfile.NamedTemporaryFile(
            suffix=".quarantine.pdf", dir=settings.FILE_UPLOAD_TEMP_DIR or None
        ) as copy,
    ):
        shutil.copyfileobj(stored, copy)
        copy.flush()
        yield copy.name
