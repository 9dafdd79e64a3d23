from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from certificates.models import Certificate
from portal.signals import person_created


@receiver(person_created, dispatch_uid="certificates.number_new_person")
def number_new_person(sender: Any, *, person: Any, **kwargs: Any) -> None:
    """Inside the transaction that creates the person: if it rolls back, so does the serial."""
    Certificate.objects.number(person)
