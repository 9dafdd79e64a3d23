from __future__ import annotations

from typing import Any


class DeclarationError(Exception):
    """A rule of the declaration workflow was broken."""


class IllegalMove(DeclarationError):
    def __init__(self, source: str, to: str, role: str) -> None:
        super().__init__(f"{role} may not move a declaration from {source} to {to}")
        self.source, self.to, self.role = source, to, role


class SelfReview(IllegalMove):
    """A review decision by whoever declared, created or submitted the declaration."""


class FilesBeingPrepared(IllegalMove):
    """An approval while a file of the declaration is still being prepared (its PDF rewritten
    after the upload): the reviewer cannot have seen it yet. Approving waits until it is ready."""

    def __init__(self, pk: int, source: str, to: str, role: str) -> None:
        DeclarationError.__init__(self, f"declaration {pk}: a file is still being prepared")
        self.source, self.to, self.role, self.pk = source, to, role, pk


class StaleDeclaration(DeclarationError):
    """Someone else changed the declaration first (two reviewers, or a stale page).
    `latest` is the history row that says who did, and when."""

    def __init__(self, pk: int, latest: Any = None) -> None:
        super().__init__(f"declaration {pk} was changed by someone else")
        self.pk = pk
        self.latest = latest


class NotEditable(DeclarationError):
    """Its materials can no longer change: it was submitted (or decided) meanwhile."""

    def __init__(self, pk: int) -> None:
        super().__init__(f"declaration {pk} is not a draft or returned")
        self.pk = pk


class TooManyFiles(DeclarationError):
    """The files would take the declaration over its limit; `room` is how many still fit."""

    def __init__(self, pk: int, room: int) -> None:
        super().__init__(f"declaration {pk} has room for {room} more file(s)")
        self.pk, self.room = pk, room


class MissingMaterials(DeclarationError):
    """Submitted without a required material; `missing` lists them (`rules.Material`)."""

    def __init__(self, missing: list[Any]) -> None:
        super().__init__("missing materials: " + ", ".join(m.code for m in missing))
        self.missing = missing


class OverDeclaration(DeclarationError):
    """Submitting would pass the year's claimed-hours threshold and was not confirmed."""

    def __init__(self, claimed: Any) -> None:
        super().__init__(f"the year's claimed hours would be {claimed}")
        self.claimed = claimed


class PersonUnconfirmed(DeclarationError):
    """A self-registrant's declaration is approved only once their department confirmed them."""

    def __init__(self, pk: int, person_name: str) -> None:
        super().__init__(f"declaration {pk}: its person's registration is not confirmed")
        self.pk = pk
        self.person_name = person_name
