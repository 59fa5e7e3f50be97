"""The signs section of the municipal dashboard (/gemeente/<code>/): open requests, signs placed and to place."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of
from buurtwacht.municipality.signs.selectors import counts


def section_context(gemeente, user) -> dict | None:
    """Staff and the gemeente's police (read-only) see the counts; nobody else."""
    if not can_see_admins_of(user, gemeente):
        return None
    numbers = counts(gemeente)
    summary = ", ".join(
        (
            ngettext("%(count)s aanvraag open", "%(count)s aanvragen open", numbers["open_requests"])
            % {"count": numbers["open_requests"]},
            ngettext("%(count)s bord geplaatst", "%(count)s borden geplaatst", numbers["placed"])
            % {"count": numbers["placed"]},
        )
    )
    return {**numbers, "title": _("Straatborden"), "summary": summary, "can_act": can_review_groups_of(user, gemeente)}
