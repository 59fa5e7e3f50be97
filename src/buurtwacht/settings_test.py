"""Settings for the test suite: dev mode, no map tiles from the network, fast password hashing."""

import os

os.environ.setdefault("BUURTWACHT_DEV", "1")
os.environ.setdefault("MAP_TILE_URL", "")

from buurtwacht.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Threads outside the request cycle (the lookup's fast path) must not keep connections that block the
# test database's teardown on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
