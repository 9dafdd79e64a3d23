from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Remind everyone short of this year's hours, once a year, from CERTIFICATE_REMINDER_DAYS "
        "before the deadline. Run daily; running it twice reminds nobody twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(timezone.localdate())
        self.stdout.write(f"Reminded {sent} people.")
