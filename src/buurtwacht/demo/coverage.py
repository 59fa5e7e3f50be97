"""The coverage of the demo gemeente, computed when the demo is built, so that the gemeente persona's dashboard and
coverage map show figures at once (otherwise they would wait for the first group change or the nightly run).
Nothing here is invented: the figures follow from the demo's addresses, buurten, groups and members."""

from __future__ import annotations

from buurtwacht.geo.models import Gemeente
from buurtwacht.municipality.coverage.compute import coverage_compute
from buurtwacht.municipality.coverage.models import CoverageState


def demo_coverage_compute(*, gemeente: Gemeente) -> None:
    coverage_compute([gemeente.pk])
    CoverageState.objects.filter(gemeente=gemeente).update(dirty=False)
