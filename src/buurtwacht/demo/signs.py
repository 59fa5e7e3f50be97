"""Street signs in the demo: the demo municipality's sign rules (fictional, after the rules real municipalities
publish), a few signs placed for other groups with their history (one of them moved later, one removed, so that every
state of the legend is seen), and one request of the personas' group waiting for team Veiligheid. Made through the
services, as the pages make them; only the dates of the request and its approval are set back afterwards, since the
services date those now and a sign cannot be placed before its approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import shapely
from django.utils import timezone

from buurtwacht.accounts.models import User
from buurtwacht.demo.people import ADMIN, STAFF
from buurtwacht.geo.models import Gemeente
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group, GroupStatus, MemberRole
from buurtwacht.municipality.signs.models import SignEvent, SignRequest, Step
from buurtwacht.municipality.signs.services import (
    SpotInput,
    sign_move,
    sign_place,
    sign_remove,
    sign_request_approve,
    sign_request_create,
    sign_rules_save,
)

PLACED_GROUPS = 2  # other active groups that have signs


def _approved_days_ago(request: SignRequest, days: int) -> None:
    """Date the request (a day earlier) and its approval `days` back, as if decided then."""
    when = timezone.now() - dt.timedelta(days=days)
    SignRequest.objects.filter(pk=request.pk).update(created_at=when - dt.timedelta(days=1), decided_at=when)
    SignEvent.objects.filter(request=request, step=Step.REQUESTED).update(at=when - dt.timedelta(days=1))
    SignEvent.objects.filter(request=request, step=Step.APPROVED).update(at=when)


def _spots(group: Group, count: int) -> list[SpotInput]:
    """Points inside the group's area: its representative point, and points between it and the area's corners."""
    area = to_geometry(group.area)
    middle = area.representative_point()
    spots = [middle]
    for x, y in list(area.exterior.coords if area.geom_type == "Polygon" else area.geoms[0].exterior.coords):
        if len(spots) >= count:
            break
        point = shapely.Point((middle.x * 2 + x) / 3, (middle.y * 2 + y) / 3)
        if area.contains(point):
            spots.append(point)
    return [SpotInput(lat=round(p.y, 6), lon=round(p.x, 6), note="Toegangsweg (demo)") for p in spots[:count]]


def demo_signs_create(*, gemeente: Gemeente, group: Group) -> None:
    """Rules, placed signs for two other active groups, and a request of `group` (the personas') waiting."""
    staff = User.objects.get(email=STAFF.email)
    others = (
        Group.objects.filter(gemeente=gemeente, status=GroupStatus.ACTIVE)
        .exclude(pk=group.pk)
        .order_by("pk")[:PLACED_GROUPS]
    )
    today = timezone.localdate()
    for number, other in enumerate(others):
        admin = other.memberships.filter(role=MemberRole.ADMIN).select_related("user").order_by("pk").first()
        request = sign_request_create(
            group=other, user=admin.user if admin else None, spots=_spots(other, 2),
            reason="Inbrekers komen de buurt in via de toegangswegen; borden laten zien dat hier wordt opgelet.",
        )
        signs = sign_request_approve(request=request, user=staff, spots=_spots(other, 2),
                                     note="Plekken afgesproken met de beheerder (demo).")
        _approved_days_ago(request, 120 + 20 * number)
        for index, sign in enumerate(signs):
            sign_place(sign=sign, user=staff, on=today - dt.timedelta(days=60 + 20 * number + index))
        if number == 0 and signs:  # the first group's first sign moved to a better spot
            first = signs[0]
            sign_move(sign=first, user=staff, on=today - dt.timedelta(days=20), lat=round(first.lat + 0.0003, 6),
                      lon=round(first.lon + 0.0003, 6), note="Beter zichtbaar vanaf de weg (demo).")
        if number == 1 and len(signs) > 1:  # the second group's second sign removed
            sign_remove(sign=signs[1], user=staff, on=today - dt.timedelta(days=10),
                        reason="De lantaarnpaal waar het bord aan hing is vervangen (demo).")
    sign_rules_save(
        gemeente=gemeente, user=staff, min_connected_addresses=10, max_per_group=3, active_groups_only=True,
        contribution_eur=Decimal("50"),
        contribution_text="De groep betaalt de helft, de gemeente de andere helft (fictieve regel van de demo).",
        allowed_spots="Alleen op toegangswegen van de wijk, niet op eigen grond van bewoners.",
    )
    admin = User.objects.get(email=ADMIN.email)
    sign_request_create(
        group=group, user=admin, spots=_spots(group, 2),
        reason="Twee borden bij de ingangen van de buurt, waar vorige winter is ingebroken (demo).",
    )
