"""A police dispatch to the admins of 150 groups, all 300 of them holding a live stream in one server process: how
long from the call to each admin's stream? Against, in the same run, a members' alert to the same 300 people.

A fresh SQLite database in a temporary directory: the test town (tests.factories.make_town, 6 x 6 buurten from
5.00E 52.00N) with 150 active groups, small squares in a 15 x 10 grid inside a 1,000 m circle, two admins each
(300 people with a confirmed e-mail address and a session), and far from the circle a reference group whose
members are the same 300 people (and the author of its alerts). Client processes (bench.live_stream's Listener:
asyncio, one Protocol per stream) open the 300 streams on GET /live/; then, alternately, a dispatch (a 1,000 m
circle: it reaches all 300 admins) and a members' alert in the reference group (it reaches the same 300) are sent,
--rounds of each, one a second after a warm-up of each, and the clients record when each stream got each event
(clock: time.time(), one machine). Push and e-mail are queued (Huey on SQLite) and left there: no worker runs.

How the calls are made (--via-api or not):
- default: this process is the server, uvicorn serving buurtwacht.asgi in a thread as `buurtwacht serve` runs it
  (embedded default: the in-process bus), and each send runs in another thread of it, as Django runs a sync
  view under ASGI: police.services.message_send and alerts.services.alert_create, with their own transactions
  and on-commit hand-off (live first, then push and e-mail queued). The time runs from the call.
- --via-api: `buurtwacht serve` in a subprocess; POST /api/v1/police/dispatches with a control-room key
  (police.tokens.token_create), and the reference POST /api/v1/groups/{id}/alerts with the author's session and
  CSRF token. The time runs from sending the request.

    .venv/bin/python -m bench.police_dispatch [--rounds 10] [--clients 1] [--via-api] [--verbose]
Target: p99 < 1 s from the call to each admin's stream.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.live_stream import client_main, free_port, raise_file_limit
from bench.police_world import CENTRE, RADIUS_M, World, make_world

ROOT = Path(__file__).resolve().parents[1]


def configure(data_dir: Path) -> dict[str, str]:
    env = {
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(data_dir),
        "HUEY_IMMEDIATE": "0",  # push and e-mail are queued as in production; no worker takes them here
        "HUEY_NAME": f"bench-dispatch-{os.getpid()}",
        "ALERT_RATE_LIMIT": "1000/1m",  # one author posts every reference alert
        "RATE_LIMIT_POLICE_API": "1000/m",
        "MAP_TILE_URL": "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return env


# --- the server -----------------------------------------------------------------------------------------------------


class InProcessServer:
    """uvicorn serving buurtwacht.asgi on a thread of this process (lifespan on: the live hub takes its loop)."""

    def __init__(self) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config("buurtwacht.asgi:application", host="127.0.0.1", port=self.port, lifespan="on",
                                log_level="warning")  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                sys.exit("bench: the in-process server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        from buurtwacht.delivery.live import hub

        if hub.loop is not None:
            hub.loop.call_soon_threadsafe(hub.shut_down)
        self.server.should_exit = True
        self.thread.join(timeout=30)


def serve_subprocess(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    """`buurtwacht serve --no-worker` (push and e-mail stay queued, as in this process)."""
    port = free_port()
    command = [sys.executable, "-m", "buurtwacht.cli", "serve", "--no-worker", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stdout=output, stderr=output)  # noqa: S603
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


# --- sending --------------------------------------------------------------------------------------------------------


class ServiceSender:
    """The services, called in this thread while the server's loop runs in another (as a sync view under ASGI)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def dispatch(self, n: int) -> tuple[int, float]:
        from buurtwacht.police import services

        sent = time.time()
        message = services.message_send(sender=self.world.sender, data=self.world.dispatch_input(n))
        return message.event_id, sent

    def alert(self, n: int) -> tuple[int, float]:
        from buurtwacht.alerts import services
        from buurtwacht.delivery.models import Event

        sent = time.time()
        alert = services.alert_create(
            group=self.world.reference, author=self.world.author, data=self.world.alert_input(n)
        )
        return Event.objects.filter(topic=f"alert:{alert.pk}").values_list("pk", flat=True).first(), sent


