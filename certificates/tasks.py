"""Work that must not run in a request: a department's certificates as one ZIP, and the daily
year-end reminders."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import Bundle, Certificate, ShortfallReminder
from certificates.pdf import file_name, render_certificate
from certificates.years import in_unit, people_years, reminding
from portal.notifications import notify


def bundle_certificates(bundle: Bundle) -> list[Certificate]:
    """Everyone in the department with a current sealed record for the bundle's year."""
    return list(
        Certificate.objects.filter(
            person__department=bundle.department,
            records__year=bundle.year,
            records__revoked_at__isnull=True,
        )
        .select_related("person")
        .order_by("number")
    )


@task()
def build_bundle(bundle_id: int, base_url: str) -> None:
    bundle = Bundle.objects.select_related("department").get(pk=bundle_id)
    certificates = bundle_certificates(bundle)
    bundle.state, bundle.total, bundle.done = Bundle.State.BUILDING, len(certificates), 0
    bundle.save(update_fields=["state", "total", "done"])
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for certificate in certificates:
                url = base_url + reverse("verify:token", args=[certificate.token])
                archive.writestr(
                    f"{certificate.person.name}-{file_name(certificate)}",
                    render_certificate(certificate, url),
                )
                Bundle.objects.filter(pk=bundle.pk).update(done=bundle.done + 1)
                bundle.done += 1
        name = default_storage.save(
            f"certificates/bundles/{uuid.uuid4().hex}.zip", ContentFile(buffer.getvalue())
        )
    except Exception:
        Bundle.objects.filter(pk=bundle.pk).update(state=Bundle.State.FAILED)
        raise
    Bundle.objects.filter(pk=bundle.pk).update(
        state=Bundle.State.READY, file=name, finished_at=timezone.now()
    )


def send_reminders(today: date) -> int:
    """Notify everyone short of this year's hours once a year, from the reminder date on.
    Idempotent: run it daily; a person already reminded this year is skipped."""
    if not reminding(today):
        return 0
    year = today.year
    reminded = ShortfallReminder.objects.filter(year=year).values("person")
    sent = 0
    for row in people_years(in_unit().exclude(pk__in=reminded), year):
        if row.met:
            continue
        with transaction.atomic():
            _r, created = ShortfallReminder.objects.get_or_create(person=row.person, year=year)
            if not created:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                explanation = row.summary.status.explanation.for_language(settings.LANGUAGE_CODE)
                notify(
                    row.person,
                    subject=_("Your %(year)s continuing-education hours are not complete yet")
                    % {"year": year},
                    body=_("%(explanation)s. The year closes on %(deadline)s.")
                    % {
                        "explanation": explanation,
                        "deadline": f"{year}-{settings.CERTIFICATE_YEAR_DEADLINE}",
                    },
                    link=reverse("certificates:mine"),
                )
        sent += 1
    return sent


@task()
def remind_shortfall() -> int:
    return send_reminders(timezone.localdate())
