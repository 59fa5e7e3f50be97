"""The network of groups in the demo: the personas' group and the groups round it take part (one group in the
gemeente with a neighbour stays out, so the staff's map shows both, and a pair of neighbours of which only one takes
part), and a neighbouring group passed an alert on to the personas' group, so the admin persona finds it on
/meldingen/ and can forward it into the group (the alert lies in the neighbour's area, as such alerts do).

The alert in the neighbouring group is fictional and written straight to the table, as the demo's other alerts;
passing it on goes through the service (networks.services), so its event and receipts are real. Its mail goes to
addresses under demo.invalid.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall
from buurtwacht.delivery.services import events_delete
from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.networks.models import NetworkOptIn, PassOn
from buurtwacht.networks.neighbours import neighbour_ids
from buurtwacht.networks.services import alert_pass_on


def demo_networks_remove() -> None:
    """The events of the demo's passed-on alerts (the rows go with the groups)."""
    pass_ons = PassOn.objects.filter(source_group__gemeente__code=GEMEENTE_CODE)
    events_delete(topics=[p.topic for p in pass_ons])


def demo_networks_create(*, group: Group, rng: random.Random) -> PassOn | None:
    """Opt every active group of the gemeente in but one, outside the group's own circle (its neighbours and its
    wijk) and with a neighbour of its own; pass a fresh alert of a neighbour on to the group. Returns that
    passed-on alert (None without neighbours)."""
    active = list(Group.objects.filter(gemeente=group.gemeente, status=GroupStatus.ACTIVE).order_by("name"))
    neighbours = neighbour_ids(group)
    own_circle = [g for g in active if g.pk == group.pk or g.pk in neighbours or g.wijk_id == group.wijk_id]
    others = [g for g in active if g not in own_circle]
    # The group that stays out has a neighbour that takes part, so the staff's map shows a dashed line ("nog niet
    # allebei") and the list a neighbour that does not take part.
    staying_out = next((g for g in others if neighbour_ids(g)), others[0] if others else None)
    taking_part = [g for g in active if g != staying_out]
    for member in taking_part:
        NetworkOptIn.objects.get_or_create(group=member)
    source = next((g for g in taking_part if g.pk in neighbours), None)
    if source is None:
        return None
    admin = Membership.objects.filter(group=source, role=MemberRole.ADMIN).select_related("user").first()
    author = Membership.objects.filter(group=source, role=MemberRole.MEMBER).select_related("user__address").first()
    if admin is None or author is None:
        return None
    spot = author.user.address
    when = timezone.now() - dt.timedelta(minutes=rng.randint(12, 20))
    alert = Alert.objects.create(
        group=source,
        author=author.user,
        kind=AlertKind.BURGLARY,
        lat=spot.lat if spot else (source.min_lat + source.max_lat) / 2,
        lon=spot.lon if spot else (source.min_lon + source.max_lon) / 2,
        location_text=f"{spot.street}, achterom" if spot else "",
        happened_at=when,
        police_call=PoliceCall.CALLED_112,
        called_112_at=when,
        called_112_by=author.user,
        description=f"(Fictief, demo) Man met koevoet bij een achterdeur; vlucht op een fiets richting {group.name}.",
        person={"sex": "man", "clothing": "donkere jas, rode rugzak", "direction": "richting de buurgroep"},
        vehicle={"type": "fiets", "colour": "zwart"},
    )
    result = alert_pass_on(alert=alert, by=admin.user)
    return next((p for p in result.new + result.earlier if p.target_group_id == group.pk), None)
