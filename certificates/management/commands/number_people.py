from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import IntegrityError

from certificates.models import Certificate
from portal.models import User


class Command(BaseCommand):
    help = "Give a certificate number to everyone who has none (people from before numbering)."

    def handle(self, *args: Any, **options: Any) -> None:
        numbered = 0
        for person in User.objects.filter(certificate__isnull=True).order_by("registered_at", "pk"):
            try:
                Certificate.objects.issue(person)
            except IntegrityError:  # numbered meanwhile by another process
                continue
            numbered += 1
        if options["verbosity"]:
            self.stdout.write(f"Numbered {numbered} people.")
