"""The portal's settings with the upload bench's bare view added (see bench/upload_bench.py)."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"

if os.environ.get("UPLOAD_BENCH_PROFILE"):
    MIDDLEWARE = ["bench.bench_profile.ProfileUploadsMiddleware", *MIDDLEWARE]  # noqa: F405
