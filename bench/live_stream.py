"""How fast does an alert's news reach N open live streams of ONE server process, and what does a stream cost?

A fresh SQLite database in a temporary directory with one group of N members (users made in bulk with unusable
passwords, a session row each) and open alerts. For each N a real `buurtwacht serve` (uvicorn, httptools,
uvloop) subprocess starts; client processes (asyncio raw sockets, a Protocol per stream, no task) open N streams
on GET /live/ with those sessions. Then events are posted one a second, and each client records when each of its
streams got each event (clock: time.time(), one machine).

How events are posted (--via):
- post (default): a member POSTs a reaction to a fresh alert through the server (alerts:react, as the page's
  script does), so the card sent is the size of a new alert's; in the embedded default: no Redis, the in-process
  bus. The latency runs from sending the POST: Django's view, the write, rendering the card in both languages,
  the commit, the fan-out. (A reaction, not a new alert: a new alert also queues push and e-mail for every
  member, which would load this machine with N e-mails.)
- redis: the server runs with REDIS_URL; this process writes the event row and publishes it through Redis (the
  bus's Redis adapter), and the server's one subscription fans it out.
Prints per N:
- connections accepted per second (connect, session check, response start; CLIENT_CONCURRENCY at a time per
  client process),
- server memory (RSS) per connection: (RSS with N streams open - RSS before) / N,
- latency from posting an event to its receipt by each of the N streams: p50, p99, max; streams that missed it;
  and, per event (median), the time to the first stream's receipt, the spread to the last one's, and the server's
  own fan-out time from its log.

    .venv/bin/python -m bench.live_stream [--counts 1000 5000 10000] [--alerts 20] [--clients 1]
                                          [--via post|redis] [--verbose]
Targets (2 cores): p99 < 300 ms at 10,000 streams, < 20 KB per connection.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT_CONCURRENCY = 200  # connections being opened at once, per client process
REDIS_URL = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
CARD = (
    '<article id="alert-{n}" class="alert-card alert-card--open alert-card--urgent" data-alert="{n}">'
    '<header class="alert-card__head"><h3 class="alert-card__title"><a href="/groepen/bench/meldingen/{n}/">'
    "Verdachte situatie</a></h3><p class=\"alert-card__meta\"><time>21:04</time> · Merelstraat 12 · "
    "Buurtpreventie Bench</p></header><p class=\"police-call police-call--done\">112 gebeld om 21:04 door Anna</p>"
    '<p class="alert-card__text">Twee personen lopen langs de achterkant van de huizen en schijnen met een '
    "zaklamp in de tuinen. Eén draagt een donkere jas met capuchon, de ander een rode rugzak.</p>"
    '<ol class="timeline"><li><time>21:04</time> Anna meldde dit</li></ol></article>'
)


# --- set-up ---------------------------------------------------------------------------------------------------------


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def configure(data_dir: Path, *, redis: bool) -> dict[str, str]:
    """Settings for this process and the servers: the bench database; REDIS_URL for --via redis."""
    env = {
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(data_dir),
        "HUEY_IMMEDIATE": "1",  # no task worker: reactions queue no push or e-mail
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
    }
    if redis:
        env["REDIS_URL"] = REDIS_URL
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return env


def check_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as exc:
        sys.exit(f"bench: Redis at {REDIS_URL} is not reachable ({exc}); the live bench publishes through Redis.")


def make_members(count: int, alert_count: int):
    """One active group with `count` members, each with a session, and `alert_count` open alerts; returns
    (alerts, user ids, session keys)."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from buurtwacht.accounts.models import User
    from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall
    from buurtwacht.geo.models import Gemeente
    from buurtwacht.groups.models import Group, GroupStatus, Membership

    square = {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]]}
    box = {"min_lon": 5.0, "min_lat": 52.0, "max_lon": 5.01, "max_lat": 52.01}
    unusable = make_password(None)
    with transaction.atomic():
        gemeente = Gemeente.objects.create(code="GM9999", name="Benchdorp (fictief)", geometry=square, **box)
        group = Group.objects.create(
            name="Buurtpreventie Bench", slug="bench", gemeente=gemeente, area=square, status=GroupStatus.ACTIVE,
            contact_name="Anna", contact_email="anna@example.org", member_count=count, **box,
        )
        User.objects.bulk_create(
            [User(email=f"lid{n}@bench.example", first_name=f"Lid{n}", password=unusable) for n in range(count)],
            batch_size=2000,
        )
        users = list(User.objects.order_by("pk"))
        Membership.objects.bulk_create([Membership(group=group, user=user) for user in users], batch_size=2000)
        expires = timezone.now() + dt.timedelta(days=1)
        store = SessionStore()
        backend = settings.AUTHENTICATION_BACKENDS[0]
        sessions = []
        for user in users:
            data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend}
            data[HASH_SESSION_KEY] = user.get_session_auth_hash()
            key = get_random_string(32)
            sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        Session.objects.bulk_create(sessions, batch_size=2000)
        now = timezone.now()
        alerts = [
            Alert.objects.create(
                group=group, author=users[0], kind=AlertKind.SUSPICIOUS, lon=5.005, lat=52.005, happened_at=now,
                police_call=PoliceCall.CALLED_112, called_112_at=now, called_112_by=users[0],
                location_text="Merelstraat 12", description="Twee personen schijnen met een zaklamp in de tuinen.",
            )
            for _ in range(alert_count)
        ]
    return alerts, [user.pk for user in users], [session.session_key for session in sessions]


