#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Commands (migrate, db_worker, yearly jobs) may run statements longer than a page may
    # (DATABASE_COMMAND_STATEMENT_TIMEOUT_MS); the dev server serves pages.
    if sys.argv[1:2] != ["runserver"]:
        os.environ.setdefault("PORTAL_RUNS_COMMAND", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
