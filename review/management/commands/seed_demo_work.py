from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from review import demo


class Command(BaseCommand):
    help = "Create demo declarations in every state for the demo people (after seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = demo.seed()
        self.stdout.write(
            f"Demo declarations: {made} created (existing ones are left as they are)."
        )
