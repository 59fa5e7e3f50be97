"""A police area alert over a dense city: how fast are its recipients selected, and their push messages handed on?

The data (bench/area_data.py, built once per database and kept): 1,000,000 residents who opted in to area alerts
(users, addresses, AreaAlertOptIn rows, inserted in random order), 50,000 of them in a circle of 5,000 m round the
centre of Amsterdam, 100,000 more in the rest of that city (5-10 km out) and the others round twenty towns and
spread over the country. Runs on SQLite (var/bench-police/police.sqlite3) and, when DATABASE_URL (or
BENCH_DATABASE_URL) names a PostgreSQL database (e.g. postgres:///buurtwacht_police_bench), on PostgreSQL too, each
in its own process. Prints per database:

1. selecting the recipients: police.reach.residents_inside (one bounding-box query on the (lat, lon) index, one
   vectorised containment test; target < 200 ms), median and slowest of --runs, against in the same run:
   - floor: SELECT COUNT(*) of the bounding box (the index alone, nothing fetched, nothing tested);
   - fetch: the same rows fetched, without the containment test;
   - PostgreSQL only, when the extension is available: a GiST index on earthdistance's ll_to_earth(lat, lon) and
     its radius query (PostGIS' ST_DWithin would be the usual reference; PostGIS is not installed here).
2. hand-off: the alert sent through police.services.message_send (selection, the event with 50,000 recipients,
   commit) and its push deliveries created and queued for the push sender (outbound.deliveries_queue): deliveries
   per second (target 2,000/s), against a members' alert (alerts.services.alert_create) to a group of the same
   50,000 people, the reference, in the same run.
3. sending (unless --skip-workers): `buurtwacht worker -k process -w 2` takes them from the queue and hands them
   to a local push service (tests/delivery/pushserver.py --lean): pushes per second from the send to the last
   one, the area alert and the members' alert.

    .venv/bin/python -m bench.area_alert [--residents 1000000] [--inside 50000] [--runs 9] [--skip-push]
                                         [--skip-workers] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench.area_data import CENTRE, DATA_DIR, RADIUS_M, ROOT, configure, dataset_build

SQLITE_URL = f"sqlite:///{DATA_DIR / 'police.sqlite3'}"


def interleaved(candidates: dict[str, object], runs: int) -> dict[str, tuple[float, float, object]]:
    """{label: (median ms, slowest ms, last result)}: each candidate once per round, `runs` rounds, so that the
    load of a shared machine, which changes by the second, falls on all of them alike."""
    times: dict[str, list[float]] = {label: [] for label in candidates}
    results: dict[str, object] = {}
    for _ in range(runs):
        for label, function in candidates.items():
            started = time.perf_counter()
            results[label] = function()
            times[label].append((time.perf_counter() - started) * 1000)
    return {label: (statistics.median(t), max(t), results[label]) for label, t in times.items()}


# --- 1. selection ---------------------------------------------------------------------------------------------------

SELECTED = "residents_inside (bbox query + containment test)"
FLOOR = "floor: SELECT COUNT(*) of the bbox"
FETCH = "fetch: its query's rows, no test"
EARTH = "reference: earthdistance GiST radius query"


def bench_selection(runs: int, inside: int) -> list[int]:
    from django.db import connection

    from buurtwacht.police.area import circle
    from buurtwacht.police.models import AreaAlertOptIn
    from buurtwacht.police.reach import residents_inside

    area = circle(*CENTRE, RADIUS_M)
    min_lon, min_lat, max_lon, max_lat = area.bounds
    table = connection.ops.quote_name(AreaAlertOptIn._meta.db_table)
    box = f"FROM {table} WHERE lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s"
    box_args = [min_lat, max_lat, min_lon, max_lon]
    packed = "user_id * 4 + CASE WHEN push THEN 2 ELSE 0 END + CASE WHEN email THEN 1 ELSE 0 END, lon, lat"

    def query(sql: str, args=box_args):
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()

    candidates = {
        SELECTED: lambda: residents_inside(area.geometry, area.bounds),
        FLOOR: lambda: query(f"SELECT COUNT(*) {box}"),  # noqa: S608 - the model's table
        FETCH: lambda: query(f"SELECT {packed} {box}"),  # noqa: S608
    }
    if connection.vendor == "postgresql":
        candidates.update(_earthdistance(query, table))
    cold = time.perf_counter()
    residents_inside(area.geometry, area.bounds)
    cold = (time.perf_counter() - cold) * 1000
    found = interleaved(candidates, runs)
    ids = found[SELECTED][2][0]
    notes = {
        SELECTED: f"{len(ids):,} inside",
        FLOOR: f"{found[FLOOR][2][0][0]:,} in the box",
        FETCH: f"{len(found[FETCH][2]):,} rows",
        EARTH: f"{len(found[EARTH][2]):,} inside" if EARTH in found else "",
    }
    print(f"1. selecting the recipients of a {RADIUS_M:,} m circle ({runs} rounds; first call {cold:.0f} ms):")
    for label, (median, slowest, _result) in found.items():
        print(f"   {label:<52} median {median:7.1f} ms, slowest {slowest:7.1f} ms  ({notes[label]})")
    if connection.vendor == "postgresql" and EARTH not in found:
        print("   (no earthdistance extension in this PostgreSQL: no spatial-index reference)")
    median = found[SELECTED][0]
    verdict = "met" if median < 200 else "MISSED"
    print(f"   target < 200 ms: {verdict}; {median / max(found[FLOOR][0], 1e-6):.1f}x the COUNT(*) floor")
    if len(ids) != inside:
        print(f"   warning: {len(ids):,} residents inside, the data holds {inside:,}")
    return ids


def _earthdistance(query, table: str) -> dict:
    """A database spatial index as the reference (PostGIS' ST_DWithin is not installed here): earthdistance's GiST
    index on ll_to_earth(lat, lon), made once, and its radius query for the same columns."""
    from django.db import connection

    if not query("SELECT count(*) FROM pg_available_extensions WHERE name = 'earthdistance'", [])[0][0]:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS cube")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS bench_optin_earth ON {table} USING gist (ll_to_earth(lat, lon))")
        cursor.execute(f"ANALYZE {table}")
    lon, lat = CENTRE
    sql = (
        f"SELECT user_id, push, email FROM {table} "  # noqa: S608 - the model's table
        "WHERE earth_box(ll_to_earth(%s, %s), %s) @> ll_to_earth(lat, lon) "
        "AND earth_distance(ll_to_earth(%s, %s), ll_to_earth(lat, lon)) <= %s"
    )
    args = [lat, lon, RADIUS_M, lat, lon, RADIUS_M]
    return {EARTH: lambda: query(sql, args)}


# --- 2 and 3. hand-off and sending ----------------------------------------------------------------------------------


def bench_push(ids: list[int], *, workers: bool, env: dict) -> None:
    from bench.area_push import PushRun

    run = PushRun(ids, env=env)
    try:
        run.prepare()
        if workers:
            run.start_workers()
        run.warm_up()
        area = run.area_alert()
        members = run.members_alert()
        print(f"2. hand-off to the push sender ({len(ids):,} residents with push; target 2,000/s):")
        for label, figures in (("police area alert", area), ("members' alert (reference)", members)):
            print(
                f"   {label:<28} send {figures['send_ms']:7.0f} ms (selection {figures['select_ms']:5.0f} ms), "
                f"{figures['queued']:,} push deliveries queued in {figures['queue_ms']:6.0f} ms = "
                f"{figures['queued'] / max(figures['queue_ms'], 1e-6) * 1000:8,.0f}/s"
            )
        if workers:
            print("3. sent to the push service by `buurtwacht worker -k process -w 2` (from the send to the last one):")
            for label, figures in (("police area alert", area), ("members' alert (reference)", members)):
                print(
                    f"   {label:<28} {figures['sent']:,} sent in {figures['sent_s']:6.1f} s = "
                    f"{figures['sent'] / max(figures['sent_s'], 1e-6):6,.0f} pushes/s"
                )
    finally:
        run.stop()


# --- the run -------------------------------------------------------------------------------------------------------


def run_one(args) -> None:
    url, env = configure(args.database)
    from django.db import connection

    print(f"bench area alert: {connection.vendor} ({url.split('@')[-1]}), {os.cpu_count()} CPUs", flush=True)
    started = time.monotonic()
    built = dataset_build(args.residents, args.inside)
    how = "built" if built else "kept"
    print(f"   data: {args.residents:,} opted-in residents ({how}, {time.monotonic() - started:.0f} s)")
    ids = bench_selection(args.runs, args.inside)
    if not args.skip_push:
        bench_push(ids, workers=not args.skip_workers, env=env)


def databases() -> list[str]:
    urls = [SQLITE_URL]
    other = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if other.startswith(("postgres://", "postgresql://")):
        urls.append(other)
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--inside", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-push", action="store_true", help="only the selection")
    parser.add_argument("--skip-workers", action="store_true", help="no worker processes: the hand-off only")
    parser.add_argument("--sqlite-only", action="store_true", help="leave PostgreSQL out even with DATABASE_URL")
    parser.add_argument("--database", help=argparse.SUPPRESS)  # one database, in this process
    args = parser.parse_args()
    if args.database:
        run_one(args)
        return
    forwarded = [arg for arg in sys.argv[1:] if arg != "--sqlite-only"]
    for url in databases()[: 1 if args.sqlite_only else None]:
        command = [sys.executable, "-m", "bench.area_alert", *forwarded, "--database", url]
        env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
        result = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 - our own module
        if result.returncode:
            sys.exit(result.returncode)
        print()


if __name__ == "__main__":
    main()
