"""Groups that live on WhatsApp (issue 12): where a group alerts, its private WhatsApp invite link, who of the
admitted members opened it, and the ready message that invites the WhatsApp members over to Buurtwacht.

The invite link is private: only admitted members reach it, through groups:whatsapp_open, which records the first
opening per member and redirects. Joining stays verified (address, age, house rules) before anyone reaches the chat.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.groups.models import AlertPlace, Group, Membership
from buurtwacht.groups.permissions import is_admin, membership_of
from buurtwacht.groups.recruiting import invite_url

# WhatsApp's group invite codes are 22 letters and digits; allow a little room either side, nothing else.
WHATSAPP_LINK = re.compile(r"https://chat\.whatsapp\.com/(?P<code>[A-Za-z0-9]{16,32})")


def whatsapp_link_clean(raw: str) -> str:
    """The invite link as stored, or ValidationError with a Dutch message."""
    link = (raw or "").strip()
    if not link:
        raise ValidationError(_("Vul de uitnodigingslink van uw WhatsApp-groep in."), code="whatsapp_link_missing")
    if link.endswith("/"):
        link = link[:-1]
    if WHATSAPP_LINK.fullmatch(link) is None:
        raise ValidationError(
            _(
                "Dit is geen uitnodigingslink van een WhatsApp-groep. Zo'n link begint met "
                "https://chat.whatsapp.com/ en eindigt op een code van letters en cijfers. U vindt hem in WhatsApp "
                "bij de groepsinfo, onder 'Uitnodigen via link'."
            ),
            code="whatsapp_link_invalid",
        )
    return link


@transaction.atomic
def group_alert_place_update(*, group: Group, admin, alert_place: str, whatsapp_link: str = "") -> Group:
    """Set where the group alerts and (for a WhatsApp group) its invite link. A changed link is a renewal: every
    member has to open the new one, so the record of who opened it starts again."""
    if not is_admin(admin, group):
        raise PermissionDenied
    if alert_place not in AlertPlace.values:
        raise ValidationError(_("Kies waar uw groep meldt."), code="alert_place_invalid")
    group = Group.objects.select_for_update().get(pk=group.pk)
    uses_whatsapp = alert_place in (AlertPlace.WHATSAPP, AlertPlace.BOTH)
    link = group.whatsapp_link
    if uses_whatsapp:
        link = whatsapp_link_clean(whatsapp_link or group.whatsapp_link)
    elif whatsapp_link:
        link = whatsapp_link_clean(whatsapp_link)
    now = timezone.now()
    fields = []
    if link != group.whatsapp_link:
        group.whatsapp_link = link
        group.whatsapp_link_set_at = now
        fields += ["whatsapp_link", "whatsapp_link_set_at"]
        Membership.objects.filter(group=group).update(whatsapp_opened_at=None)
    moving_over = alert_place == AlertPlace.BOTH or (
        alert_place == AlertPlace.BUURTWACHT and group.alert_place != AlertPlace.BUURTWACHT
    )
    if moving_over and group.switch_message_since is None:
        group.switch_message_since = now
        fields.append("switch_message_since")
    if alert_place != group.alert_place:
        group.alert_place = alert_place
        fields.append("alert_place")
    if fields:
        group.save(update_fields=fields)
    return group


def whatsapp_link_renew(*, group: Group, admin, whatsapp_link: str) -> Group:
    """Replace the invite link (after it leaked and the admin reset it in WhatsApp)."""
    link = whatsapp_link_clean(whatsapp_link)
    if link == group.whatsapp_link:
        raise ValidationError(
            _("Dit is dezelfde link. Maak in WhatsApp eerst een nieuwe link (Link opnieuw instellen)."),
            code="whatsapp_link_same",
        )
    return group_alert_place_update(group=group, admin=admin, alert_place=group.alert_place, whatsapp_link=link)


@transaction.atomic
def whatsapp_link_open(*, group: Group, user) -> str:
    """The invite link for an admitted member; records the member's first opening. Others get PermissionDenied
    (municipal staff and police are never members); a group without a WhatsApp link gives ValidationError."""
    membership = membership_of(user, group)
    if membership is None:
        raise PermissionDenied
    if not group.alerts_in_whatsapp or not group.whatsapp_link:
        raise ValidationError(_("Deze groep heeft geen WhatsApp-groep."), code="no_whatsapp")
    Membership.objects.filter(pk=membership.pk, whatsapp_opened_at__isnull=True).update(
        whatsapp_opened_at=timezone.now()
    )
    return group.whatsapp_link


def members_not_opened(group: Group):
    """Admitted members who have not opened the current WhatsApp invite link (for the admins)."""
    return (
        Membership.objects.filter(group=group, whatsapp_opened_at__isnull=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def switch_relevant(group: Group) -> bool:
    """A group that alerts in Buurtwacht and WhatsApp, or moved to Buurtwacht from WhatsApp, has members to invite."""
    if group.alert_place == AlertPlace.BOTH:
        return True
    moved = bool(group.whatsapp_link) or group.switch_message_since is not None
    return group.alert_place == AlertPlace.BUURTWACHT and moved


@transaction.atomic
def switch_message_shown(*, group: Group, admin) -> Group:
    """The admin opened the message for the WhatsApp members: count who joins from now on (the first time only)."""
    if not is_admin(admin, group):
        raise PermissionDenied
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.switch_message_since is None:
        group.switch_message_since = timezone.now()
        group.save(update_fields=["switch_message_since"])
    return group


def switch_message(group: Group) -> dict:
    """The ready message inviting the WhatsApp members to Buurtwacht, its wa.me share link, and how many joined
    Buurtwacht since the admins were first offered it."""
    text = _(
        "Beste buren, onze buurtpreventiegroep %(name)s meldt voortaan ook in Buurtwacht: meldingen met een "
        "plek op de kaart, politieberichten en afspraken op één plek. Word deelnemer via deze link (de beheerders "
        "kijken of u in de buurt woont): %(link)s Bij spoed altijd eerst 112 bellen."
    ) % {"name": group.name, "link": invite_url(group)}
    joined = 0
    if group.switch_message_since is not None:
        joined = Membership.objects.filter(group=group, joined_at__gt=group.switch_message_since).count()
    return {
        "text": text,
        "share_url": "https://wa.me/?text=" + quote(text, safe=""),
        "since": group.switch_message_since,
        "joined": joined,
    }
