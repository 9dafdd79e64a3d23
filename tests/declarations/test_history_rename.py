"""The history model's rename keeps every row."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from declarations.models import Declaration, DeclarationHistory
from portal.models import User
from tests.declarations.helpers import declare
from tests.factories import logged_in

BEFORE = [("declarations", "0001_initial")]


def test_renaming_the_history_model_keeps_every_row(transactional_db: None, teacher: User) -> None:
    declaration = declare(logged_in(teacher), "endorsed_report", {})
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("declarations", "Event")
    assert old.objects.filter(declaration_id=declaration.pk).count() == 1
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # forward again, every app
    assert DeclarationHistory.objects.filter(declaration=declaration).count() == 1
    assert Declaration.objects.get(pk=declaration.pk).history.count() == 1  # type: ignore[attr-defined]
