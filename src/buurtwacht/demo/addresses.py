"""The demo addresses: fictional streets inside each buurt, house numbers along them, and postcodes.

Per buurt:
1. Straight street lines at one random angle, parallel at a spacing that depends on the kind of buurt, plus one
   cross street through the middle, all kept a margin away from the buurt's edge.
2. House points on both sides of each street (odd numbers left, even right), skipping points too close to
   another street or another house; streets nearest the middle fill first, until the buurt's target is met.
3. A name per street from the buurt's word stems ("Merel" + "straat"), unique within the place.
4. A few houses get letter variants (12A) or upstairs flats (12-1, 12-2).
Postcodes follow per place: a short street gets one, a long street one per side per run of house numbers.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops

from buurtwacht.demo import POSTCODE_LETTER, POSTCODE_NUMBERS
from buurtwacht.demo.geography import BuurtPlan, Geography
from buurtwacht.demo.names import ADDRESS_TARGETS, CROSS_STREET, LONG_STREET, RURAL_ROAD, SHORT_STREET

# kind: (street spacing, margin from the buurt edge, setback from the street, spacing along the street) in metres
LAYOUT = {
    "dense": (58.0, 22.0, 10.0, (6.0, 7.0)),
    "medium": (70.0, 25.0, 11.0, (8.5, 11.0)),
    "hamlet": (80.0, 30.0, 12.0, (12.0, 18.0)),
    "rural": (170.0, 40.0, 30.0, (45.0, 120.0)),
}
MIN_STREET_M = 60.0
MAX_STREET_M = 230.0  # longer lines are cut into blocks with a footpath between them, each its own street
BLOCK_GAP_M = 18.0
MIN_HOUSE_GAP_M = 5.0
MIN_STREET_GAP_M = 8.0
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # second letters: without F, I, O, Q, U, Y, as before 2005
SHORT_STREET_POSTCODE = 32  # a street with up to this many addresses shares one postcode
POSTCODE_RUN = 24  # on longer streets, a postcode covers up to this many house numbers on one side


@dataclass
class House:
    x: float
    y: float
    side: int  # +1 left (odd numbers), -1 right (even numbers)
    along: float
    number: int = 0
    letter: str = ""
    addition: str = ""
    postcode: str = ""


@dataclass
class Street:
    name: str
    buurt: BuurtPlan
    line: shapely.LineString
    houses: list[House] = field(default_factory=list)


def street_lines(*, buurt: BuurtPlan, rng: random.Random) -> list[tuple[shapely.LineString, bool]]:
    """(line, is_cross_street) inside the buurt, the ones nearest its middle first."""
    spacing, margin, _setback, _along = LAYOUT[buurt.spec.kind]
    inner = buurt.shape.buffer(-margin)
    core = inner.representative_point()
    angle = rng.uniform(0, math.pi)
    dx, dy = math.cos(angle), math.sin(angle)
    reach = math.dist(inner.bounds[:2], inner.bounds[2:])
    shift = rng.uniform(-spacing / 2, spacing / 2)
    lines = []
    for k in range(-int(reach / spacing) - 1, int(reach / spacing) + 2):
        offset = k * spacing + shift
        cx, cy = core.x - dy * offset, core.y + dx * offset
        lines.append(
            (shapely.LineString([(cx - dx * reach, cy - dy * reach), (cx + dx * reach, cy + dy * reach)]), False)
        )
    if buurt.spec.kind != "rural":
        cross = shapely.LineString(
            [(core.x + dy * reach, core.y - dx * reach), (core.x - dy * reach, core.y + dx * reach)]
        )
        lines.append((cross, True))
    pieces = []
    for line, is_cross in lines:
        clipped = line.intersection(inner)
        for part in getattr(clipped, "geoms", [clipped]):
            if part.geom_type == "LineString" and part.length >= MIN_STREET_M:
                pieces += [
                    (block, is_cross) for block in _blocks(part, keep_whole=is_cross or buurt.spec.kind == "rural")
                ]
    return sorted(pieces, key=lambda p: (not p[1], p[0].distance(core)))


def _blocks(line: shapely.LineString, *, keep_whole: bool) -> list[shapely.LineString]:
    """The line cut into blocks of at most MAX_STREET_M, with BLOCK_GAP_M between them."""
    count = 1 if keep_whole else math.ceil((line.length + BLOCK_GAP_M) / (MAX_STREET_M + BLOCK_GAP_M))
    size = (line.length - BLOCK_GAP_M * (count - 1)) / count
    return [
        shapely.ops.substring(line, k * (size + BLOCK_GAP_M), k * (size + BLOCK_GAP_M) + size) for k in range(count)
    ]


def place_houses(*, buurt: BuurtPlan, rng: random.Random) -> list[Street]:
    _spacing, _margin, setback, along_range = LAYOUT[buurt.spec.kind]
    target = rng.randint(*ADDRESS_TARGETS[buurt.spec.kind])
    lines = street_lines(buurt=buurt, rng=rng)
    safe = buurt.shape.buffer(-MIN_HOUSE_GAP_M)
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}
    streets, count = [], 0
    for i, (line, _is_cross) in enumerate(lines):
        if count >= target:
            break
        others = shapely.union_all([other for j, (other, _c) in enumerate(lines) if j != i])
        (x0, y0), (ux, uy) = line.coords[0], _direction(line)
        candidates = []
        for side in (1, -1):
            along = rng.uniform(*along_range) / 2
            while along < line.length:
                candidates.append(
                    House(x0 + ux * along - uy * setback * side, y0 + uy * along + ux * setback * side, side, along)
                )
                along += rng.uniform(*along_range)
        candidates.sort(key=lambda h: (h.along, -h.side))
        points = shapely.points([(h.x, h.y) for h in candidates])
        clear = shapely.contains(safe, points) & (shapely.distance(points, others) >= MIN_STREET_GAP_M)
        street = Street(name="", buurt=buurt, line=line)
        for house, ok in zip(candidates, np.asarray(clear).tolist(), strict=True):
            if ok and count < target and _claim(taken, house.x, house.y):
                street.houses.append(house)
                count += 1
        if street.houses:
            streets.append(street)
    return streets


def _claim(taken: dict[tuple[int, int], list[tuple[float, float]]], x: float, y: float) -> bool:
    """Take the spot unless another house stands within MIN_HOUSE_GAP_M (a grid of gap-sized cells)."""
    cx, cy = int(x // MIN_HOUSE_GAP_M), int(y // MIN_HOUSE_GAP_M)
    for gx in (cx - 1, cx, cx + 1):
        for gy in (cy - 1, cy, cy + 1):
            if any(math.dist((x, y), p) < MIN_HOUSE_GAP_M for p in taken.get((gx, gy), ())):
                return False
    taken.setdefault((cx, cy), []).append((x, y))
    return True


def name_streets(*, streets: list[Street], used: set[str], rng: random.Random) -> None:
    """Stem + ending, unique within the place; the cross street gets a grander ending than a short side street."""
    stems = list(streets[0].buurt.spec.stems) if streets else []
    rng.shuffle(stems)
    for i, street in enumerate(streets):
        if street.buurt.spec.kind == "rural":
            endings = RURAL_ROAD
        elif i == 0:
            endings = CROSS_STREET
        else:
            endings = SHORT_STREET if street.line.length < 150 else LONG_STREET
        endings = rng.sample(endings, len(endings))
        options = [(stem, end) for stem in stems[i % len(stems) :] + stems[: i % len(stems)] for end in endings]
        options += [(stem, end) for stem in stems for end in LONG_STREET + SHORT_STREET]
        street.name = next(f"{stem}{end}" for stem, end in options if f"{stem}{end}" not in used)
        used.add(street.name)


def _direction(line: shapely.LineString) -> tuple[float, float]:
    """The unit vector along a straight street."""
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    return (x1 - x0) / line.length, (y1 - y0) / line.length


def number_houses(*, street: Street, rng: random.Random) -> None:
    """Odd numbers on the left, even on the right, in order along the street; then letters and flats."""
    ux, uy = _direction(street.line)
    extras = []
    for side, first in ((1, 1), (-1, 2)):
        for n, house in enumerate(sorted((h for h in street.houses if h.side == side), key=lambda h: h.along)):
            house.number = first + 2 * n
            roll = rng.random()
            if street.buurt.spec.kind == "dense" and roll < 0.05:
                # One or two flats above a shop: 12, 12-1 (, 12-2) in one building.
                flats = range(1, 3 if rng.random() < 0.4 else 2)
                extras += [House(house.x, house.y, side, house.along, house.number, "", str(f)) for f in flats]
            elif street.buurt.spec.kind in ("dense", "medium") and roll > 0.97:
                # A house split or built beside it later: 12A (, 12B), a couple of metres along.
                letters = "AB" if rng.random() < 0.3 else "A"
                extras += [
                    House(house.x + ux * 2 * k, house.y + uy * 2 * k, side, house.along + 2 * k, house.number, letter)
                    for k, letter in enumerate(letters, start=1)
                ]
    street.houses += extras
    street.houses.sort(key=lambda h: (h.number, h.letter, h.addition))


class PostcodeAllocator:
    """Hands out 9990 QA, 9990 QB, ...; a new place (woonplaats) starts on the next 4-digit number."""

    def __init__(self) -> None:
        self.numbers = iter(POSTCODE_NUMBERS)
        self.letters: list[str] = []
        self.current = ""

    def next_area(self) -> None:
        try:
            self.current = next(self.numbers)
        except StopIteration:
            raise RuntimeError("the demo needs more postcodes than 9990-9999 hold; lower the address targets") from None
        self.letters = [POSTCODE_LETTER + letter for letter in POSTCODE_LETTERS]

    def next(self) -> str:
        if not self.letters:
            self.next_area()
        return self.current + self.letters.pop(0)


def assign_postcodes(*, streets: list[Street], allocator: PostcodeAllocator) -> None:
    for street in streets:
        if len(street.houses) <= SHORT_STREET_POSTCODE:
            postcode = allocator.next()
            for house in street.houses:
                house.postcode = postcode
            continue
        for side in (1, -1):
            numbers = sorted({h.number for h in street.houses if h.side == side})
            runs = max(1, math.ceil(len(numbers) / POSTCODE_RUN))
            size = math.ceil(len(numbers) / runs)
            codes = {n: allocator.next() for n in numbers[::size]}
            for house in street.houses:
                if house.side == side:
                    house.postcode = codes[max(n for n in codes if n <= house.number)]


def plan_addresses(*, geography: Geography, rng: random.Random) -> list[Street]:
    """All demo streets with their numbered, postcoded houses, wijk by wijk and buurt by buurt."""
    allocator = PostcodeAllocator()
    used_names: dict[str, set[str]] = {}
    result: list[Street] = []
    for wijk in geography.wijken:
        if wijk.place not in used_names:
            allocator.next_area()
        for buurt in wijk.buurten:
            streets = place_houses(buurt=buurt, rng=rng)
            name_streets(streets=streets, used=used_names.setdefault(buurt.place, set()), rng=rng)
            for street in streets:
                number_houses(street=street, rng=rng)
            assign_postcodes(streets=streets, allocator=allocator)
            result += streets
    return result
