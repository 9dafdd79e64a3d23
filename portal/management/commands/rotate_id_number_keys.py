"""Re-encrypt every stored ID number with the first key of ID_NUMBER_KEYS (see docs/deploy.md):
put a new key first, keep the old ones after it, run this, then drop the old keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import idnumbers
from portal.models import User

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every stored ID number with the first key of ID_NUMBER_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                people = list(
                    User.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", "id_encrypted")[:BATCH]
                )
                if not people:
                    break
                for person in people:
                    try:
                        person.id_encrypted = idnumbers.reencrypt(person.id_encrypted)
                    except ValueError as error:
                        raise CommandError(
                            f"Person {person.pk}: no key in ID_NUMBER_KEYS opens the stored ID "
                            "number. Nothing of this batch was changed; add the missing key and "
                            "run again."
                        ) from error
                User.objects.bulk_update(people, ["id_encrypted"])
            done += len(people)
            last = people[-1].pk
        self.stdout.write(f"Re-encrypted the ID numbers of {done} people with the first key.")
