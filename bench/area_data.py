"""The area-alert benchmark's data: a million residents who opted in to police area alerts, built once per
database and kept (var/bench-police/police.sqlite3, or the PostgreSQL database given).

Where they live (seeded, the same every build): `inside` of them uniformly within 99% of a 5,000 m circle round
the centre of Amsterdam (the alert's area), 100,000 in the rest of the city from 101% of the radius to 10 km out
(some of them inside the circle's bounding box: the containment test has work to do), and the others round twenty
towns (60%) and spread over the country's box (40%), never within 101% of the radius. Each resident is one user
(no usable password, no confirmed e-mail address: nothing is mailed), one address and one AreaAlertOptIn, inserted
in random order so that a circle's rows lie scattered over the table, as they would. Those inside chose push only.

Rows are written in bulk with plain SQL (COPY on PostgreSQL), not the ORM: a million model instances would take
minutes. A small gemeente "Benchstad" with one buurt under the circle lets police.services.message_send place the
alert, and a group of the residents inside is the members' alert reference (bench/area_push.py).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "var" / "bench-police"
CENTRE = (4.9041, 52.3676)  # Amsterdam, Dam
RADIUS_M = 5000
CITY_RING = 100_000
GEMEENTE_CODE = "GM9997"
REFERENCE_SLUG = "bench-referentie"
SEED = 20_250_110
TOWNS = (
    (4.4777, 51.9244), (4.3007, 52.0705), (5.1214, 52.0907), (5.4697, 51.4416), (6.5665, 53.2194),
    (5.6913, 50.8514), (4.7812, 51.5719), (6.0899, 52.5168), (5.8372, 51.8126), (5.2913, 51.6978),
    (4.6462, 52.3874), (6.8937, 52.2215), (5.9699, 52.2112), (4.4970, 52.1601), (5.3878, 52.1561),
    (3.6100, 51.4988), (5.7999, 53.2012), (6.1749, 51.3704), (4.6833, 52.6324), (5.2647, 52.3508),
)  # fmt: skip


def configure(database_url: str) -> tuple[str, dict]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        "DATABASE_URL": database_url,
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(DATA_DIR),  # also the VAPID keys and the task queue, shared with the workers
        "HUEY_IMMEDIATE": "0",
        "HUEY_NAME": f"bench-area-{os.getpid()}",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
    }
    os.environ.update(env)
    if database_url.startswith("postgres"):
        _database_create(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return database_url, env


def _database_create(url: str) -> None:
    """Create the PostgreSQL database when it does not exist yet (connecting to the server's "postgres")."""
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(url)
    params = {k: v for k, v in {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"],
              "password": settings["PASSWORD"]}.items() if v}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{settings["NAME"]}"')


# --- the points ----------------------------------------------------------------------------------------------------


def _offsets(rng, count: int, r_min: float, r_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Uniform over the ring r_min..r_max metres round CENTRE, in degrees."""
    from buurtwacht.geo.shapes import metres_per_degree

    kx, ky = metres_per_degree(CENTRE[1])
    radius = np.sqrt(rng.uniform(r_min**2, r_max**2, count))
    angle = rng.uniform(0, 2 * np.pi, count)
    return CENTRE[0] + radius * np.cos(angle) / kx, CENTRE[1] + radius * np.sin(angle) / ky


def _elsewhere(rng, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Round the towns and over the country's box, none within 101% of the circle."""
    from buurtwacht.geo.shapes import metres_per_degree

    kx, ky = metres_per_degree(CENTRE[1])
    lons, lats, have = [np.empty(0)], [np.empty(0)], 0
    while have < count:
        n = count - have
        towns = np.array(TOWNS)[rng.integers(0, len(TOWNS), n)]
        spread = rng.uniform(0.01, 0.06, n)[:, None]
        near_town = towns + rng.normal(0, 1, (n, 2)) * spread * (1.6, 1.0)
        country = np.column_stack([rng.uniform(3.4, 7.2, n), rng.uniform(50.75, 53.5, n)])
        points = np.where((rng.uniform(0, 1, n) < 0.6)[:, None], near_town, country)
        metres = np.hypot((points[:, 0] - CENTRE[0]) * kx, (points[:, 1] - CENTRE[1]) * ky)
        points = points[metres > RADIUS_M * 1.01]
        lons.append(points[:, 0])
        lats.append(points[:, 1])
        have += len(points)
    return np.concatenate(lons)[:count], np.concatenate(lats)[:count]


def plan(residents: int, inside: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lons, lats, is_inside) of all residents, in random order."""
    rng = np.random.default_rng(SEED)
    ring = min(CITY_RING, residents - inside)
    parts = [
        _offsets(rng, inside, 0, RADIUS_M * 0.99),
        _offsets(rng, ring, RADIUS_M * 1.01, 10_000),
        _elsewhere(rng, residents - inside - ring),
    ]
    lons = np.concatenate([p[0] for p in parts])
    lats = np.concatenate([p[1] for p in parts])
    is_inside = np.zeros(residents, dtype=bool)
    is_inside[:inside] = True
    order = rng.permutation(residents)
    return lons[order], lats[order], is_inside[order]


# --- writing -------------------------------------------------------------------------------------------------------


def _columns(model, **fixed) -> tuple[list[str], list]:
    """The model's columns and the database values of an instance made with `fixed` (defaults for the rest)."""
    from django.db import connection

    instance = model(**fixed)
    fields = model._meta.concrete_fields
    # pre_save: what saving would write (auto_now_add stamps included).
    return [f.column for f in fields], [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def rows_insert(model, count: int, vary: dict[str, object], **fixed) -> None:
    """Insert `count` rows: columns in `vary` from its sequences, the others as an instance with `fixed` has them."""
    from django.db import connection

    columns, base = _columns(model, **fixed)
    if "id" not in vary:  # the database numbers them
        columns, base = columns[1:], base[1:]
    sources = [vary[c] if c in vary else itertools.repeat(value, count) for c, value in zip(columns, base, strict=True)]
    rows = zip(*sources, strict=False)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            while chunk := list(itertools.islice(rows, 20_000)):
                cursor.executemany(sql, chunk)
            return
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in itertools.islice(rows, count):
                copy.write_row(row)
        if "id" in vary:  # COPY leaves the sequence behind
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )


def _marker(residents: int, inside: int) -> str:
    return f"Benchstad ({residents} / {inside} / {SEED})"


def dataset_build(residents: int, inside: int) -> bool:
    """Build the data unless this database holds it already; True when it was built."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from buurtwacht.geo.models import Gemeente
    from buurtwacht.police.models import AreaAlertOptIn

    marked = Gemeente.objects.filter(code=GEMEENTE_CODE, name=_marker(residents, inside)).exists()
    if marked and AreaAlertOptIn.objects.count() == residents:
        return False
    print(f"   building {residents:,} residents (once; kept in this database) ...", flush=True)
    call_command("flush", interactive=False, verbosity=0)
    lons, lats, is_inside = plan(residents, inside)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -400000")  # 400 MB while building
    with transaction.atomic():
        _people(residents, lons, lats, is_inside)
        _places(residents, inside)
    with connection.cursor() as cursor:
        # PostgreSQL: the visibility map too (autovacuum's steady state), so that the point index answers alone.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return True


def _people(count: int, lons, lats, is_inside) -> None:
    from django.contrib.auth.hashers import make_password

    from buurtwacht.accounts.models import User
    from buurtwacht.geo.models import Address
    from buurtwacht.police.models import AreaAlertOptIn

    ids = range(1, count + 1)
    rows_insert(
        User,
        count,
        {"id": ids, "email": (f"r{n}@bench.invalid" for n in ids), "first_name": (f"Bewoner{n}" for n in ids)},
        password=make_password(None),
        first_name="",
    )
    rows_insert(
        Address,
        count,
        {"id": ids, "number": ids, "lon": lons.tolist(), "lat": lats.tolist()},
        street="Benchstraat",
        number=1,
        postcode="9997ZZ",
        place="Benchstad",
        lat=0.0,
        lon=0.0,
    )
    rng = np.random.default_rng(SEED + 1)
    email = (~is_inside & (rng.uniform(0, 1, count) < 0.6)).tolist()
    rows_insert(
        AreaAlertOptIn,
        count,
        {"id": ids, "user_id": ids, "address_id": ids, "lon": lons.tolist(), "lat": lats.tolist(), "email": email},
        user_id=1,
        address_id=1,
        lat=0.0,
        lon=0.0,
        push=True,
    )


def _places(residents: int, inside: int) -> None:
    """Benchstad: a gemeente with one wijk and one buurt under the circle, and the reference group of the
    residents inside it (members of one group, for a members' alert to the same people)."""
    import shapely

    from buurtwacht.geo.index import BUURTEN, GROUPS, bump_version
    from buurtwacht.geo.models import Buurt, Gemeente, Wijk
    from buurtwacht.geo.shapes import BBox, to_geojson
    from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
    from buurtwacht.police.area import circle
    from buurtwacht.police.models import AreaAlertOptIn

    area = circle(*CENTRE, RADIUS_M)
    outline = shapely.box(*area.geometry.buffer(0.01).bounds)
    fields = {"geometry": to_geojson(outline), **BBox.of(outline).as_fields()}
    gemeente = Gemeente.objects.create(code=GEMEENTE_CODE, name=_marker(residents, inside), **fields)
    wijk = Wijk.objects.create(code="WK999700", name="Benchstad Centrum", gemeente=gemeente, **fields)
    Buurt.objects.create(code="BU99970000", name="Benchstad Centrum", wijk=wijk, gemeente=gemeente, **fields)
    group = Group.objects.create(
        name="Buurtpreventie Benchstad",
        slug=REFERENCE_SLUG,
        gemeente=gemeente,
        area=area.geojson,
        status=GroupStatus.ACTIVE,
        contact_name="Bench",
        contact_email="bench@example.org",
        member_count=inside,
        **BBox.of(area.geometry).as_fields(),
    )
    min_lon, min_lat, max_lon, max_lat = area.bounds
    members = AreaAlertOptIn.objects.filter(
        lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon
    ).values_list("user_id", "lon", "lat")
    member_ids = [pk for pk, lon, lat in members if area.geometry.contains(shapely.Point(lon, lat))]
    rows_insert(
        Membership,
        len(member_ids),
        {
            "user_id": member_ids,
            "role": (MemberRole.ADMIN if n == 0 else MemberRole.MEMBER for n in range(len(member_ids))),
        },
        group=group,
        user_id=member_ids[0],
    )
    bump_version(BUURTEN)
    bump_version(GROUPS)
