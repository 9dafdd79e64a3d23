from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from portal import idnumbers
from portal.models import User


class Command(BaseCommand):
    help = (
        "Create the first HR office officer. Prints a one-time password that must be changed "
        "at first login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id-number", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--phone", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            number = idnumbers.validate(options["id_number"])
        except ValidationError as error:
            raise CommandError(" ".join(str(m) for m in error.messages)) from error
        if User.objects.with_id_number(number).exists():
            raise CommandError("This ID number is already registered.")
        user, one_time = User.objects.create_person(
            id_number=number,
            name=options["name"],
            phone=options["phone"],
            is_hr_office=True,
            is_staff=True,
            is_superuser=True,
            confirmed_at=timezone.now(),
        )
        self.stdout.write(
            f"HR officer {user.name} ({user.masked_id_number}) created.\n"
            f"One-time password: {one_time}\n"
            "It must be changed at first login and is not shown again."
        )
