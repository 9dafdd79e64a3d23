"""The portal's settings with the upload bench's bare view added (see bench/upload_bench.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
