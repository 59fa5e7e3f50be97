"""The settings as `buurtwacht.settings` computes them outside dev mode (SECRET_KEY set, BUURTWACHT_DEV unset), read
in a fresh interpreter: the test process itself runs in dev mode, and settings are computed once, at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = (
    "import json, sys\n"
    "from buurtwacht import settings\n"
    "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}, default=str))\n"
)


def computed_settings(tmp_path, *names: str, **env: str) -> dict:
    """{name: value} of the settings `names`, computed in production mode plus the environment `env`."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"BUURTWACHT_DEV", "DEBUG", "MAP_TILE_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL"}
        and not key.startswith(("RATE_LIMIT_", "SECURE_", "CSP_"))
    }
    clean.update({"SECRET_KEY": "production-like-test-key", "BUURTWACHT_DATA_DIR": str(tmp_path), **env})
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", SCRIPT, *names], env=clean, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
