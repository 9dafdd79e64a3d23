"""Telling people what happened to their work: an inbox row always, an e-mail when they have an
address and mail is configured. Sending runs as a background task, after the change commits, so
it never blocks or breaks the request that caused it."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from portal.idnumbers import ID_NUMBER_PATTERN, mask
from portal.models import Notification, User

logger = logging.getLogger(__name__)


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


# A failed send is tried again this many times in all, waiting longer each time.
MAIL_ATTEMPTS = 5
MAIL_RETRY_BASE = timedelta(minutes=1)


@task()
def send_notification_mail(notification_id: int, attempt: int = 1) -> None:
    notification = Notification.objects.select_related("person").get(pk=notification_id)
    if notification.mailed_at is not None or not notification.person.email:
        return
    try:
        send_mail(
            notification.subject,
            notification.body + (f"\n\n{notification.link}" if notification.link else ""),
            None,
            [notification.person.email],
        )
    except Exception:
        if attempt >= MAIL_ATTEMPTS:
            logger.exception("Giving up mailing notification %s", notification_id)
            raise
        logger.warning("Mailing notification %s failed; retrying", notification_id)
        _retry(notification_id, attempt)
        return
    notification.mark_mailed()


def _retry(notification_id: int, attempt: int) -> None:
    """Enqueue the next attempt after a backoff: 1, 4, 16, 64 minutes. The tasks framework has
    no retry of its own; a backend that cannot defer (tests' immediate one) retries at once."""
    retry = send_notification_mail
    if retry.get_backend().supports_defer:
        delay = MAIL_RETRY_BASE * 4 ** (attempt - 1)
        retry = retry.using(run_after=timezone.now() + delay)
    retry.enqueue(notification_id, attempt + 1)


def _masked(text: str) -> str:
    return ID_NUMBER_PATTERN.sub(lambda m: mask(m.group(0)), text)
