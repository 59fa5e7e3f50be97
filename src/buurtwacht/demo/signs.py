"""Street signs in the demo: the demo municipality's sign rules (fictional, after the rules real municipalities
publish), a few signs placed for other groups with their history, and one request of the personas' group waiting
for team Veiligheid. Made through the services, as the pages make them."""

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
from buurtwacht.municipality.signs.services import (
    SpotInput,
    sign_place,
    sign_request_approve,
    sign_request_create,
    sign_rules_save,
)

PLACED_GROUPS = 2  # other active groups that have signs


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
        for index, sign in enumerate(signs):
            sign_place(sign=sign, user=staff, on=today - dt.timedelta(days=60 + 20 * number + index))
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
