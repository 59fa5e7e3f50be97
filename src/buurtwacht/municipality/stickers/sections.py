"""Where stickers show up outside their own pages: a section of the municipal dashboard (staff decide there, police
read), and a link on a group's manage page for its admins."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of
from buurtwacht.groups.models import GroupStatus
from buurtwacht.municipality.stickers import selectors

DASHBOARD_OPEN_SHOWN = 5


def section_context(gemeente, user) -> dict | None:
    if not can_see_admins_of(user, gemeente):
        return None
    summary = selectors.summary(gemeente)
    if summary.open_count:
        line = ngettext("%(count)s open aanvraag", "%(count)s open aanvragen", summary.open_count) % {
            "count": summary.open_count
        }
    else:
        line = _("geen open aanvragen")
    if summary.ready_count:
        line += ", " + ngettext(
            "%(count)s klaar om op te halen", "%(count)s klaar om op te halen", summary.ready_count
        ) % {"count": summary.ready_count}
    return {
        "title": _("Stickers"),
        "url": reverse("stickers:gemeente", kwargs={"code": gemeente.code}),
        "summary": line,
        "warning": _warning(summary),
        "stickers": summary,
        "open_requests": list(selectors.open_requests(gemeente)[:DASHBOARD_OPEN_SHOWN]),
        "can_decide": can_review_groups_of(user, gemeente),
    }


def _warning(summary: selectors.Summary) -> str:
    if not summary.configured:
        return _("nog niet ingesteld")
    return _("voorraad laag") if summary.stock_low else ""


def manage_link(group, user) -> list[tuple[str, str]]:
    if group.status != GroupStatus.ACTIVE:
        return []
    return [(_("Stickers aanvragen bij de gemeente"), reverse("stickers:group", kwargs={"slug": group.slug}))]