# --- the server -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, "-m", "buurtwacht.cli", "serve", "--port", str(port)]
    # DEBUG: the hub logs how long each fan-out took ("live event 12: 10000 streams in 180.3 ms").
    server_env = {**os.environ, **env, "LOG_LEVEL": "DEBUG"}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=server_env, cwd=ROOT, stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                sys.exit(f"bench: the server exited at start-up:\n{log.read_text()}")
            time.sleep(0.1)
    process.kill()
    sys.exit("bench: the server did not start within 60 s")


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def warm_up(port: int, session_key: str) -> None:
    """One stream opened and closed: the threads, database connections and code paths exist before measuring."""
    from django.conf import settings

    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request(port, settings.SESSION_COOKIE_NAME, session_key))
            assert sock.recv(4096).startswith(b"HTTP/1.1 200")


def request(port: int, cookie_name: str, session_key: str) -> bytes:
    return (
        f"GET /live/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        f"Cookie: {cookie_name}={session_key}\r\n\r\n"
    ).encode()


# --- the clients (separate processes) -------------------------------------------------------------------------------

FAN_OUT = re.compile(r"live event (\d+): \d+ streams in ([\d.]+) ms")


class Listener(asyncio.Protocol):
    """One stream, without a task: records the arrival time of every event id it reads."""

    def __init__(self, request: bytes, arrivals: dict[int, list[float]], opened: asyncio.Future) -> None:
        self.request = request
        self.arrivals = arrivals
        self.opened = opened
        self.rest = b""
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.time()
        data = self.rest + data
        if not self.opened.done():
            if b"retry: 3000\n\n" not in data:
                self.rest = data
                return
            if not data.startswith(b"HTTP/1.1 200"):
                self.opened.set_exception(ConnectionError(data[:40]))
                return
            self.opened.set_result(now)
            data = data[data.index(b"retry: 3000\n\n") :]
        # An event starts with its "id: N" line (after the chunk's size line); the data line is one line of JSON.
        cut = data.rfind(b"\n") + 1
        index = data.find(b"id: ", 0, cut)
        while index != -1:
            end = data.find(b"\n", index, cut)
            if index == 0 or data[index - 1] == 10:  # at the start of a line
                self.arrivals.setdefault(int(data[index + 4 : end]), []).append(now)
            index = data.find(b"id: ", end, cut)
        self.rest = data[cut:]

    def connection_lost(self, exc) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed"))


def client_main(port: int, cookie_name: str, keys: list[str], expected: int, pipe) -> None:
    """Open one stream per session key, report when all are open, then record the arrival times of the events
    on every stream and send them back: {event id: [seconds since the epoch, ...]}."""
    raise_file_limit()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_client(port, cookie_name, keys, expected, pipe))


async def _client(port: int, cookie_name: str, keys: list[str], expected: int, pipe) -> None:
    loop = asyncio.get_running_loop()
    arrivals: dict[int, list[float]] = {}
    opening = asyncio.Semaphore(CLIENT_CONCURRENCY)
    transports = []
    opened_at: list[float] = []
    errors = 0

    async def open_one(key: str) -> None:
        nonlocal errors
        async with opening:
            opened = loop.create_future()
            try:
                transport, _ = await loop.create_connection(
                    lambda: Listener(request(port, cookie_name, key), arrivals, opened), "127.0.0.1", port
                )
                transports.append(transport)
                opened_at.append(await opened)
            except (OSError, ConnectionError):
                errors += 1

    started = time.time()
    await asyncio.gather(*(open_one(key) for key in keys))
    pipe.send(("open", started, max(opened_at, default=started), len(opened_at), errors))
    await loop.run_in_executor(None, pipe.recv)  # "go": the publisher starts
    deadline = time.monotonic() + 60 + expected
    while time.monotonic() < deadline:
        if len(arrivals) >= expected and all(len(times) >= len(opened_at) for times in arrivals.values()):
            break
        await asyncio.sleep(0.1)
    pipe.send(("arrivals", arrivals))
    for transport in transports:
        transport.close()


