"""Upload handlers that fingerprint a file while its bytes arrive.

Django's own handlers (memory for small requests, a temporary file for larger ones), each also
feeding every chunk to SHA-256 as it is written. The finished file carries `sha256` (hex) and its
real `size`, so checking an upload never reads the file a second time just to hash it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler


class _Fingerprinting:
    digest: Any

    def _start(self) -> None:
        self.digest = hashlib.sha256()

    def _finish(self, file: UploadedFile | None) -> UploadedFile | None:
        if file is not None:
            file.sha256 = self.digest.hexdigest()  # type: ignore[attr-defined]
        return file


class FingerprintingMemoryFileUploadHandler(_Fingerprinting, MemoryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self._start()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.activated:
            self.digest.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        return self._finish(super().file_complete(file_size))


class FingerprintingTemporaryFileUploadHandler(_Fingerprinting, TemporaryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self._start()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.digest.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        return self._finish(super().file_complete(file_size))
