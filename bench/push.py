"""How many web-push messages per second are encrypted and handed to a push service?

A fresh database (SQLite in a temporary directory, or BENCH_DATABASE_URL) with one group of N members, each with one
push subscription to a lean local push service in its own process on loopback (tests/delivery/pushserver.py
--lean: it accepts and counts). Every run is one alert to all N members through the code path of the tasks:
`deliveries_queue` creates the Delivery rows, `deliveries_send` takes batches of 200 (claim, encrypt with
aes128gcm, send concurrently over keep-alive connections, record every outcome). Prints:

1. encryption only (RFC 8291, pywebpush), messages per second on one core;
2. in this process, one task after another: pushes per second, and the CPU one push costs here;
3. real `buurtwacht worker` processes taking the tasks from the queue (Huey on SQLite, or Redis with REDIS_URL):
   the default (one process, two threads), and two worker processes. Measured from queueing the alert until the
   last Delivery row says sent.

    .venv/bin/python -m bench.push [--members 5000] [--skip-workers]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure() -> tuple[str, dict]:
    data_dir = Path(tempfile.mkdtemp(prefix="buurtwacht-bench-push-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(data_dir),  # also the VAPID key pair, shared with the workers
        "HUEY_IMMEDIATE": "0",
        "HUEY_NAME": f"bench-push-{os.getpid()}",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url, env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_push_service() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.delivery.pushserver", "--lean", "--port", str(port)], cwd=ROOT
    )
    origin = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            received(origin)
            return process, origin
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("bench: the push service did not start")


def received(origin: str) -> int:
    return json.loads(urllib.request.urlopen(origin + "/stats", timeout=5).read())["received"]  # noqa: S310


def make_members(origin: str, count: int):
    from django.utils import timezone

    from buurtwacht.accounts.models import User
    from buurtwacht.delivery.models import PushSubscription
    from buurtwacht.groups.models import Membership
    from tests.delivery.pushserver import PushServer
    from tests.factories import GroupFactory, make_town

    make_town()
    group = GroupFactory(name="Buurtpreventie Bench", slug="buurtpreventie-bench")
    users = User.objects.bulk_create(
        User(
            email=f"lid{i}@example.org",
            first_name=f"Lid{i}",
            email_verified_at=timezone.now(),
            language="nl" if i % 4 else "en",
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(group=group, user=u) for u in users)  # workers check membership
    browser = PushServer().subscribe()  # real keys; the lean service does not decrypt
    PushSubscription.objects.bulk_create(
        PushSubscription(user=u, endpoint=f"{origin}/push/{u.pk}", p256dh=browser.p256dh, auth=browser.auth)
        for u in users
    )
    return group, [u.pk for u in users], browser


def bench_encryption(browser, count: int) -> None:
    from pywebpush import WebPusher

    from tests.delivery.conftest import alert_payload

    data = json.dumps(alert_payload()["message"]["nl"]).encode()
    info = {"endpoint": "https://push.example/x", "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}
    started = time.perf_counter()
    for _ in range(count):
        WebPusher(info).encode(data, "aes128gcm")
    elapsed = time.perf_counter() - started
    print(
        f"1. encryption only (aes128gcm, one core): {count / elapsed:,.0f} messages/s "
        f"({elapsed / count * 1e6:.0f} µs each)"
    )


def new_event(group, number: int):
    from tests.delivery.conftest import alert_payload
    from tests.factories import group_event

    return group_event(group, kind="alert", payload=alert_payload(number))


def sent_count(event) -> int:
    from buurtwacht.delivery.models import Delivery, DeliveryStatus

    return Delivery.objects.filter(event=event, status=DeliveryStatus.SENT).count()


def bench_in_process(group, user_ids: list[int], origin: str) -> None:
    """The tasks' code run here, one batch after another (as one worker thread runs them)."""
    from buurtwacht.delivery import outbound
    from buurtwacht.delivery.tasks import deliveries_send

    event = new_event(group, 1)
    before = received(origin)
    batches: list[list[int]] = []
    real = outbound.deliveries_enqueue
    outbound.deliveries_enqueue = lambda *, ids, delay=None, only=None: batches.extend(
        outbound._chunks(ids, outbound.BATCH_SIZE)
    )
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    try:
        outbound.deliveries_queue(event=event, user_ids=user_ids)
    finally:
        outbound.deliveries_enqueue = real
    for batch in batches:
        deliveries_send.call_local(batch)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime - cpu_before.ru_utime + usage.ru_stime - cpu_before.ru_stime
    sent = sent_count(event)
    print(
        f"2. in one process, one task at a time: {sent:,} sent in {elapsed:.2f} s = {sent / elapsed:,.0f} pushes/s; "
        f"{cpu / sent * 1e6:.0f} µs CPU per push (push service received {received(origin) - before:,})"
    )


def bench_workers(group, user_ids: list[int], origin: str, env: dict, label: str, commands: list[list[str]]) -> None:
    from buurtwacht.delivery import outbound

    workers = [
        subprocess.Popen([sys.executable, "-m", "buurtwacht.cli", "worker", *args], cwd=ROOT, env={**os.environ, **env})  # noqa: S603
        for args in commands
    ]  # their log lines (Huey's) go to stderr; `2>/dev/null` leaves the figures
    try:
        warm = new_event(group, 100)  # the workers are up and connected before the clock starts
        outbound.deliveries_queue(event=warm, user_ids=user_ids[:50])
        wait(lambda: sent_count(warm) == 50, 60)
        event = new_event(group, 101)
        before = received(origin)
        started = time.perf_counter()
        outbound.deliveries_queue(event=event, user_ids=user_ids)
        wait(lambda: sent_count(event) == len(user_ids), 120)
        elapsed = time.perf_counter() - started
        print(
            f"3. {label}: {len(user_ids):,} sent in {elapsed:.2f} s = {len(user_ids) / elapsed:,.0f} pushes/s "
            f"(push service received {received(origin) - before:,})"
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()


def wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("bench: the workers did not finish in time")
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--skip-workers", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    url, env = configure()
    print(f"bench: {args.members:,} members with push, database {url.split('://')[0]}, {os.cpu_count()} cores")
    process, origin = start_push_service()
    try:
        group, user_ids, browser = make_members(origin, args.members)
        bench_encryption(browser, 5000)
        bench_in_process(group, user_ids, origin)
        if not args.skip_workers:
            bench_workers(group, user_ids, origin, env, "one worker process, 2 threads (default)", [["-w", "2"]])
            bench_workers(
                group,
                user_ids,
                origin,
                env,
                "worker with 2 processes (-k process -w 2)",
                [["-k", "process", "-w", "2"]],
            )
    finally:
        process.terminate()
        process.wait()
        from huey.contrib.djhuey import HUEY

        HUEY.storage.flush_all()  # this run's queue (on Redis it would stay behind)
        shutil.rmtree(env["BUURTWACHT_DATA_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
