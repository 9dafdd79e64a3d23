"""The portal's settings for the app servers and workers that the production tests start: the
same in every way but password hashing, which tests make cheap (as tests/conftest.py does)."""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
