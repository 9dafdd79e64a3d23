"""Profiles every upload (a multipart POST) a bench server answers: `upload_bench.py --profile`.

Set by the bench through UPLOAD_BENCH_PROFILE (a folder): each upload's cProfile is written there
as `<pid>-<n>.prof`, n counting this process's uploads from 0 (the warm-up).
"""

from __future__ import annotations

import cProfile
import os
from collections.abc import Callable
from pathlib import Path

from django.http import HttpRequest, HttpResponse


class ProfileUploadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.folder = Path(os.environ["UPLOAD_BENCH_PROFILE"])
        self.count = 0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not (request.content_type or "").startswith("multipart/"):
            return self.get_response(request)
        profile = cProfile.Profile()
        response = profile.runcall(self.get_response, request)
        # The server closes the upload's files (removing what was spooled to disk) after the
        # response; done here, inside the profile (closing them again later does nothing).
        profile.runcall(request.close)
        profile.dump_stats(self.folder / f"{os.getpid()}-{self.count}.prof")
        self.count += 1
        return response
