"""Reads for the public pages: the home page's address search and the map page's list of groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtwacht.geo.models import Address
from buurtwacht.geo.selectors import address_find, address_variants
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import Lookup, group_features, lookup_point


@dataclass
class NearbyGroup:
    group: Group
    distance_m: float

    @property
    def distance_label(self) -> str:
        """'350 m' or '2,4 km', rounded as a person would say it."""
        if self.distance_m < 1000:
            return _("%(distance)s m") % {"distance": number_format(round(self.distance_m, -1), 0)}
        return _("%(distance)s km") % {"distance": number_format(self.distance_m / 1000, 1)}


@dataclass
class AddressSearch:
    """The outcome of a postcode + house number search.

    `variants` is filled when the number exists with several letters or additions (12a, 12b) and the search
    gave none: the person chooses. `address` is None when nothing matches exactly.
    """

    address: Address | None = None
    variants: list[Address] = field(default_factory=list)
    lookup: Lookup | None = None
    nearby: list[NearbyGroup] = field(default_factory=list)
    map_features: dict | None = None

    @property
    def not_found(self) -> bool:
        return self.address is None and not self.variants


def address_search(*, postcode: str, number: int, letter: str = "", addition: str = "") -> AddressSearch:
    """Find the address and what covers it: the buurt, wijk, gemeente, the groups, or the nearest groups."""
    if letter or addition:
        address = address_find(postcode=postcode, number=number, letter=letter, addition=addition)
        variants: list[Address] = []
    else:
        variants = address_variants(postcode=postcode, number=number)
        plain = [a for a in variants if not a.letter and not a.addition]
        address = plain[0] if plain else (variants[0] if len(variants) == 1 else None)
        if len(variants) == 1:
            variants = []
    result = AddressSearch(address=address, variants=variants)
    if address is None:
        return result
    lookup = lookup_point(lon=address.lon, lat=address.lat, address=address)
    result.lookup = lookup
    result.nearby = [NearbyGroup(group=g, distance_m=lookup.distances_m[g.pk]) for g in lookup.nearby]
    shown = [g.pk for g in lookup.groups or lookup.nearby]
    result.map_features = group_features(Group.objects.active().filter(pk__in=shown).order_by("pk"))
    return result


@dataclass
class GemeenteGroups:
    gemeente: str
    groups: list[dict]


def active_groups_by_gemeente() -> list[GemeenteGroups]:
    """Every active group's name, link and counts, per gemeente: the map page's list for readers without a map."""
    rows = (
        Group.objects.active()
        .order_by("gemeente__name", "name")
        .values("name", "slug", "member_count", "address_count", "gemeente__name", "gemeente__code")
    )
    return [
        GemeenteGroups(gemeente=name, groups=list(items))
        for name, items in groupby(rows.iterator(2000), key=lambda row: row["gemeente__name"] or row["gemeente__code"])
    ]
