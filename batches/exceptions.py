from __future__ import annotations


class BatchError(Exception):
    """A rule of the batch workflow was broken."""


class IllegalBatchMove(BatchError):
    def __init__(self, source: str, to: str) -> None:
        super().__init__(f"a batch may not move from {source} to {to}")
        self.source, self.to = source, to