class ApiSender:
    """The JSON API of a `buurtwacht serve` subprocess: the police with a control-room key, the reference author
    with a session."""

    def __init__(self, world: World, port: int) -> None:
        try:
            from buurtwacht.police.tokens import token_create
        except ImportError:
            sys.exit("bench: --via-api needs the police API (police.tokens, POST /api/v1/police/dispatches)")
        self.world = world
        self.port = port
        _token, self.key = token_create(label="Meldkamer Bench", gemeenten=[world.town.gemeente])

    def _post(self, path: str, body: dict, headers: dict) -> tuple[dict, float]:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json", **headers}
        sent = time.time()
        connection.request("POST", path, json.dumps(body), headers)
        answer = connection.getresponse()
        data = answer.read()
        connection.close()
        if answer.status != 201:
            sys.exit(f"bench: POST {path} was refused ({answer.status}): {data[:300]!r}")
        return json.loads(data), sent

    def dispatch(self, n: int) -> tuple[int, float]:
        from buurtwacht.police.models import PoliceMessage

        data = self.world.dispatch_input(n)
        body = {"kind": data.incident, "lat": CENTRE[1], "lon": CENTRE[0], "radius_m": RADIUS_M,
                "text": data.description, "signalement": {"person": dict(data.person)}}  # fmt: skip
        answer, sent = self._post("/api/v1/police/dispatches", body, {"Authorization": f"Bearer {self.key}"})
        return PoliceMessage.objects.get(pk=answer["id"]).event_id, sent

    def alert(self, n: int) -> tuple[int, float]:
        import secrets

        from django.conf import settings

        from buurtwacht.delivery.models import Event

        data = self.world.alert_input(n)
        token = secrets.token_hex(16)
        cookie = f"{settings.SESSION_COOKIE_NAME}={self.world.author_session}; {settings.CSRF_COOKIE_NAME}={token}"
        body = {"kind": data.kind, "police_call": data.police_call, "lat": data.place.lat, "lon": data.place.lon,
                "description": data.description}  # fmt: skip
        path = f"/api/v1/groups/{self.world.reference.pk}/alerts"
        answer, sent = self._post(path, body, {"Cookie": cookie, "X-CSRFToken": token})
        return Event.objects.filter(topic=f"alert:{answer['id']}").values_list("pk", flat=True).first(), sent


# --- the run --------------------------------------------------------------------------------------------------------


def open_streams(port: int, keys: list[str], clients: int, expected: int):
    from django.conf import settings

    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for part in (keys[n::clients] for n in range(clients)):
        mine, theirs = context.Pipe()
        process = context.Process(target=client_main, args=(port, settings.SESSION_COOKIE_NAME, part, expected, theirs))
        process.start()
        pipes.append(mine)
        processes.append(process)
    opened = [pipe.recv() for pipe in pipes]
    count, errors = sum(r[3] for r in opened), sum(r[4] for r in opened)
    if count != len(keys):
        sys.exit(f"bench: {count} of {len(keys)} streams opened ({errors} errors)")
    return pipes, processes


