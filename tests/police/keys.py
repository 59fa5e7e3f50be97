"""What the police API tests share: keys for a gemeente, a second gemeente far from the test town, and requests
as a control-room system makes them (a key, JSON or CAP, no session)."""

from __future__ import annotations

import json

import shapely

from buurtwacht.geo.index import BUURTEN, bump_version
from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.police.tokens import token_create
from tests.factories import area_fields
from tests.police.conftest import FAR, HERE

CAP_TYPE = "application/cap+xml"


def make_key(*gemeenten, label: str = "Meldkamer Midden-Nederland") -> tuple[object, str]:
    return token_create(label=label, gemeenten=gemeenten)


def far_gemeente() -> tuple[Gemeente, Buurt]:
    """Gemeente "Verweg" with one buurt around FAR (~3 km from the test town, not touching it)."""
    box = shapely.box(FAR[0] - 0.005, FAR[1] - 0.005, FAR[0] + 0.005, FAR[1] + 0.005)
    gemeente = Gemeente.objects.create(code="GM9903", name="Verweg", **area_fields(box))
    wijk = Wijk.objects.create(code="WK990300", name="Verweg wijk", gemeente=gemeente, **area_fields(box))
    buurt = Buurt.objects.create(
        code="BU99030000", name="Verweg buurt", wijk=wijk, gemeente=gemeente, **area_fields(box)
    )
    bump_version(BUURTEN)
    return gemeente, buurt


def dispatch_body(**fields) -> dict:
    body = {
        "kind": "woninginbraak",
        "lat": HERE[1],
        "lon": HERE[0],
        "radius_m": 1000,
        "text": "Verdachte vlucht te voet richting het park.",
        "signalement": {"person": {"sex": "man", "age": "18_30", "clothing": "donkerblauwe jas, witte sneakers"}},
    }
    return body | fields


def post(client, path: str, body, key: str | None = None, *, content_type="application/json", **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = json.dumps(body) if content_type == "application/json" and not isinstance(body, (str, bytes)) else body
    return client.post(f"/api/v1/police{path}", data=data, content_type=content_type, **headers)


def get(client, path: str, key: str | None = None, **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.get(f"/api/v1/police{path}", **headers)
