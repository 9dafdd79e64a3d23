"""Who hears about a declaration's move, in their own language. Called by `Declaration.move`
inside its transaction; the mail itself leaves after the commit (`portal.notifications`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from declarations import access
from portal.models import User
from portal.notifications import notify

if TYPE_CHECKING:
    from declarations.models import Declaration, DeclarationHistory


def _hours(value: object) -> str:
    from declarations.templatetags.declarations import hours

    return hours(value)


def _tell(person: User, link: str, subject: str, body: str = "") -> None:
    notify(person, subject=subject, body=body, link=link)


def moved(declaration: Declaration, event: DeclarationHistory) -> None:
    from declarations.models import Status

    to = event.to_status
    mine = reverse("declarations:detail", args=[declaration.pk])
    person = declaration.person
    title = declaration.title
    if to == Status.SUBMITTED:
        link = reverse("review:department-review", args=[declaration.pk])
        for reviewer in access.department_reviewers_for(declaration).exclude(pk=event.actor_id):
            with translation.override(_language(reviewer)):
                _tell(
                    reviewer,
                    link,
                    _("New declaration to review: %(name)s, %(title)s")
                    % {"name": person.name, "title": title},
                )
        return
    if to == Status.DEPARTMENT_APPROVED:
        link = reverse("review:bureau-review", args=[declaration.pk])
        for reviewer in access.bureau_reviewers_for(declaration):
            with translation.override(_language(reviewer)):
                _tell(
                    reviewer,
                    link,
                    _("New declaration for bureau approval: %(name)s, %(title)s")
                    % {"name": person.name, "title": title},
                )
    if event.actor_id == person.pk:
        return
    lowered = (
        event.hours_after is not None
        and event.hours_before is not None
        and event.hours_after < event.hours_before
        and to in (Status.DEPARTMENT_APPROVED, Status.APPROVED)
    )
    with translation.override(_language(person)):
        reason = event.reason or _("No reason given.")
        if to == Status.RETURNED:
            _tell(
                person,
                mine,
                _("Returned to you: %(title)s") % {"title": title},
                _("Reason: %(reason)s") % {"reason": reason},
            )
        elif to == Status.APPROVED:
            _tell(
                person,
                mine,
                _("Approved: %(title)s, %(hours)s hours")
                % {"title": title, "hours": _hours(declaration.counted_hours)},
            )
        elif to == Status.REVOKED:
            _tell(
                person,
                mine,
                _("Approval revoked: %(title)s") % {"title": title},
                _("Reason: %(reason)s") % {"reason": reason},
            )
        if lowered:
            _tell(
                person,
                mine,
                _("Hours lowered from %(before)s to %(after)s: %(title)s")
                % {
                    "before": _hours(event.hours_before),
                    "after": _hours(event.hours_after),
                    "title": title,
                },
                _("Reason: %(reason)s") % {"reason": reason},
            )


def _language(person: User) -> str:
    return person.language or settings.LANGUAGE_CODE
