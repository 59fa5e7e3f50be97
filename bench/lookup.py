"""`make bench`: how fast are address lookups with the 13,594 national buurten as group areas?

Prints:
1. single point -> groups lookups per second in-process (the STRtree, one point at a time), with p50/p99;
2. bulk points per second (one vectorised query for many points);
3. the full lookup (index + database rows) per second in-process;
4. GET /api/v1/lookup?postcode=&huisnummer= requests per second and p99 latency under concurrent load on
   loopback (wrk when installed, else the Python load generator in bench/loadgen.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from bench.setup_data import build, configure


def random_points(count: int, seed: int) -> tuple[list[float], list[float]]:
    """Points spread over the land area of the Netherlands' bounding box (many fall in no buurt: the sea)."""
    rng = random.Random(seed)
    return [rng.uniform(3.4, 7.2) for _ in range(count)], [rng.uniform(50.75, 53.5) for _ in range(count)]


def bench_index(points: int) -> None:
    from buurtwacht.geo.index import GROUPS, layers

    started = time.perf_counter()
    index = layers.get(GROUPS)
    print(f"index build: {len(index)} group areas in {time.perf_counter() - started:.2f} s")

    lons, lats = random_points(points, seed=1)
    timings = []
    hits = 0
    started = time.perf_counter()
    for lon, lat in zip(lons, lats, strict=True):
        t0 = time.perf_counter_ns()
        hits += bool(index.ids_at(lon, lat))
        timings.append(time.perf_counter_ns() - t0)
    elapsed = time.perf_counter() - started
    timings.sort()
    print(
        f"single lookups in-process: {points / elapsed:,.0f}/s over {points:,} points "
        f"(p50 {timings[len(timings) // 2] / 1000:.1f} µs, p99 {timings[int(len(timings) * 0.99)] / 1000:.1f} µs, "
        f"{hits / points:.0%} inside a group)"
    )

    bulk = points * 10
    lons, lats = random_points(bulk, seed=2)
    started = time.perf_counter()
    index.ids_at_many(lons, lats)
    elapsed = time.perf_counter() - started
    print(f"bulk lookups in-process: {bulk / elapsed:,.0f} points/s ({bulk:,} points in {elapsed:.2f} s)")


def bench_full_lookup(count: int) -> None:
    from buurtwacht.geo.models import Address
    from buurtwacht.groups.selectors import lookup_point

    addresses = list(Address.objects.values_list("lon", "lat")[:count])
    started = time.perf_counter()
    for lon, lat in addresses:
        lookup_point(lon=lon, lat=lat)
    elapsed = time.perf_counter() - started
    print(f"full lookup in-process (index + database rows): {len(addresses) / elapsed:,.0f}/s")


def bench_api(duration: float, connections: list[int], workers: int) -> None:
    from bench.http_load import run_load, sample_paths

    paths = sample_paths(2000)
    for count in connections:
        result = run_load(paths, duration=duration, connections=count, workers=workers)
        print(
            f"lookup API ({result.tool}, {count} connections, {workers} server processes, {duration:.0f} s): "
            f"{result.requests_per_second:,.0f} requests/s, p50 {result.p50_ms:.1f} ms, "
            f"p99 {result.p99_ms:.1f} ms, {result.errors} errors"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument(
        "--connections",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[8, 16, 32],
        help="concurrent connections, one load run per number (default 8,16,32)",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "2")))
    parser.add_argument("--skip-api", action="store_true")
    args = parser.parse_args()

    url = configure()
    print(f"database: {url.split('@')[-1]}")
    build()
    bench_index(args.points)
    bench_full_lookup(2000)
    if not args.skip_api:
        bench_api(args.duration, args.connections, args.workers)
    print(f"(Python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
