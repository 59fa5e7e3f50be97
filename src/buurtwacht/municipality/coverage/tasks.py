"""Huey tasks of coverage: the debounced refresh of dirty gemeenten and the nightly full recompute."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from buurtwacht.municipality.coverage.services import coverage_refresh, coverage_refresh_dirty, coverage_still_dirty


@db_task(retries=2, retry_delay=30)
def coverage_refresh_task() -> None:
    coverage_refresh_dirty()
    if coverage_still_dirty():  # a change came in while computing
        coverage_refresh_later()


def coverage_refresh_later() -> None:
    """Queue the refresh a little later, so that a burst of changes costs one recompute. With tasks run at once
    (HUEY immediate, the tests) a delayed task would never run: then it runs now."""
    delay = 0 if HUEY.immediate else settings.COVERAGE_REFRESH_DELAY
    if delay:
        coverage_refresh_task.schedule(delay=delay)
    else:
        coverage_refresh_task()


@db_periodic_task(crontab(hour="3", minute="40"))
def coverage_nightly() -> None:
    """Everything again each night: imports of areas, addresses and population, and any change a mark missed."""
    coverage_refresh()
