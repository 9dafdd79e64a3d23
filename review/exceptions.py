from __future__ import annotations

from typing import Any


class ReviewError(Exception):
    """A rule of reviewing was broken."""


class AlreadyDecided(ReviewError):
    """Someone decided this spot-check item first (two reviewers, or a stale page). `item` is it
    as decided: who, when, and what."""

    def __init__(self, item: Any) -> None:
        super().__init__(f"spot-check item {item.pk} was already decided")
        self.item = item
