"""Periodic work of the alerts app: retention (alerts.retention), once an hour."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from buurtwacht.alerts.retention import alerts_anonymise, events_expire, notices_expire, photos_expire

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="7"))
def retention_run() -> dict[str, int]:
    """Expire photos, anonymise old alerts, delete old notices, trim the event log; log and return the counts."""
    counts = {
        "photos_deleted": photos_expire(),
        "alerts_anonymised": alerts_anonymise(),
        "notices_deleted": notices_expire(),
        "events_deleted": events_expire(),
    }
    logger.info(
        "retention: %(photos_deleted)d photos deleted, %(alerts_anonymised)d alerts anonymised, "
        "%(notices_deleted)d notices deleted, %(events_deleted)d events deleted",
        counts,
    )
    return counts
