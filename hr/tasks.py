"""Background work of the HR office: writing an import, all rows or none."""

from __future__ import annotations

from typing import Any

from django.db import connection, connections, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from hr.models import ImportBatch
from portal import idnumbers
from portal.exceptions import Refused
from portal.models import OrganisationEvent, User

PROGRESS_EVERY = 100


@task()
def commit_import(batch_id: int) -> None:
    """Write every row in one transaction: a failure anywhere writes nothing. Progress is
    reported from a second connection where the database allows a second writer (PostgreSQL);
    on SQLite the page shows the state only."""
    started = ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.QUEUED).update(
        state=ImportBatch.State.RUNNING, progress=0
    )
    if not started:
        return
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    reporter = _ProgressReporter(batch_id)
    try:
        with transaction.atomic():
            created, updated = _write(batch, reporter)
    except Refused as refused:
        _finish(batch_id, state=ImportBatch.State.FAILED, error=refused.reason)
    except Exception as error:
        _finish(batch_id, state=ImportBatch.State.FAILED, error=type(error).__name__)
        raise
    else:
        _finish(
            batch_id,
            state=ImportBatch.State.DONE,
            progress=batch.total,
            created_count=created,
            updated_count=updated,
        )
    finally:
        reporter.close()


def _write(batch: ImportBatch, reporter: _ProgressReporter) -> tuple[int, int]:
    by = batch.created_by
    if any(row["problems"] for row in batch.rows):
        raise Refused(_("The file has rows with problems: correct them and upload it again."))
    existing = {
        person.id_hash: person
        for person in User.objects.select_for_update().filter(
            id_hash__in=[row["id_hash"] for row in batch.rows]
        )
    }
    known = {row["id_hash"] for row in batch.rows if row["existing"]}
    newly_registered = set(existing) - known
    if newly_registered:
        raise Refused(
            _(
                "%(n)s people in the file registered after the check. Upload the file again to "
                "see them."
            )
            % {"n": len(newly_registered)}
        )
    now = timezone.now()
    created = updated = 0
    events = []
    for index, row in enumerate(batch.rows, start=1):
        person = existing.get(row["id_hash"])
        if person is None:
            person, _unused = User.objects.create_person(
                id_number=idnumbers.decrypt(row["id_encrypted"]),
                name=row["name"],
                usable_password=False,
                department_id=row["department"],
                phone=row["phone"],
                title=row["title"],
                email=row["email"],
                confirmed_at=now,
                confirmed_by=by,
            )
            events.append(
                OrganisationEvent(
                    kind=OrganisationEvent.Kind.PERSON_ADDED,
                    by=by,
                    person=person,
                    department_id=row["department"],
                    note=_("Imported from %(file)s") % {"file": batch.file_name},
                )
            )
            created += 1
        elif batch.update_existing:
            _update(person, row)
            updated += 1
        if index % PROGRESS_EVERY == 0:
            reporter.report(index)
    OrganisationEvent.objects.bulk_create(events)
    return created, updated


def _update(person: User, row: dict[str, Any]) -> None:
    """Name, phone, title and e-mail from the file; the department only through a transfer."""
    person.name = row["name"]
    person.phone = row["phone"] or person.phone
    person.title = row["title"] or person.title
    person.email = row["email"] or person.email
    person.save(update_fields=["name", "phone", "title", "email"])


def _finish(batch_id: int, **fields: Any) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(finished_at=timezone.now(), **fields)


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
                "UPDATE hr_importbatch SET progress = %s WHERE id = %s", [done, self.batch_id]
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
