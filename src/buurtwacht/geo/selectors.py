"""Reads: finding addresses and answering "what lies here?" for a point."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from buurtwacht.geo.index import BUURTEN, Entry, layers
from buurtwacht.geo.models import Address, Buurt
from buurtwacht.geo.shapes import NL_BOUNDS

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")


def normalise_postcode(raw: str) -> str:
    """'1234 ab' -> '1234AB'; ValidationError (Dutch) when it is not a Dutch postcode."""
    match = POSTCODE_RE.match(raw or "")
    if not match:
        raise ValidationError(
            _("'%(value)s' is geen geldige postcode. Een postcode is vier cijfers en twee letters, zoals 4381 AA.")
            % {"value": (raw or "").strip()},
            code="postcode",
        )
    return (match.group(1) + match.group(2)).upper()


def parse_house_number(raw: str | int) -> tuple[int, str, str]:
    """'12', '12a', '12 A', '12-bis', '12 2' -> (number, letter, addition)."""
    text = str(raw or "").strip()
    match = re.match(r"^(\d{1,5})\s*([A-Za-z]?)(?:\s*[- ]\s*([0-9A-Za-z]{1,4}))?$", text)
    if not match or int(match.group(1)) == 0:
        raise ValidationError(
            _("'%(value)s' is geen geldig huisnummer. Vul een nummer in, eventueel met letter, zoals 12 of 12a.")
            % {"value": text},
            code="huisnummer",
        )
    return int(match.group(1)), match.group(2).upper(), (match.group(3) or "").upper()


def address_find(*, postcode: str, number: int, letter: str = "", addition: str = "") -> Address | None:
    """The address with exactly this postcode and house number; with no letter or addition given, the plain
    number if it exists, else the first of its variants (12a, 12-1), so "12" still finds a building.

    Plain SQL, not the ORM: this runs on every lookup, and compiling the ORM query cost 4x the query itself.
    """
    table = Address._meta.db_table
    sql = f"SELECT * FROM {table} WHERE postcode = %s AND number = %s"  # noqa: S608 - table name from the model
    params: list = [postcode, number]
    if letter or addition:
        sql += " AND UPPER(letter) = %s AND UPPER(addition) = %s"
        params += [letter.upper(), addition.upper()]
    found = list(Address.objects.raw(sql + " ORDER BY letter, addition LIMIT 1", params))
    return found[0] if found else None


def address_lookup(*, postcode: str, number: str) -> tuple[Address, int, str, str]:
    """The address a person typed (postcode and house number such as "12", "12a" or "12a-2"), with the parsed
    number, letter and addition. Every mistake is refused at once, per field ("postcode", "number"), in Dutch."""
    errors: dict[str, list[str]] = {}
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError as exc:
        errors["postcode"] = exc.messages
    try:
        house, letter, addition = parse_house_number(number)
    except ValidationError as exc:
        errors["number"] = exc.messages
    if errors:
        raise ValidationError(errors)
    address = address_find(postcode=postcode, number=house, letter=letter, addition=addition)
    if address is None:
        raise ValidationError(
            {
                "number": _(
                    "We kennen geen adres met deze postcode en dit huisnummer. "
                    "Controleer ze, bijvoorbeeld op een brief."
                )
            }
        )
    return address, house, letter, addition


def address_variants(*, postcode: str, number: int) -> list[Address]:
    return list(Address.objects.filter(postcode=postcode, number=number).order_by("letter", "addition")[:20])


def check_point(lon: float, lat: float) -> None:
    min_lon, min_lat, max_lon, max_lat = NL_BOUNDS
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        raise ValidationError(
            _("Dit punt (%(lat).5f, %(lon).5f) ligt niet in Nederland.") % {"lat": lat, "lon": lon},
            code="point",
        )


@dataclass(frozen=True)
class AreaRef:
    """A gemeente, wijk or buurt as lookups show it: code and name."""

    code: str
    name: str

    @property
    def display_name(self) -> str:
        return self.name or self.code


@dataclass(frozen=True)
class BuurtRef:
    buurt: AreaRef
    wijk: AreaRef
    gemeente: AreaRef
    size: float = 0.0  # the polygon's area in square degrees: only to rank buurten that overlap

    @property
    def precedence(self) -> tuple[float, str]:
        """Where generalised CBS polygons overlap, the point belongs to the smallest buurt, then the lowest code.

        Overlaps are mostly slivers along shared edges, but a generalised "verspreide huizen" buurt can enclose a
        whole village (BU17140009 around Aardenburg, BU17140200): the smaller polygon is the one the point is in.
        """
        return (self.size, self.buurt.code)


def buurt_at(lon: float, lat: float) -> BuurtRef | None:
    """The buurt that contains the point, with its wijk and gemeente (from the index: no query)."""
    return buurt_of(layers.get(BUURTEN), lon, lat)


def buurt_id_at(lon: float, lat: float) -> int | None:
    """The primary key of the buurt that contains the point (see BuurtRef.precedence where buurten overlap)."""
    index = layers.get(BUURTEN)
    ids = index.ids_at(lon, lat)
    if not ids:
        return None
    return min(ids, key=lambda i: index.meta[i].precedence)


def buurt_of(index, lon: float, lat: float) -> BuurtRef | None:
    """Generalised CBS polygons overlap: of several buurten, the smallest is taken, then the lowest code
    (BuurtRef.precedence), so that points on an overlap get a stable answer."""
    refs = [index.meta[i] for i in index.ids_at(lon, lat)]
    return min(refs, key=lambda ref: ref.precedence) if refs else None


def _load_buurten():
    rows = (
        Buurt.objects.exclude(geometry=None)
        .values_list("pk", "geometry", "code", "name", "wijk__code", "wijk__name", "gemeente__code", "gemeente__name")
        .iterator(2000)
    )
    for pk, geometry, code, name, wijk_code, wijk_name, gemeente_code, gemeente_name in rows:
        shape = shapely.geometry.shape(geometry)
        ref = BuurtRef(
            AreaRef(code, name), AreaRef(wijk_code, wijk_name), AreaRef(gemeente_code, gemeente_name), shape.area
        )
        yield Entry(pk, shape, ref)


layers.register(BUURTEN, _load_buurten)


@dataclass
class Place:
    """What lies at a point: the buurt, and through it the wijk and gemeente."""

    lon: float
    lat: float
    address: Address | None = None
    area: BuurtRef | None = None

    @property
    def buurt(self) -> AreaRef | None:
        return self.area.buurt if self.area else None

    @property
    def wijk(self) -> AreaRef | None:
        return self.area.wijk if self.area else None

    @property
    def gemeente(self) -> AreaRef | None:
        return self.area.gemeente if self.area else None


def addresses_inside(geometry: BaseGeometry) -> tuple[int, str]:
    """The number of BAG addresses inside the area, and the woonplaats most of them are in: a bbox query, then
    one vectorised containment test."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    rows = list(
        Address.objects.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat).values_list(
            "lon", "lat", "place"
        )
    )
    if not rows:
        return 0, ""
    points = np.array([(lon, lat) for lon, lat, _place in rows], dtype=float)
    inside = shapely.contains_xy(geometry, points[:, 0], points[:, 1])
    places = Counter(row[2] for row, hit in zip(rows, inside.tolist(), strict=True) if hit)
    return int(inside.sum()), (places.most_common(1)[0][0] if places else "")
