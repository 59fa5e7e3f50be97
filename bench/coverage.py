"""`make bench`: coverage of all 13,594 national buurten with the 246,317 Zeeland BAG addresses, and the municipal
dashboard's render time.

The database (var/bench-coverage/coverage.sqlite3, or BENCH_DATABASE_URL) is built once and kept: the national CBS
buurten, the Zeeland addresses, and 400 active groups made of buurt polygons (seeded): 250 Zeeland buurten, 120 of
the gemeente with the most buurten, and 30 unions of two neighbouring Zeeland buurten that overlap the single ones.

Prints:
1. the full recompute (coverage_compute of every gemeente: the address points against the buurten and the groups
   layers of the spatial index, aggregated with numpy, written to the tables), best and median of a few runs;
2. beside it, in the same run, a reference: the naive per-buurt loop with plain shapely (for each buurt, the
   addresses in its box, then `contains_xy` with the buurt and with the union of the groups), and whether both give
   the same counts (they may differ by the few addresses on overlapping generalised buurt edges);
3. the render time (p50, p95) of /gemeente/<code>/ (the dashboard, with the coverage section) and of the coverage
   page /gemeente/<code>/dekking/, with Django's test client, for the gemeente with the most buurten and for the
   Zeeland gemeente with the most addresses. Target for the dashboard: p95 under 200 ms.
No assertions on time: the figures are for the note.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("BUURTWACHT_SHARED_DATA") or ROOT.parent / "shared" / "data")
BUURTEN_FILE = SHARED_DATA / "boundaries" / "buurten_2019_cbs_generalized_nl.geojson"
ZEELAND_FILE = SHARED_DATA / "addresses" / "zeeland_bag_adressen.csv.zst"
POPULATION_FILE = SHARED_DATA / "population" / "kwb2024_buurten_zeeland.csv"
BENCH_DIR = ROOT / "var" / "bench-coverage"
SEED = 20_261_202
STAFF_EMAIL = "bench-staff@example.org"


def zeeland_codes() -> list[str]:
    """The Zeeland gemeenten: those of the key figures file."""
    import csv

    with POPULATION_FILE.open(encoding="utf-8", newline="") as fh:
        return sorted({row["gemeentecode"] for row in csv.DictReader(fh)})


def configure() -> str:
    for path in (BUURTEN_FILE, ZEELAND_FILE, POPULATION_FILE):
        if not path.exists():
            sys.exit(f"bench: {path} is missing; set BUURTWACHT_SHARED_DATA or put the data in ../shared/data.")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'coverage.sqlite3'}"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "BUURTWACHT_DEV": "1",
            "BUURTWACHT_DATA_DIR": str(BENCH_DIR),
            "HUEY_IMMEDIATE": "0",
            "MAP_TILE_URL": "",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
        }
    )
    import django

    django.setup()
    return url


def build() -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count

    from buurtwacht.geo.importers.addresses import import_addresses
    from buurtwacht.geo.importers.areas import import_areas
    from buurtwacht.geo.importers.population import import_population
    from buurtwacht.geo.index import GROUPS, bump_version
    from buurtwacht.geo.models import Address, Buurt, Gemeente
    from buurtwacht.geo.shapes import BBox, to_geojson, to_geometry
    from buurtwacht.groups.models import Group, GroupStatus

    call_command("migrate", verbosity=0, interactive=False)
    if Buurt.objects.count() < 13_594:
        print("bench: importing the national buurten ...", flush=True)
        import_areas(BUURTEN_FILE)
        import_population(POPULATION_FILE)
    if Address.objects.count() < 240_000:
        print("bench: importing the Zeeland addresses (a minute or two) ...", flush=True)
        import_addresses(ZEELAND_FILE)
    if Group.objects.count() == 400:
        return
    print("bench: 400 active groups of buurt polygons ...", flush=True)
    rng = random.Random(SEED)
    zeeland = list(Buurt.objects.filter(gemeente__code__in=zeeland_codes()).order_by("code"))
    largest = Gemeente.objects.annotate(n=Count("buurten")).order_by("-n", "code").first()
    chosen = rng.sample(zeeland, 250) + rng.sample(list(largest.buurten.order_by("code")), 120)
    import shapely

    areas = [(b.name, b.gemeente_id, to_geometry(b.geometry)) for b in chosen]
    by_wijk: dict[int, list] = {}
    for b in zeeland:
        by_wijk.setdefault(b.wijk_id, []).append(b)
    pairs = [ws for ws in by_wijk.values() if len(ws) >= 2]
    for buurten in rng.sample(pairs, 30):
        a, b = buurten[:2]
        union = shapely.union_all([to_geometry(a.geometry), to_geometry(b.geometry)]).buffer(1e-5)
        areas.append((f"{a.name} en {b.name}", a.gemeente_id, union))
    with transaction.atomic():
        Group.objects.all().delete()
        Group.objects.bulk_create(
            [
                Group(
                    name=f"Buurtpreventie {name} {n}",
                    slug=f"bench-coverage-{n}",
                    gemeente_id=gemeente_id,
                    area=to_geojson(geometry),
                    **BBox.of(geometry).as_fields(),
                    status=GroupStatus.ACTIVE,
                    member_count=rng.randint(3, 200),
                    contact_name="Bench",
                    contact_email="bench@example.org",
                )
                for n, (name, gemeente_id, geometry) in enumerate(areas)
            ]
        )
        bump_version(GROUPS)


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def naive_reference() -> dict[int, tuple[int, int]]:
    """Per buurt, with plain shapely: its addresses (box, then contains_xy) and how many lie in a group's area."""
    import shapely
    from shapely.geometry import shape

    from buurtwacht.geo.models import Address, Buurt
    from buurtwacht.groups.models import Group

    points = np.array(list(Address.objects.values_list("lon", "lat")), dtype=float)
    lons, lats = points[:, 0], points[:, 1]
    groups = shapely.union_all([shape(a) for a in Group.objects.active().values_list("area", flat=True)])
    shapely.prepare(groups)
    result = {}
    for pk, geometry in Buurt.objects.exclude(geometry=None).values_list("pk", "geometry").iterator(2000):
        polygon = shape(geometry)
        x0, y0, x1, y1 = polygon.bounds
        box = np.flatnonzero((lons >= x0) & (lons <= x1) & (lats >= y0) & (lats <= y1))
        if not len(box):
            result[pk] = (0, 0)
            continue
        inside = box[shapely.intersects_xy(polygon, lons[box], lats[box])]
        covered = int(shapely.intersects_xy(groups, lons[inside], lats[inside]).sum()) if len(inside) else 0
        result[pk] = (len(inside), covered)
    return result


