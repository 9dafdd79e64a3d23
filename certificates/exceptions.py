from __future__ import annotations


class SerialExhausted(Exception):
    """Every seven-digit serial of a prefix has been given out."""

    def __init__(self, prefix: str) -> None:
        super().__init__(
            f"All 9,999,999 certificate serials under prefix {prefix} are taken: no number can be "
            "given. Configure another CERTIFICATE_REGION for new people."
        )
        self.prefix = prefix


class AlreadySealed(Exception):
    """The person's year already has a current sealed record: revoke it first."""


class NotCurrent(Exception):
    """Only the current revision of a sealed record can be revoked."""
