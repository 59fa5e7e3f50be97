"""The signs section of the municipal dashboard (/gemeente/<code>/): open requests, signs placed and to place."""

from __future__ import annotations

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of
from buurtwacht.municipality.signs.selectors import counts


def section_context(gemeente, user) -> dict | None:
    """Staff and the gemeente's police (read-only) see the counts; nobody else."""
    if not can_see_admins_of(user, gemeente):
        return None
    return {**counts(gemeente), "can_act": can_review_groups_of(user, gemeente)}
