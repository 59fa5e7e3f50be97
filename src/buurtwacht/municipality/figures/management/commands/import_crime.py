"""`buurtwacht import-crime FILE [--bron LABEL]`: registered crime per area (CBS tables 47018NED and 47022NED)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from buurtwacht.geo.importers import ImportFailed
from buurtwacht.geo.management.commands._import import ImportCommand
from buurtwacht.municipality.figures.importer import import_crime


class Command(ImportCommand):
    help = (
        "Importeer geregistreerde misdrijven per gebied (politie via CBS, tabel 47018NED per jaar of 47022NED per "
        "maand) uit CSV of OData-JSON (TypedDataSet)."
    )
    file_help = "CSV met ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1, of TypedDataSet-JSON"
    importer = staticmethod(import_crime)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--bron", default="", help=_("bron die bij de cijfers staat (standaard: politie via CBS, met de tabel)")
        )

    def handle(self, *args, file: Path, quiet: bool, verbosity: int, bron: str = "", **options):
        # As ImportCommand.handle, with the source label passed on.
        progress = not quiet and verbosity > 0 and sys.stderr.isatty()
        started = time.monotonic()
        try:
            report = import_crime(file, progress=progress, source=bron)
        except ImportFailed as exc:
            raise CommandError(_("Import afgebroken, er is niets gewijzigd. %(error)s") % {"error": exc}) from exc
        if verbosity > 0:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(_("Klaar in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
