"""The network of groups on the municipal dashboard: how many groups take part and how many neighbours are linked,
with a link to the map (networks:gemeente). Here, in the municipality's room, because networks sits below it and
may not import the dashboard."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.accounts.permissions import can_see_admins_of
from buurtwacht.municipality import dashboard
from buurtwacht.networks.selectors import gemeente_network


def _context(gemeente, user) -> dict | None:
    if not can_see_admins_of(user, gemeente):
        return None
    network = gemeente_network(gemeente)
    groups = len(network.own_groups)
    waiting = len(network.pairs) - network.linked_pair_count
    summary = ngettext("%(count)s groep", "%(count)s groepen", groups) % {"count": groups}
    if network.pairs:
        summary += ", " + ngettext(
            "%(count)s paar buurgroepen nog niet allebei aangemeld",
            "%(count)s paren buurgroepen nog niet allebei aangemeld",
            waiting,
        ) % {"count": waiting}
    return {
        "title": _("Netwerk van buurgroepen"),
        "summary": summary,
        "groups": len(network.own_groups),
        "opted_in": network.opted_in_count,
        "pairs": len(network.pairs),
        "linked": network.linked_pair_count,
    }


# Registered on import (municipality.apps imports this module in ready()).
dashboard.register(
    dashboard.Section(key="networks", order=50, template="networks/_dashboard_section.html", context=_context)
)