# --- posting events ---------------------------------------------------------------------------------------------

REACTIONS = ["kijk_uit", "zie_het_ook", "politie_ter_plaatse"]


def post_reaction(port: int, alert, n: int, poster_key: str) -> tuple[int, float]:
    """The member with session `poster_key` (a different one each time: one reaction per kind and member) reacts
    through the server; returns (event id, when the POST was sent)."""
    import http.client
    import secrets

    from django.conf import settings

    from buurtwacht.delivery.models import Event

    token = secrets.token_hex(16)
    body = f"kind={REACTIONS[n % len(REACTIONS)]}"
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={poster_key}; {settings.CSRF_COOKIE_NAME}={token}",
        "X-CSRFToken": token,
        "X-Requested-With": "fetch",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = time.time()
    connection.request("POST", f"/groepen/{alert.group.slug}/meldingen/{alert.pk}/reageren/", body, headers)
    answer = connection.getresponse()
    if answer.status != 200:
        sys.exit(f"bench: the reaction was refused ({answer.status}): {answer.read()[:300]!r}")
    connection.close()
    return Event.objects.filter(topic=f"alert:{alert.pk}").latest("id").pk, sent


def publish_through_redis(alert, n: int, recipients: list[int]) -> tuple[int, float]:
    from buurtwacht.delivery import bus
    from buurtwacht.delivery.services import client_data
    from tests.factories import group_event

    html = CARD.format(n=alert.pk)
    event = group_event(
        alert.group,
        kind="reaction",
        topic=f"alert:{alert.pk}",
        payload={"target": f"alert-{alert.pk}", "list": "alerts", "url": f"/groepen/bench/meldingen/{alert.pk}/",
                 "html": {"nl": html, "en": html}},
    )
    data = client_data(event)
    sent = time.time()
    bus.publish(event_id=event.pk, kind=event.kind, data=data, user_ids=recipients)
    return event.pk, sent


# --- one round ------------------------------------------------------------------------------------------------------


