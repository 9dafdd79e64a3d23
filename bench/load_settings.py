"""The portal's settings with the load bench's bare views added (see bench/load.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
