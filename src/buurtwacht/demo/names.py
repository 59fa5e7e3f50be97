"""Names for the demo municipality: its wijken and buurten, and the word parts its street names are made of.

All names are fictional data in Dutch (like imported data, they are not interface text and not translated).
"""

from __future__ import annotations

from dataclasses import dataclass

MAIN_PLACE = "Voorbeeldrecht"
HAMLET = "Voorbeeldhoeve"


@dataclass(frozen=True)
class BuurtSpec:
    name: str
    kind: str  # "dense" (village centre), "medium" (residential), "hamlet" or "rural" (scattered farms)
    stems: tuple[str, ...]


@dataclass(frozen=True)
class WijkSpec:
    name: str
    place: str
    buurten: tuple[BuurtSpec, ...]


# The first wijk takes the central cells, the others the outer ring, in order of angle.
WIJKEN: tuple[WijkSpec, ...] = (
    WijkSpec(
        "Centrum",
        MAIN_PLACE,
        (
            BuurtSpec("Dorpskern", "dense", ("Kerk", "Markt", "Dorps", "Raadhuis", "Brink", "School")),
            BuurtSpec("Kerkbuurt", "dense", ("Pastorie", "Koster", "Klokken", "Toren", "Kapel", "Orgel")),
            BuurtSpec("Vaartkwartier", "dense", ("Vaart", "Sluis", "Haven", "Schippers", "Veer", "Trekvaart")),
            BuurtSpec("Molenbuurt", "dense", ("Molen", "Wieken", "Meel", "Bakkers", "Graan", "Zeil")),
        ),
    ),
    WijkSpec(
        "Vogelwijk",
        MAIN_PLACE,
        (
            BuurtSpec("Merelbuurt", "medium", ("Merel", "Lijster", "Vinken", "Mezen", "Spreeuwen", "Roodborst")),
            BuurtSpec("Reigerhof", "medium", ("Reiger", "Zwanen", "Eenden", "Meeuwen", "Fuut", "Ooievaar")),
            BuurtSpec("Zwaluwenbuurt", "medium", ("Zwaluw", "Kwikstaart", "Leeuwerik", "Nachtegaal", "Gaai", "Specht")),
            BuurtSpec("Kievitsveld", "medium", ("Kievit", "Grutto", "Tureluur", "Wulp", "Scholekster", "Plevier")),
        ),
    ),
    WijkSpec(
        "Bomenwijk",
        MAIN_PLACE,
        (
            BuurtSpec("Lindehof", "medium", ("Linde", "Esdoorn", "Kastanje", "Beuken", "Plataan", "Notelaar")),
            BuurtSpec("Eikenbuurt", "medium", ("Eiken", "Hazelaar", "Iepen", "Essen", "Acacia", "Walnoot")),
            BuurtSpec("Berkenhage", "medium", ("Berken", "Elzen", "Populieren", "Vlier", "Meidoorn", "Sparren")),
            BuurtSpec("Wilgenweide", "medium", ("Wilgen", "Lijsterbes", "Hulst", "Taxus", "Jeneverbes", "Gagel")),
        ),
    ),
    WijkSpec(
        "Buitengebied",
        HAMLET,
        (
            BuurtSpec("Voorbeeldhoeve", "hamlet", ("Hoeve", "Akker", "Schuren", "Koren", "Hooi", "Boomgaard")),
            BuurtSpec("Polderlanden", "rural", ("Polder", "Kavel", "Gemaal")),
            BuurtSpec("Oosterkavels", "rural", ("Ooster", "Tocht", "Zuider")),
        ),
    ),
)

# Street-name endings by the kind of street, repeated to weigh them. A name is stem + ending ("Merel" + "straat").
LONG_STREET = ("straat", "straat", "straat", "laan", "laan", "weg", "singel", "dreef")
SHORT_STREET = ("hof", "hof", "pad", "erf", "plein", "straat", "steeg", "gaarde")
CROSS_STREET = ("laan", "weg", "dreef", "singel")
RURAL_ROAD = ("weg", "dijk", "pad")

# How many addresses each kind of buurt gets (a range; the seed picks within it) and how they lie.
ADDRESS_TARGETS = {"dense": (280, 340), "medium": (180, 240), "hamlet": (90, 120), "rural": (24, 36)}
