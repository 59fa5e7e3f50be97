"""Reads: finding addresses and answering "what lies here?" for a point."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buurtwacht.geo.index import BUURTEN, entries_from_rows, layers
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
    number if it exists, else the first of its variants (12a, 12-1), so "12" still finds a building."""
    candidates = Address.objects.filter(postcode=postcode, number=number)
    if letter or addition:
        return candidates.filter(letter__iexact=letter, addition__iexact=addition).first()
    return candidates.order_by("letter", "addition").first()


def address_variants(*, postcode: str, number: int) -> list[Address]:
    return list(Address.objects.filter(postcode=postcode, number=number).order_by("letter", "addition")[:20])


def check_point(lon: float, lat: float) -> None:
    min_lon, min_lat, max_lon, max_lat = NL_BOUNDS
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        raise ValidationError(
            _("Dit punt (%(lat).5f, %(lon).5f) ligt niet in Nederland.") % {"lat": lat, "lon": lon},
            code="point",
        )


def buurt_at(lon: float, lat: float) -> Buurt | None:
    """The buurt that contains the point (generalised CBS polygons overlap slightly at their edges)."""
    return buurt_of(layers.get(BUURTEN).ids_at(lon, lat))


def buurt_of(ids: list[int]) -> Buurt | None:
    """One buurt of several candidates: the lowest code, so that points on an overlap get a stable answer."""
    if not ids:
        return None
    return Buurt.objects.select_related("wijk", "gemeente").filter(pk__in=ids).order_by("code").first()


def _load_buurten():
    return entries_from_rows(Buurt.objects.exclude(geometry=None).values_list("pk", "geometry").iterator(2000))


layers.register(BUURTEN, _load_buurten)


@dataclass
class Place:
    """What lies at a point: the buurt, and through it the wijk and gemeente."""

    lon: float
    lat: float
    address: Address | None = None
    buurt: Buurt | None = None

    @property
    def wijk(self):
        return self.buurt.wijk if self.buurt else None

    @property
    def gemeente(self):
        return self.buurt.gemeente if self.buurt else None