def bench_recompute(runs: int) -> None:
    from buurtwacht.geo.index import layers
    from buurtwacht.municipality.coverage.compute import coverage_compute
    from buurtwacht.municipality.coverage.models import BuurtCoverage

    started = time.perf_counter()
    layers.fresh("buurten", "groups")
    print(f"index build (buurten and groups layers, once per process): {time.perf_counter() - started:.2f} s")
    times, result = timed(lambda: coverage_compute(None), runs)
    print(
        f"full recompute: {result.buurten:,} buurten, {result.addresses:,} addresses "
        f"({result.covered_addresses:,} in a group's area): best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s over {runs} runs"
    )
    ref_times, reference = timed(naive_reference, 1)
    print(
        f"reference, naive per-buurt shapely loop (no writes): {ref_times[0]:.2f} s "
        f"({ref_times[0] / min(times):.1f}x the bulk recompute)"
    )
    rows = BuurtCoverage.objects.values_list("buurt_id", "addresses", "covered_addresses")
    stored = {pk: (a, c) for pk, a, c in rows}
    differing = [pk for pk, figures in reference.items() if stored.get(pk) != figures]
    extra = sum(reference[pk][0] for pk in reference) - sum(a for a, _ in stored.values())
    print(
        f"same counts as the reference in {len(reference) - len(differing):,} of {len(reference):,} buurten; the "
        f"others lie where generalised buurten overlap: the reference counts {extra:,} addresses in more than one "
        f"buurt, the recompute counts each once, in the smallest, then the lowest code (as the address lookup does)"
    )


def bench_render(requests: int) -> None:
    from django.db.models import Count, Sum
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from buurtwacht.accounts.models import RoleKind, User
    from buurtwacht.accounts.services import role_grant
    from buurtwacht.geo.models import Gemeente
    from buurtwacht.municipality.coverage.models import BuurtCoverage

    by_buurten = Gemeente.objects.annotate(n=Count("buurten")).order_by("-n", "code").first()
    totals = (
        BuurtCoverage.objects.filter(gemeente__code__in=zeeland_codes())
        .values("gemeente_id")
        .annotate(n=Sum("addresses"))
        .order_by("-n")
    )
    by_addresses = Gemeente.objects.get(pk=totals[0]["gemeente_id"])
    staff = User.objects.filter(email=STAFF_EMAIL).first() or User.objects.create_user(
        email=STAFF_EMAIL, first_name="Bench"
    )
    for gemeente in (by_buurten, by_addresses):
        role_grant(user=staff, kind=RoleKind.MUNICIPAL, gemeente=gemeente)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    device = TOTPDevice.objects.filter(user=staff).first() or TOTPDevice.objects.create(
        user=staff, name="bench", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for gemeente in (by_buurten, by_addresses):
        pages = (("dashboard", f"/gemeente/{gemeente.code}/"), ("coverage page", f"/gemeente/{gemeente.code}/dekking/"))
        for label, path in pages:
            for _ in range(3):
                assert client.get(path).status_code == 200
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(
                f"{label} {path} ({gemeente.display_name}, {gemeente.buurten.count()} buurten, "
                f"{gemeente.groups.count()} groups): p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
                f"over {requests} requests"
            )


def bench_parts(requests: int) -> None:
    """What the dashboard spends its time on, in-process: the overview's own selector and each room's section
    (municipality.dashboard), for the bench's staff member. The figures section caches its headline for five
    minutes, so its p50 is the cached read and its worst time the computation."""
    from django.db.models import Count

    from buurtwacht.accounts.models import User
    from buurtwacht.geo.models import Gemeente
    from buurtwacht.municipality import dashboard, selectors

    staff = User.objects.get(email=STAFF_EMAIL)
    staff.is_verified = lambda: True  # as django-otp marks a person who gave their code in this session
    ids = staff.roles.values_list("gemeente_id", flat=True)
    for gemeente in Gemeente.objects.filter(pk__in=ids).annotate(n=Count("buurten")).order_by("-n"):
        parts = [("overview selector", lambda g=gemeente: selectors.overview(g, full_contacts=True))]
        parts += [
            (f"section {key}", lambda g=gemeente, s=section: s.context(g, staff))
            for key, section in sorted(dashboard.sections.items())
        ]
        for label, function in parts:
            times, _ = timed(function, requests)
            times = sorted(t * 1000 for t in times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(
                f"  {gemeente.code} {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
                f"max {times[-1]:.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--only", choices=["recompute", "render"], help="run one part (render needs a recompute first)")
    args = parser.parse_args()
    url = configure()
    print(f"bench coverage: database {url.split('@')[-1]}")
    build()
    if args.only != "render":
        bench_recompute(args.runs)
    if args.only != "recompute":
        bench_render(args.requests)
        bench_parts(args.requests)


if __name__ == "__main__":
    main()
