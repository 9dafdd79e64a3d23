"""Refusals of the organisation's rules, with the reason a person reads."""

from __future__ import annotations


class PortalError(Exception):
    """A rule about people or departments was broken."""


class RegistrationAlreadyDecided(PortalError):
    """The registration was confirmed or rejected before (by someone else, or a stale page)."""


class Refused(PortalError):
    """A change the rules do not allow; nothing was written. `str(error)` is the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
