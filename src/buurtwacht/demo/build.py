"""Building the demo municipality again from scratch, in one transaction, leaving real data alone."""

from __future__ import annotations

import random
from dataclasses import dataclass

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from buurtwacht.demo import GEMEENTE_CODE, GEMEENTE_NAME, POSTCODE_REGEX, SEED
from buurtwacht.demo.addresses import Street, plan_addresses
from buurtwacht.demo.alerts import demo_alerts_create
from buurtwacht.demo.chat_history import demo_chat_history_create
from buurtwacht.demo.coverage import demo_coverage_compute
from buurtwacht.demo.figures import demo_figures_create, demo_figures_remove, demo_memberships_spread
from buurtwacht.demo.geography import Geography, plan_geography, point_to_wgs84, to_wgs84
from buurtwacht.demo.groups import demo_groups_create
from buurtwacht.demo.networks import demo_networks_create, demo_networks_remove
from buurtwacht.demo.people import DEMO_PASSWORD, Persona, demo_members_create, demo_people_remove, demo_personas_create
from buurtwacht.demo.police import demo_police_create, demo_police_remove
from buurtwacht.demo.signs import demo_signs_create
from buurtwacht.demo.stickers import demo_stickers_create
from buurtwacht.demo.whatsapp import demo_whatsapp_create
from buurtwacht.geo.index import BUURTEN, GROUPS, bump_version
from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk
from buurtwacht.geo.shapes import BBox, to_geojson
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.selectors import lookup_point

# Addresses to suggest in the summary: (buurt, street by its place in the buurt). The first lies in a group
# made of whole buurten, the second in a drawn group area, the third in a buurt without any group.
EXAMPLES = (("Merelbuurt", 0), ("Vaartkwartier", 1), ("Berkenhage", 0))


@dataclass(frozen=True)
class Example:
    address: Address
    group: Group | None


@dataclass(frozen=True)
class DemoSummary:
    gemeente: Gemeente
    wijk_count: int
    buurt_count: int
    address_count: int
    group_count: int
    pending_count: int
    examples: list[Example]
    personas: list[Persona]


def demo_addresses() -> QuerySet[Address]:
    """The demo's addresses: a demo postcode and the demo municipality name, so never an imported address."""
    return Address.objects.filter(postcode__regex=POSTCODE_REGEX, municipality_name=GEMEENTE_NAME)


@transaction.atomic
def demo_remove() -> None:
    """Remove the demo gemeente with its wijken, buurten, groups, addresses, people and police messages."""
    demo_police_remove()
    demo_networks_remove()
    demo_people_remove()
    demo_figures_remove()
    groups = Group.objects.filter(Q(gemeente__code=GEMEENTE_CODE) | Q(buurten__gemeente__code=GEMEENTE_CODE))
    Group.objects.filter(pk__in=list(groups.values_list("pk", flat=True))).delete()
    Gemeente.objects.filter(code=GEMEENTE_CODE).delete()
    demo_addresses().delete()
    bump_version(BUURTEN)
    bump_version(GROUPS)


@transaction.atomic
def demo_build(*, create_accounts: bool) -> DemoSummary:
    """Remove any previous demo and build it again: areas, addresses, groups and (in dev mode) logins."""
    demo_remove()
    rng = random.Random(SEED)
    geography = plan_geography(rng=rng)
    streets = plan_addresses(geography=geography, rng=rng)
    gemeente = _save_areas(geography=geography, streets=streets, rng=rng)
    bump_version(BUURTEN)
    _save_addresses(streets=streets, gemeente_name=gemeente.name)
    groups, member_counts = demo_groups_create(geography=geography, streets=streets, gemeente=gemeente)
    demo_members_create(groups=groups, member_counts=member_counts, rng=rng)
    demo_memberships_spread(gemeente=gemeente)
    examples = [_example(streets=streets, buurt=buurt, index=index) for buurt, index in EXAMPLES]
    personas = []
    if create_accounts:
        personas = demo_personas_create(group=examples[0].group, home=examples[0].address, gemeente=gemeente, rng=rng)
        demo_alerts_create(group=examples[0].group, rng=rng)
        demo_police_create(gemeente=gemeente, group=examples[0].group, rng=rng)
        demo_networks_create(group=examples[0].group, rng=rng)
        demo_stickers_create(gemeente=gemeente, group=examples[0].group)
        demo_signs_create(gemeente=gemeente, group=examples[0].group)
    demo_whatsapp_create(gemeente=gemeente, exclude=examples[0].group)
    demo_figures_create(gemeente=gemeente)
    demo_chat_history_create(gemeente=gemeente)
    demo_coverage_compute(gemeente=gemeente)
    return DemoSummary(
        gemeente=gemeente,
        wijk_count=len(geography.wijken),
        buurt_count=len(geography.buurten),
        address_count=sum(len(s.houses) for s in streets),
        group_count=len(groups),
        pending_count=sum(g.status == GroupStatus.PENDING for g in groups),
        examples=examples,
        personas=personas,
    )


def _area_fields(geometry: BaseGeometry) -> dict:
    return {"geometry": to_geojson(geometry), **BBox.of(geometry).as_fields()}


