from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal import demo


class Command(BaseCommand):
    help = "Create or refresh the demo departments and people, and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the logins as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        people = demo.seed()
        if options["json"]:
            rows = [
                {
                    "role": p.role,
                    "name": p.name,
                    "department": p.department,
                    "id_number": p.id_number,
                    "password": demo.DEMO_PASSWORD,
                }
                for p in people
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Demo logins (every password: {demo.DEMO_PASSWORD})")
        for p in people:
            note = "" if p.confirmed else "  (awaiting confirmation)"
            self.stdout.write(f"  {p.role:<29} {p.id_number}  {p.name}  {p.department or ''}{note}")
