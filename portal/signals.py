"""Events portal announces to the apps above it (portal imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that creates a person, with `person`: a receiver's writes
# (a certificate number) commit or roll back together with the person.
person_created = Signal()

# Sent to ask how much work awaits a decision in a department (`department`): each app that owns
# such work answers with a count. A department with pending work keeps an administrator and
# cannot close.
count_pending_work = Signal()
