"""The benchmark's database: the 13,594 national CBS buurten, each also the area of an active group, and the
Vlissingen BAG addresses for lookups by postcode. Built once in var/bench/ and reused while the data is the same."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
BUURTEN_FILE = SHARED_DATA / "boundaries" / "buurten_2019_cbs_generalized_nl.geojson"
ADDRESSES_FILE = SHARED_DATA / "addresses" / "vlissingen_bag_adressen.csv"
BENCH_DIR = ROOT / "var" / "bench"


def configure(database_url: str | None = None) -> str:
    """Point Django at the benchmark database (SQLite in var/bench unless BENCH_DATABASE_URL says otherwise)."""
    if not BUURTEN_FILE.exists():
        sys.exit(f"bench: {BUURTEN_FILE} is missing; the benchmark needs ../shared/data.")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = database_url or os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["BUURTWACHT_DEV"] = "1"
    os.environ["BUURTWACHT_DATA_DIR"] = str(BENCH_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwacht.settings")
    import django

    django.setup()
    return url


def build() -> None:
    """Migrate, import, and make one active group per buurt (skipped when already there)."""
    from django.core.management import call_command
    from django.db import transaction

    from buurtwacht.geo.importers.addresses import import_addresses
    from buurtwacht.geo.importers.areas import import_areas
    from buurtwacht.geo.index import GROUPS, bump_version
    from buurtwacht.geo.models import Address, Buurt
    from buurtwacht.geo.shapes import area_m2, to_geometry
    from buurtwacht.groups.models import Group, GroupStatus

    call_command("migrate", verbosity=0, interactive=False)
    if Buurt.objects.count() < 13_594:
        print("bench: importing the national buurten ...", flush=True)
        import_areas(BUURTEN_FILE)
    if not Address.objects.filter(municipality_name="Vlissingen").exists():
        print("bench: importing the Vlissingen addresses ...", flush=True)
        import_addresses(ADDRESSES_FILE)
    if Group.objects.count() >= Buurt.objects.count():
        return
    print("bench: one active group per buurt ...", flush=True)
    with transaction.atomic():
        Group.objects.all().delete()
        groups = []
        for buurt in Buurt.objects.exclude(geometry=None).iterator(2000):
            geometry = to_geometry(buurt.geometry)
            groups.append(
                Group(
                    name=f"Buurtpreventie {buurt.code}",
                    slug=f"bench-{buurt.code.lower()}",
                    gemeente_id=buurt.gemeente_id,
                    area=buurt.geometry,
                    min_lon=buurt.min_lon,
                    min_lat=buurt.min_lat,
                    max_lon=buurt.max_lon,
                    max_lat=buurt.max_lat,
                    area_m2=area_m2(geometry),
                    status=GroupStatus.ACTIVE,
                    contact_name="Bench",
                    contact_email="bench@example.org",
                )
            )
        Group.objects.bulk_create(groups, batch_size=2000)
        bump_version(GROUPS)
