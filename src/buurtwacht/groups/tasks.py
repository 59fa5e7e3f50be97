"""Huey tasks of the groups app: thin wrappers around services."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from buurtwacht.groups.photos import group_photo_process


@db_task(retries=2, retry_delay=10)
def group_photo_task(group_id: int) -> bool:
    """Re-encode a group's uploaded photo outside the request that received it (groups.photos)."""
    return group_photo_process(group_id=group_id)
