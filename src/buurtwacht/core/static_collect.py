"""Whether STATIC_ROOT must be (re)collected before serving (no domain imports).

Outside dev mode the pages name static files by their hashed names from the manifest that `collectstatic` writes
(whitenoise's CompressedManifestStaticFilesStorage); without it every page is a 500. `buurtwacht serve` asks
`static_out_of_date()` and collects when the answer is yes: no manifest, a file the manifest does not know, or a
source file changed after it was written. Looking costs a directory walk (a few hundred files), not a collect.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

IGNORE_PATTERNS = ["CVS", ".*", "*~"]  # collectstatic's defaults


def static_out_of_date() -> bool:
    if not isinstance(staticfiles_storage, ManifestFilesMixin):  # dev mode: files straight from their folders
        return False
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    try:
        written = manifest.stat().st_mtime
        known = json.loads(manifest.read_text(encoding="utf-8")).get("paths", {})
    except (OSError, ValueError):
        return True
    for finder in get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            if path not in known:
                return True
            if os.stat(storage.path(path)).st_mtime > written:
                return True
    return False
