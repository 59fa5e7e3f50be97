"""What the import commands share: the file argument, --quiet, progress bars only on a terminal, Dutch errors."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from buurtwacht.geo.importers import ImportFailed, ImportReport


class ImportCommand(BaseCommand):
    """A thin shell around one importer function; the importer holds the logic so tests can call it directly."""

    importer: Callable[..., ImportReport]
    file_help = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)
        parser.add_argument("--quiet", action="store_true", help=_("geen voortgangsbalk tonen"))

    def handle(self, *args, file: Path, quiet: bool, verbosity: int, **options):
        # A progress bar in a log file or a pipe is noise: only on a terminal, and not when asked to be quiet.
        progress = not quiet and verbosity > 0 and sys.stderr.isatty()
        started = time.monotonic()
        try:
            report = type(self).importer(file, progress=progress)
        except ImportFailed as exc:
            raise CommandError(_("Import afgebroken, er is niets gewijzigd. %(error)s") % {"error": exc}) from exc
        if verbosity > 0:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(_("Klaar in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