def run(args, env: dict[str, str]) -> dict:
    from django.db import connections

    world = make_world()
    rounds = [("dispatch", "warm-up"), ("alert", "warm-up")]
    rounds += [(kind, "measured") for _ in range(args.rounds) for kind in ("dispatch", "alert")]
    connections.close_all()
    server = None
    if args.via_api:
        log = Path(env["BUURTWACHT_DATA_DIR"]) / "server.log"
        process, port = serve_subprocess(env, log)
        sender = ApiSender(world, port)
    else:
        server = InProcessServer()
        server.start()
        port, process = server.port, None
        sender = ServiceSender(world)
    try:
        pipes, processes = open_streams(port, world.admin_sessions, args.clients, len(rounds))
        time.sleep(1.0)
        for pipe in pipes:
            pipe.send("go")
        published: list[tuple[str, str, int, float]] = []
        for n, (kind, phase) in enumerate(rounds):
            event_id, sent = (sender.dispatch if kind == "dispatch" else sender.alert)(n)
            published.append((kind, phase, event_id, sent))
            time.sleep(1.0)
        arrivals: dict[int, list[float]] = {}
        for pipe in pipes:
            _label, theirs = pipe.recv()
            for event_id, times in theirs.items():
                arrivals.setdefault(event_id, []).extend(times)
        for client in processes:
            client.join(timeout=10)
    finally:
        if server is not None:
            server.stop()
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    if args.verbose:
        for kind, phase, event_id, sent in published:
            times = sorted(arrivals.get(event_id, []))
            first, last = ((times[0] - sent) * 1000, (times[-1] - sent) * 1000) if times else (math.nan, math.nan)
            print(f"    {kind:<8} {phase:<8} event {event_id}: first {first:6.1f} ms, last {last:6.1f} ms")
    return figures(published, arrivals, streams=len(world.admin_sessions))


def figures(published, arrivals, *, streams: int) -> dict:
    out = {}
    for kind in ("dispatch", "alert"):
        latencies, missed, firsts = [], 0, []
        for this_kind, phase, event_id, sent in published:
            if this_kind != kind or phase != "measured":
                continue
            times = sorted(t - sent for t in arrivals.get(event_id, []))
            latencies += times
            missed += streams - len(times)
            if times:
                firsts.append(times[0])
        latencies.sort()

        def pick(q: float, values=latencies) -> float:
            return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else float("nan")

        firsts.sort()
        out[kind] = {"p50": pick(0.5), "p99": pick(0.99), "max": pick(1.0), "first": pick(0.5, firsts),
                     "received": len(latencies), "missed": missed}  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="dispatches and reference alerts each (default 10)")
    parser.add_argument("--clients", type=int, default=1, help="client processes holding the streams")
    parser.add_argument("--via-api", action="store_true", help="POST to the JSON APIs of a `buurtwacht serve`")
    parser.add_argument("--verbose", action="store_true", help="print the figures of every event")
    args = parser.parse_args()
    raise_file_limit()
    data_dir = Path(tempfile.mkdtemp(prefix="buurtwacht-bench-dispatch-"))
    (data_dir / "static").mkdir()  # the in-process server serves no static files
    try:
        env = configure(data_dir)
        load = os.getloadavg()[0]
        result = run(args, env)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    how = "POST to the JSON APIs of `buurtwacht serve`" if args.via_api else "the services, in the server's process"
    print(f"bench police dispatch: 150 groups, 300 admins with a live stream in one server process; {how}; "
          f"{args.rounds} sends of each kind; {os.cpu_count()} CPUs, load {load:.1f}")  # fmt: skip
    print(f"{'':<34} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'first':>7} {'received':>9} {'missed':>7}")
    labels = {"dispatch": "police dispatch (300 admins)", "alert": "members' alert (300, reference)"}
    for kind, r in result.items():
        print(f"{labels[kind]:<34} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} {r['first']:>7.1f} "
              f"{r['received']:>9,} {r['missed']:>7,}")  # fmt: skip
    dispatch, alert = result["dispatch"], result["alert"]
    print(
        f"target p99 < 1,000 ms: {'met' if dispatch['p99'] < 1000 else 'MISSED'}; "
        f"dispatch p99 / reference p99 = {dispatch['p99'] / max(alert['p99'], 1e-6):.2f}"
    )
    print("first: median time to the first stream's receipt (the call, the write, the commit, the bus)")


if __name__ == "__main__":
    main()
