"""`buurtwacht coverage-refresh [GM0718 ...]`: recompute the stored coverage now, of the given gemeenten or all."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from buurtwacht.municipality.coverage.services import coverage_refresh


class Command(BaseCommand):
    help = "Bereken de dekking per buurt en per wijk opnieuw (alle gemeenten, of de gegeven CBS-codes)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="CBS-codes van gemeenten, zoals GM0718; leeg: alle")

    def handle(self, *args, codes, **options):
        started = time.perf_counter()
        result = coverage_refresh(gemeente_codes=codes or None)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Dekking berekend: {result.gemeenten} gemeenten, {result.buurten} buurten, {result.addresses} adressen, "
            f"waarvan {result.covered_addresses} in het gebied van een groep ({seconds:.1f} s)."
        )
