"""Settings for the test suite: dev mode, no map tiles from the network, fast password hashing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("BUURTWACHT_DEV", "1")
os.environ.setdefault("MAP_TILE_URL", "")

from buurtwacht.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Threads outside the request cycle (the lookup's fast path) must not keep connections that block the
# test database's teardown on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Outbound tasks run at once, in the process that queues them; tests of the real consumer set HUEY_IMMEDIATE=0
# for the worker processes they start.
HUEY["immediate"] = os.environ.get("HUEY_IMMEDIATE", "1") == "1"  # noqa: F405

# Private files (alert photos) of the tests go to a temporary directory.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="buurtwacht-private-"))  # noqa: F405
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)

# On SQLite the test database is a file, not memory: server processes and threads that the tests start
# (the live stream under uvicorn, a second server, a task worker) open it by name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.setdefault(
            "BUURTWACHT_TEST_SQLITE", str(Path(tempfile.gettempdir()) / f"buurtwacht-test-{os.getpid()}.sqlite3")
        )
    }
