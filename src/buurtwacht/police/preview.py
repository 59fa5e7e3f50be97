"""What the console's composer shows before anything is sent: the area on the map, the groups inside it (their
names and areas: the police see no members or addresses), how many people the message would reach and on which
channel now, and the text as it will read. Nothing is written; the same rules as message_send decide."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from buurtwacht.geo.models import Buurt
from buurtwacht.police import text
from buurtwacht.police.models import MessageKind, PoliceMessage
from buurtwacht.police.permissions import Sender, require_buurten, require_gemeente
from buurtwacht.police.reach import reach_of
from buurtwacht.police.rules import MessageInput, area_check, message_check


@dataclass
class Preview:
    lon: float
    lat: float
    area: dict  # GeoJSON geometry, WGS84
    groups: list[dict]  # {"name", "area", "police_messages"}
    counts: dict  # Reach.counts() with the channels
    text: str = ""  # the message as it will read; "" while the service would still refuse it
    refusals: dict[str, list[str]] = field(default_factory=dict)  # what it would refuse now, per field

    def as_json(self) -> dict:
        return {
            "point": {"lat": self.lat, "lon": self.lon},
            "area": self.area,
            "groups": self.groups,
            "counts": self.counts,
            "text": self.text,
            "refusals": self.refusals,
        }


def reach_preview(*, sender: Sender, data: MessageInput) -> Preview:
    """The reach of a message over this place and area. ValidationError (per field) when the place or the area is
    refused, PermissionDenied when it lies outside the sender's gemeenten, as message_send would answer."""
    where = area_check(data)
    require_gemeente(sender, where.gemeente_id)
    require_buurten(sender, where.buurten)
    kind = data.kind if data.kind in MessageKind.values else MessageKind.DISPATCH
    reach = reach_of(kind=kind, area=where.area.geometry, bounds=where.area.bounds, with_channels=True)
    preview = Preview(
        lon=where.lon,
        lat=where.lat,
        area=where.area.geojson,
        groups=[
            {"name": g.group.name, "area": g.group.area, "police_messages": g.police_messages} for g in reach.groups
        ],
        counts=reach.counts(),
    )
    try:
        checked = message_check(data)
    except ValidationError as refused:
        preview.refusals = refused.message_dict
    else:
        draft = PoliceMessage(
            kind=kind,
            incident=data.incident,
            location_text=checked.location_text,
            description=checked.description,
            person=checked.person,
            vehicle=checked.vehicle,
        )
        preview.text = text.message_text(draft, with_updates=False)
    return preview


def buurten_per_wijk(gemeente_ids) -> list[tuple[str, list[Buurt]]]:
    """The buurten a sender may choose as the area: those of their gemeenten, per wijk."""
    rows = (
        Buurt.objects.filter(gemeente_id__in=list(gemeente_ids))
        .select_related("wijk", "gemeente")
        .only("code", "name", "wijk__name", "wijk__code", "gemeente__name", "gemeente__code")
        .order_by("gemeente__name", "wijk__name", "wijk__code", "name", "code")
    )
    several = len(set(gemeente_ids)) > 1
    out: dict[str, list[Buurt]] = {}
    for buurt in rows:
        label = buurt.wijk.display_name
        if several:
            label = f"{label} ({buurt.gemeente.display_name})"
        out.setdefault(label, []).append(buurt)
    return list(out.items())