def _save_areas(*, geography: Geography, streets: list[Street], rng: random.Random) -> Gemeente:
    """Buurten as generated (WGS84, 6 decimals); each wijk and the gemeente are the union of their buurten."""
    shapes = {b.code: shapely.geometry.shape(to_geojson(to_wgs84(b.shape))) for b in geography.buurten}
    houses = {b.code: 0 for b in geography.buurten}
    for street in streets:
        houses[street.buurt.code] += len(street.houses)
    figures = {}
    for buurt in geography.buurten:
        # Some addresses are shops or offices; farms hold larger households than the village centre.
        households = round(houses[buurt.code] * rng.uniform(0.88, 0.97))
        per_household = rng.uniform(2.5, 2.9) if buurt.spec.kind in ("hamlet", "rural") else rng.uniform(1.8, 2.4)
        figures[buurt.code] = (round(households * per_household), households)
    gemeente = Gemeente.objects.create(
        code=GEMEENTE_CODE,
        name=GEMEENTE_NAME,
        inhabitants=sum(f[0] for f in figures.values()),
        households=sum(f[1] for f in figures.values()),
        **_area_fields(shapely.union_all(list(shapes.values()))),
    )
    for wijk_plan in geography.wijken:
        codes = [b.code for b in wijk_plan.buurten]
        wijk = Wijk.objects.create(
            code=wijk_plan.code,
            name=wijk_plan.name,
            gemeente=gemeente,
            inhabitants=sum(figures[c][0] for c in codes),
            households=sum(figures[c][1] for c in codes),
            **_area_fields(shapely.union_all([shapes[c] for c in codes])),
        )
        Buurt.objects.bulk_create(
            Buurt(
                code=b.code,
                name=b.name,
                wijk=wijk,
                gemeente=gemeente,
                inhabitants=figures[b.code][0],
                households=figures[b.code][1],
                **_area_fields(shapes[b.code]),
            )
            for b in wijk_plan.buurten
        )
    return gemeente


def _save_addresses(*, streets: list[Street], gemeente_name: str) -> None:
    postcodes = {h.postcode for s in streets for h in s.houses}
    taken = sorted(set(Address.objects.filter(postcode__in=postcodes).values_list("postcode", flat=True)))
    if taken:
        raise ValidationError(
            _(
                "De demo kan niet worden opgebouwd: de postcodes %(postcodes)s zijn al in gebruik door echte "
                "adressen. Verwijder die adressen of gebruik een database zonder deze postcodes."
            )
            % {"postcodes": ", ".join(taken[:5])}
        )
    rows = []
    for street in streets:
        for house in street.houses:
            lon, lat = point_to_wgs84(house.x, house.y)
            rows.append(
                Address(
                    street=street.name,
                    number=house.number,
                    letter=house.letter,
                    addition=house.addition,
                    postcode=house.postcode,
                    place=street.buurt.place,
                    municipality_name=gemeente_name,
                    lon=lon,
                    lat=lat,
                )
            )
    Address.objects.bulk_create(rows, batch_size=1000)


def _example(*, streets: list[Street], buurt: str, index: int) -> Example:
    """The lowest plain house number on a buurt's street, and the group a lookup there finds (if any)."""
    street = [s for s in streets if s.buurt.name == buurt][index]
    house = min((h for h in street.houses if not h.letter and not h.addition), key=lambda h: h.number)
    address = Address.objects.get(postcode=house.postcode, number=house.number, letter="", addition="")
    found = lookup_point(lon=address.lon, lat=address.lat, address=address, nearby=False)
    return Example(address=address, group=found.groups[0] if found.groups else None)


def demo_summary_lines(summary: DemoSummary) -> list[str]:
    """The summary the command prints, in Dutch."""
    lines = [
        _("Demogemeente %(name)s (%(code)s) opgebouwd:")
        % {"name": summary.gemeente.name, "code": summary.gemeente.code},
        _(
            "  %(wijken)d wijken, %(buurten)d buurten, %(addresses)s adressen, %(groups)d buurtpreventiegroepen "
            "(%(pending)d wacht op goedkeuring)."
        )
        % {
            "wijken": summary.wijk_count,
            "buurten": summary.buurt_count,
            "addresses": number_format(summary.address_count, force_grouping=True),
            "groups": summary.group_count,
            "pending": summary.pending_count,
        },
        _("Probeer deze adressen in de zoekfunctie (postcode en huisnummer):"),
    ]
    for example in summary.examples:
        address = example.address
        where = {
            "postcode": address.postcode_display,
            "number": address.house_number,
            "address": f"{address.street} {address.house_number}, {address.place}",
        }
        if example.group:
            lines.append(
                _("  %(postcode)s %(number)s (%(address)s): %(group)s") % {**where, "group": example.group.name}
            )
        else:
            lines.append(_("  %(postcode)s %(number)s (%(address)s): nog geen groep") % where)
    if summary.personas:
        lines.append(
            _(
                "Inloggen op /account/inloggen/ met wachtwoord %(password)s. Gemeente, politie en platformbeheer "
                "vragen daarna een tweestapscode; in de demo staat die code op de pagina."
            )
            % {"password": DEMO_PASSWORD}
        )
        lines += [f"  {p.email}: {p.description}" for p in summary.personas]
    else:
        lines.append(
            _("Geen demo-inloggegevens aangemaakt: die komen er alleen in de ontwikkelmodus (BUURTWACHT_DEV=1).")
        )
    return lines
