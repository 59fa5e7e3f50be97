"""Periodic work of the police app: close messages left open (POLICE_AUTO_CLOSE_MINUTES), every minute; anonymise
old messages (ALERT_ANONYMISE_DAYS), every hour."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from buurtwacht.police.retention import messages_anonymise
from buurtwacht.police.services import messages_autoclose

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def autoclose_run() -> int:
    closed = messages_autoclose()
    if closed:
        logger.info("police: %d messages closed by themselves", closed)
    return closed


@db_periodic_task(crontab(minute="17"))
def retention_run() -> int:
    count = messages_anonymise()
    logger.info("police retention: %d messages anonymised", count)
    return count
