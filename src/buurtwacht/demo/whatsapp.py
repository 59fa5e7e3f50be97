"""A WhatsApp group in the demo (issue 12): one active group besides the personas' alerts in WhatsApp, with an
invite link whose code is fictional (it leads to no real chat). Made through the service, as the admin's page does."""

from __future__ import annotations

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import AlertPlace, Group, GroupStatus
from buurtwacht.groups.selectors import group_admins
from buurtwacht.groups.whatsapp import group_alert_place_update

# Fictional: "Fictief" in the code, so nobody takes it for a real chat.
DEMO_WHATSAPP_LINK = "https://chat.whatsapp.com/DemoFictiefGeenEchteGroep1"


def demo_whatsapp_create(*, gemeente: Gemeente, exclude: Group) -> Group | None:
    """Make the first active group (by name) with an admin, other than `exclude`, a WhatsApp group."""
    others = Group.objects.filter(gemeente=gemeente, status=GroupStatus.ACTIVE).exclude(pk=exclude.pk).order_by("name")
    for group in others:
        admins = group_admins(group)
        if admins:
            return group_alert_place_update(
                group=group, admin=admins[0], alert_place=AlertPlace.WHATSAPP, whatsapp_link=DEMO_WHATSAPP_LINK
            )
    return None
