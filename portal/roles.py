"""Where each role's work is. Feature apps add their pages under these URL names; the portal
never imports them, it only tries the names in order and takes the first that exists."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from portal.models import User

ROLE_HOMES: dict[str, tuple[str, ...]] = {
    "hr_office": ("hr:departments", "portal:organisation"),
    "bureau_reviewer": ("review:bureau-queue", "portal:profile"),
    "department_admin": ("review:queue", "portal:department-people"),
    "teacher": ("declarations:my-hours", "portal:profile"),
}


def roles_of(user: User) -> list[str]:
    """A person's roles, most responsible first. Roles add up: every person is a teacher."""
    roles = []
    if user.is_hr_office:
        roles.append("hr_office")
    if user.is_bureau_reviewer:
        roles.append("bureau_reviewer")
    if user.is_department_admin:
        roles.append("department_admin")
    roles.append("teacher")
    return roles


def home_url(role: str) -> str:
    for name in ROLE_HOMES[role]:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(f"No page for role {role}")
