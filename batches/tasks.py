"""Committing a batch in the background: every row or none, with progress."""

from __future__ import annotations

from django.db import IntegrityError, connection, connections, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from batches import services
from batches.exceptions import IllegalBatchMove
from batches.models import Batch, State
from portal.exceptions import Refused


@task()
def commit_batch(batch_id: int) -> None:
    """Write every row in one transaction: a failure anywhere writes nothing. Progress is
    reported from a second connection where the database allows a second writer (PostgreSQL);
    on SQLite the page shows the state only."""
    batch = Batch.objects.select_related("created_by").get(pk=batch_id)
    try:
        batch.move(State.RUNNING, by=None, progress=0)
    except IllegalBatchMove:  # another worker took it, or it ran already: run once
        return
    reporter = _ProgressReporter(batch_id)
    try:
        with transaction.atomic():
            done = services.write(batch, reporter.report)
    except Refused as refused:
        batch.move(State.FAILED, by=None, error=refused.reason)
    except IntegrityError:
        batch.move(
            State.FAILED,
            by=None,
            error=_("Someone in the batch was credited for this training meanwhile: check again."),
        )
    except Exception as error:
        batch.move(State.FAILED, by=None, error=type(error).__name__)
        raise
    else:
        batch.move(State.SUBMITTED, by=None, progress=done, error="", committed_at=timezone.now())
    finally:
        reporter.close()


class _ProgressReporter:
    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.connection = (
            connections.create_connection("default") if connection.vendor == "postgresql" else None
        )

    def report(self, done: int) -> None:
        if self.connection is None:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE batches_batch SET progress = %s WHERE id = %s", [done, self.batch_id]
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
