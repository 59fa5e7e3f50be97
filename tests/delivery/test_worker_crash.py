"""Real `buurtwacht worker` processes against the test database and a real task queue (Huey on SQLite, or on Redis
when REDIS_URL is set): a worker killed mid-batch loses nothing and sends nothing twice, and `buurtwacht serve`
starts (and stops) its own worker in the embedded default."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY

from buurtwacht.delivery.models import Delivery, DeliveryStatus
from buurtwacht.delivery.outbound import deliveries_queue
from tests.delivery.conftest import make_event, subscribe
from tests.factories import GroupFactory, UserFactory, make_member
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 2  # seconds: the workers here take over a dead worker's deliveries after this


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue_name(tmp_path):
    """This test's own task queue, shared by this process (which queues) and the workers it starts."""
    name = f"buurtwacht-test-{uuid.uuid4().hex[:8]}"
    saved = HUEY.name, dict(HUEY.storage_kwargs)
    HUEY.name = name
    if "filename" in HUEY.storage_kwargs:
        HUEY.storage_kwargs["filename"] = str(tmp_path / "tasks.sqlite3")
    HUEY.immediate = False  # a real storage: SQLite file or Redis
    yield name
    HUEY.storage.flush_all()
    HUEY.name, HUEY.storage_kwargs = saved
    HUEY.immediate = True


@pytest.fixture
def environment(tmp_path, queue_name, vapid_keys):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
        "DATABASE_URL": database_url(),
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(tmp_path),
        "HUEY_IMMEDIATE": "0",
        "HUEY_NAME": queue_name,
        "DELIVERY_LEASE_SECONDS": str(LEASE),
        "VAPID_PRIVATE_KEY": vapid_keys[0],
        "VAPID_PUBLIC_KEY": vapid_keys[1],
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    return env


class Processes:
    def __init__(self, env: dict, logs: Path):
        self.env, self.logs, self.running = env, logs, []

    def start(self, *args: str) -> subprocess.Popen:
        log = open(self.logs / f"{args[0]}-{len(self.running)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "buurtwacht.cli", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes its worker processes along
        )
        process.log = log
        self.running.append(process)
        return process

    def output(self, process) -> str:
        process.log.flush()
        return Path(process.log.name).read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            process.log.close()


@pytest.fixture
def processes(environment, tmp_path):
    running = Processes(environment, tmp_path)
    yield running
    running.stop_all()


def wait_until(condition, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or condition}")


def count(status: str, event) -> int:
    return Delivery.objects.filter(event=event, status=status).count()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(town, push_server, processes):
    group = GroupFactory()
    members = [make_member(group, UserFactory()) for _ in range(30)]
    browsers = [subscribe(push_server, member) for member in members]
    event = make_event(group)
    push_server.hold_after(10)  # answer ten messages, then hold every answer

    assert deliveries_queue(event=event, user_ids=[m.pk for m in members]) == 30  # one task of 30 in the queue
    first = processes.start("worker", "--workers", "2")

    wait_until(lambda: len(push_server.acked()) == 10 and push_server.held == 20, what="10 acked, 20 held")
    wait_until(lambda: count(DeliveryStatus.SENT, event) == 10, what="the acknowledged ten recorded as sent")
    # Mid-batch, twenty requests are waiting for their answer: the worker dies with all its processes, as when
    # the machine or its service manager kills it.
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)
    push_server.wait_for(lambda: push_server.held == 0, 10)  # the held answers found their client gone

    assert count(DeliveryStatus.SENT, event) == 10 and count(DeliveryStatus.SENDING, event) == 20
    assert len(push_server.acked()) == 10

    push_server.hold_after(None)
    second = processes.start("worker")
    wait_until(lambda: count(DeliveryStatus.SENT, event) == 30, timeout=60, what="all thirty sent")

    for browser in browsers:
        assert len(push_server.acked(browser)) == 1, "each subscription acknowledged exactly one message"
    assert len(push_server.acked()) == 30
    # The twenty whose answers were held reached the service twice; only the second was acknowledged.
    assert len(push_server.messages()) == 50 and push_server.disconnected == 20
    assert second.poll() is None, processes.output(second)


def test_the_worker_processes_die_with_a_killed_master(processes):
    master = processes.start("worker", "--workers", "2", "--worker-type", "process")
    wait_until(lambda: len(children_of(master.pid)) == 3, what="two worker processes and the scheduler")
    children = children_of(master.pid)

    master.send_signal(signal.SIGKILL)  # only the master, not its process group
    master.wait(10)
    wait_until(lambda: all(gone(child) for child in children), timeout=10, what="the worker processes to die")


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="with REDIS_URL, workers run separately from serve")
def test_serve_starts_a_worker_that_sends_and_stops_with_it(town, push_server, processes):
    group = GroupFactory()
    sanne = make_member(group, UserFactory(first_name="Sanne"))
    browser = subscribe(push_server, sanne)
    port = free_port()

    serve = processes.start("serve", "--port", str(port))
    wait_until(lambda: worker_of(serve.pid) is not None, what="the worker child of serve")
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    wait_until(lambda: len(push_server.acked(browser)) == 1, what="the push sent by serve's worker")
    worker = worker_of(serve.pid)

    serve.send_signal(signal.SIGTERM)
    serve.wait(40)
    wait_until(lambda: gone(worker), what="the worker to stop")
    assert "Taakverwerker gestart" in processes.output(serve)


def test_serve_with_redis_leaves_workers_to_run_separately(processes, settings):
    if not settings.REDIS_URL:
        pytest.skip("only with REDIS_URL")
    serve = processes.start("serve", "--port", str(free_port()))
    wait_until(lambda: "apart" in processes.output(serve), what="serve to say workers run separately")
    assert worker_of(serve.pid) is None


def worker_of(pid: int) -> int | None:
    """The pid of a `worker` child process of `pid`, if any."""
    workers = children_of(pid, b"worker")
    return workers[0] if workers else None


def children_of(pid: int, argument: bytes | None = None) -> list[int]:
    """The living child processes of `pid` (with `argument` on their command line, if given)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(parent) == pid and state != "Z" and (argument is None or argument in cmdline):
            found.append(int(entry.name))
    return found


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or zombie(pid)


def test_serve_refuses_several_processes_without_redis(settings):
    from django.core.management import CommandError, call_command

    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="alleen met REDIS_URL"):
        call_command("serve", "--workers", "2")
