"""The demo groups: registered and approved through the same services as real groups.

Some cover whole buurten, some a drawn area around a few streets; one stays pending, and a few buurten keep no
group at all, so that a lookup there shows that no group covers the address yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import shapely

from buurtwacht.demo.addresses import Street
from buurtwacht.demo.geography import Geography, to_wgs84
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.groups.services import group_approve, group_register

AREA_MARGIN_M = 18.0  # a drawn area reaches this far beyond the outermost houses


@dataclass(frozen=True)
class GroupSpec:
    name: str  # "{street}" stands for the name of the first street a drawn area covers
    description: str
    founded_on: dt.date
    contact_name: str
    contact_email: str
    buurten: tuple[str, ...] = ()  # buurt names; or else a drawn area around these streets:
    streets_in: str = ""  # the buurt whose streets it covers,
    streets: tuple[int, ...] = ()  # by their place in the buurt (0 is the main street through its middle)
    member_share: float = 0.2  # members per address covered
    pending: bool = False


SAAR = (
    "We volgen SAAR: Signaleer, Alarmeer (bel eerst 112), App en Reageer. De groep is alleen voor verdachte "
    "situaties, niet om te chatten."
)

GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "Buurtpreventie Merelbuurt",
        "Sinds 2016 houden bewoners van de Merelbuurt samen een oogje in het zeil. " + SAAR,
        dt.date(2016, 4, 12),
        "Anja de Boer",
        "anja.deboer@example.org",
        buurten=("Merelbuurt",),
        member_share=0.31,
    ),
    GroupSpec(
        "WhatsApp-buurtpreventie Lindehof",
        "Voor alle bewoners van de Lindehof van 18 jaar en ouder. Aanmelden kan via de beheerder. " + SAAR,
        dt.date(2018, 9, 3),
        "Mehmet Yılmaz",
        "lindehof@buurtpreventie.invalid",
        buurten=("Lindehof",),
        member_share=0.24,
    ),
    GroupSpec(
        "Buurtpreventie Dorpskern",
        "De groep voor de dorpskern en de Kerkbuurt. Winkeliers en bewoners werken samen met de wijkagent. " + SAAR,
        dt.date(2015, 1, 20),
        "Henk Visser",
        "h.visser@example.org",
        buurten=("Dorpskern", "Kerkbuurt"),
        member_share=0.14,
    ),
    GroupSpec(
        "Buurtwacht Vaartkwartier",
        "Drie straten langs de vaart. We letten vooral op inbraken in schuurtjes en boten. " + SAAR,
        dt.date(2019, 5, 14),
        "Fatima el Amrani",
        "vaartkwartier@buurtpreventie.invalid",
        streets_in="Vaartkwartier",
        streets=(1, 2, 3),
        member_share=0.38,
    ),
    GroupSpec(
        "Buurtpreventie {street} e.o.",
        "Voor twee straten in de Reigerhof. Ziet u iets verdachts? Bel 112 en meld het daarna in de groep.",
        dt.date(2021, 2, 8),
        "Joost van Dijk",
        "joost.vandijk@example.org",
        streets_in="Reigerhof",
        streets=(1, 2),
        member_share=0.42,
    ),
    GroupSpec(
        "WhatsApp-groep Eikenbuurt",
        "Samen veilig in de Eikenbuurt. Nieuwe deelnemers sturen hun naam en adres naar de beheerder. " + SAAR,
        dt.date(2017, 11, 30),
        "Marieke Bos",
        "eikenbuurt@buurtpreventie.invalid",
        buurten=("Eikenbuurt",),
        member_share=0.27,
    ),
    GroupSpec(
        "Buurtpreventie Voorbeeldhoeve",
        "Voor de bewoners van Voorbeeldhoeve en de boerderijen in de polder eromheen. " + SAAR,
        dt.date(2020, 6, 1),
        "Kees Mulder",
        "kees.mulder@example.org",
        buurten=("Voorbeeldhoeve", "Polderlanden"),
        member_share=0.45,
    ),
    GroupSpec(
        "Samen Veilig Kievitsveld",
        "Een groep voor drie straten in het Kievitsveld, opgericht na een reeks fietsendiefstallen. " + SAAR,
        dt.date(2022, 3, 15),
        "Sanne Jansen",
        "sanne.jansen@example.org",
        streets_in="Kievitsveld",
        streets=(1, 2, 3),
        member_share=0.29,
    ),
    GroupSpec(
        "Buurtpreventie Molenbuurt",
        "Twee straten rond de molen. We werken samen met de groep in de dorpskern. " + SAAR,
        dt.date(2023, 10, 2),
        "Ruud Kok",
        "molenbuurt@buurtpreventie.invalid",
        streets_in="Molenbuurt",
        streets=(1, 2),
        member_share=0.22,
    ),
    GroupSpec(
        "Buurtpreventie Wilgenweide",
        "Nieuwe groep in oprichting. Wie wil meedoen of mede-beheerder worden, kan contact opnemen. " + SAAR,
        dt.date(2024, 9, 1),
        "Ingrid Smit",
        "ingrid.smit@example.org",
        buurten=("Wilgenweide",),
        member_share=0.04,
        pending=True,
    ),
)


def drawn_area(*, streets: list[Street], buurt: str, indexes: tuple[int, ...]) -> tuple[shapely.Polygon, str]:
    """A polygon (WGS84) around the houses of some of a buurt's streets, as a resident would draw it, and the
    name of the first of those streets."""
    in_buurt = [s for s in streets if s.buurt.name == buurt]
    points = shapely.MultiPoint([(h.x, h.y) for i in indexes for h in in_buurt[i].houses])
    area = points.convex_hull.buffer(AREA_MARGIN_M, quad_segs=2)
    return shapely.simplify(to_wgs84(area), 0.000005), in_buurt[indexes[0]].name


def demo_groups_create(
    *, geography: Geography, streets: list[Street], gemeente: Gemeente
) -> tuple[list[Group], dict[int, int]]:
    """Register every demo group and approve all but the pending ones; returns the groups and how many members
    each should get."""
    codes = {b.name: b.code for b in geography.buurten}
    groups = []
    member_counts = {}
    for spec in GROUPS:
        if spec.buurten:
            where, street = {"buurt_codes": [codes[name] for name in spec.buurten]}, ""
        else:
            area, street = drawn_area(streets=streets, buurt=spec.streets_in, indexes=spec.streets)
            where = {"area": area}
        group = group_register(
            name=spec.name.format(street=street),
            description=spec.description,
            contact_name=spec.contact_name,
            contact_email=spec.contact_email,
            founded_on=spec.founded_on,
            **where,
        )
        # Where imported real areas overlap the demo, the group still belongs to the demo gemeente, so that the
        # next run finds and removes it.
        group.gemeente = gemeente
        group.save(update_fields=["gemeente"])
        member_counts[group.pk] = max(6, round(group.address_count * spec.member_share))
        if not spec.pending:
            group = group_approve(
                group=group, note="Goedgekeurd bij het opbouwen van de demogemeente.", notify=False
            )
        groups.append(group)
    return groups, member_counts
