"""Telling people what happened to their work: an inbox row always, an e-mail when they have an
address and mail is configured. Sending runs as a background task, after the change commits, so
it never blocks or breaks the request that caused it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from portal.idnumbers import ID_NUMBER_PATTERN, mask
from portal.models import Notification, User
from portal.tasks import retried_task


def notify(person: User, *, subject: str, body: str = "", link: str = "") -> Notification:
    """Record a notification for `person` and mail it once the surrounding transaction commits.

    `subject` and `body` are already in the person's language (render them with
    `translation.override`). Anything shaped like an ID number is masked before it is kept."""
    notification = Notification.objects.create(
        person=person,
        subject=_masked(subject)[:200],
        body=_masked(body),
        link=link,
    )
    if person.email and settings.NOTIFY_BY_MAIL:
        transaction.on_commit(lambda: send_notification_mail.enqueue(notification.pk))
    return notification


# A mail server that is down for a while gets five tries over about half an hour.
@retried_task(attempts=5, backoff=timedelta(minutes=2))
def send_notification_mail(notification_id: int) -> None:
    notification = Notification.objects.select_related("person").get(pk=notification_id)
    if notification.mailed_at is not None or not notification.person.email:
        return
    send_mail(
        notification.subject,
        notification.body + (f"\n\n{notification.link}" if notification.link else ""),
        None,
        [notification.person.email],
    )
    notification.mark_mailed()


def _masked(text: str) -> str:
    return ID_NUMBER_PATTERN.sub(lambda m: mask(m.group(0)), text)
