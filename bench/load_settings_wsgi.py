"""The WSGI application of the load bench (bench.load_settings: the portal plus bare views)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

application = get_wsgi_application()