def run_round(
    count: int, *, alerts: int, clients: int, via: str, env: dict, targets, user_ids, keys, posters, verbose=False
) -> dict:
    """N streams from keys[:count]; event n is a reaction on targets[n] (a fresh alert: its card is the size of a
    new alert's) by the member with the session posters[n]."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    load = os.getloadavg()[0]
    log = Path(env["BUURTWACHT_DATA_DIR"]) / "server.log"
    server, port = start_server(env, log)
    try:
        warm_up(port, keys[count])
        time.sleep(0.5)
        before = rss_bytes(server.pid)
        context = multiprocessing.get_context("spawn")
        pipes, processes = [], []
        listeners = keys[:count]
        share = [listeners[n::clients] for n in range(clients)]
        for part in share:
            mine, theirs = context.Pipe()
            arguments = (port, settings.SESSION_COOKIE_NAME, part, alerts, theirs)
            process = context.Process(target=client_main, args=arguments)
            process.start()
            pipes.append(mine)
            processes.append(process)
        opened = [pipe.recv() for pipe in pipes]
        started = min(report[1] for report in opened)
        finished = max(report[2] for report in opened)
        open_count = sum(report[3] for report in opened)
        errors = sum(report[4] for report in opened)
        time.sleep(1.0)  # let the server settle before reading its memory
        after = rss_bytes(server.pid)
        for pipe in pipes:
            pipe.send("go")
        published: dict[int, float] = {}
        for n in range(alerts):
            if via == "post":
                event_id, sent = post_reaction(port, targets[n], n, posters[n])
            else:
                event_id, sent = publish_through_redis(targets[n], n, user_ids[:count])
            published[event_id] = sent
            time.sleep(1.0)
        latencies = []
        per_event: dict[int, list[float]] = {event_id: [] for event_id in published}
        for pipe in pipes:
            _kind, arrivals = pipe.recv()
            for event_id, sent_at in published.items():
                times = arrivals.get(event_id, [])
                latencies.extend(t - sent_at for t in times)
                per_event[event_id].extend(times)
        missing = open_count * alerts - len(latencies)
        # The first stream's receipt (the write and the bus) and the spread to the last one (the fan-out).
        firsts = sorted(min(times) - published[event_id] for event_id, times in per_event.items() if times)
        spreads = sorted(max(times) - min(times) for times in per_event.values() if times)
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    server_ms = {int(event_id): float(ms) for event_id, ms in FAN_OUT.findall(log.read_text(errors="replace"))}
    fan_outs = sorted(ms for event_id, ms in server_ms.items() if event_id in published)
    if verbose:
        for event_id, times in per_event.items():
            times.sort()
            sent = published[event_id]
            print(
                f"    event {event_id}: first {(times[0] - sent) * 1000:.0f} ms, "
                f"p99 {(times[int(len(times) * 0.99)] - sent) * 1000:.0f} ms, last {(times[-1] - sent) * 1000:.0f} ms,"
                f" server fan-out {server_ms.get(event_id, float('nan')):.0f} ms"
            )
    latencies.sort()

    def pick(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000 if latencies else float("nan")

    return {
        "count": count,
        "open": open_count,
        "errors": errors,
        "accept_rate": open_count / max(finished - started, 1e-9),
        "per_connection_kb": (after - before) / max(open_count, 1) / 1024,
        "rss_mb": after / 2**20,
        "p50": pick(0.50),
        "p99": pick(0.99),
        "max": latencies[-1] * 1000 if latencies else float("nan"),
        "missing": missing,
        "first": firsts[len(firsts) // 2] * 1000 if firsts else float("nan"),
        "spread": spreads[len(spreads) // 2] * 1000 if spreads else float("nan"),
        "fan_out": fan_outs[len(fan_outs) // 2] if fan_outs else float("nan"),
        "load": load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--alerts", type=int, default=20, help="events posted per round (default 20)")
    parser.add_argument(
        "--clients", type=int, default=1, help="client processes (default 1: the server uses one core, they the other)"
    )
    parser.add_argument("--via", choices=["post", "redis"], default="post", help="how events are posted (see above)")
    parser.add_argument("--verbose", action="store_true", help="print the figures of every event")
    args = parser.parse_args()

    limit = raise_file_limit()
    if max(args.counts) + 200 > limit:
        sys.exit(f"bench: {max(args.counts)} streams need more open files than the limit {limit} (ulimit -n)")
    if args.via == "redis":
        check_redis()
    data_dir = Path(tempfile.mkdtemp(prefix="buurtwacht-bench-live-"))
    env = configure(data_dir, redis=args.via == "redis")
    try:
        run_all(args, env)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def run_all(args, env: dict[str, str]) -> None:
    started = time.monotonic()
    most = max(args.counts)
    events = args.alerts * len(args.counts)
    alerts, user_ids, keys = make_members(most + 1 + events, events)
    print(f"bench live stream: {len(user_ids):,} members with sessions made in {time.monotonic() - started:.1f} s")
    print(
        f"one `buurtwacht serve` process (uvicorn, httptools, uvloop) per round; {args.clients} client process(es); "
        f"{args.alerts} events per round, "
        + ("reactions POSTed through the server (in-process bus)" if args.via == "post"
           else f"published through Redis ({REDIS_URL}) from the bench process")
        + f"; {os.cpu_count()} CPUs"
    )
    rows = []
    for number, count in enumerate(args.counts):
        posters = keys[most + 1 + number * args.alerts :][: args.alerts]
        result = run_round(
            count, alerts=args.alerts, clients=args.clients, via=args.via, env=env,
            targets=alerts[number * args.alerts :][: args.alerts],
            user_ids=user_ids, keys=keys, posters=posters, verbose=args.verbose,
        )
        rows.append(result)
        print(f"  {count:,} streams done", flush=True)
    print()
    print(
        f"{'streams':>8} {'open':>7} {'accepted/s':>11} {'KB/conn':>8} {'RSS MB':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'missed':>7} {'first':>6} {'spread':>7} {'server':>7} {'load':>5}"
    )
    for r in rows:
        print(
            f"{r['count']:>8,} {r['open']:>7,} {r['accept_rate']:>11,.0f} {r['per_connection_kb']:>8.1f} "
            f"{r['rss_mb']:>7.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} {r['missing']:>7,} "
            f"{r['first']:>6.1f} {r['spread']:>7.1f} {r['fan_out']:>7.1f} {r['load']:>5.1f}"
        )
    print("targets: p99 < 300 ms at 10,000 streams; < 20 KB per connection")
    print("first: median time to the first stream's receipt (post, write, bus); spread: median time from the first")
    print("stream's receipt to the last one's (the fan-out, as the clients saw it); server: median time the server's")
    print("hub took to write the event to all streams (from its log); load: the machine's 1-minute load average as")
    print("the round started (other work on the machine, and the client processes, share its CPUs)")


if __name__ == "__main__":
    main()
