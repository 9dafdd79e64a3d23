from __future__ import annotations


class PortalError(Exception):
    """A rule about people or departments was broken."""


class RegistrationAlreadyDecided(PortalError):
    """The registration was confirmed or rejected before (by someone else, or a stale page)."""
