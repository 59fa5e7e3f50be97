"""Real servers that tests start (registered as a pytest plugin in tests/conftest.py).

- `asgi_server` (fixture): the real `buurtwacht.asgi.application` under uvicorn (httptools, uvloop, lifespan on)
  in a thread of the test process, against the test database; yields its base URL ("http://127.0.0.1:<port>").
  It shares the test process's settings and memory: the in-process bus reaches it, `settings` overrides apply.
  Needs `transactional_db` (the rows a test makes must be committed for the server's threads to see them).
- `serve_process(env=...)` (context manager) and `serve_process_factory` (fixture): a real `buurtwacht serve`
  subprocess on a free port against the test database (`shared_database_url()`), waited for until it answers,
  stopped (SIGTERM, then SIGKILL after a grace period) at the end. Its output is kept: `server.output()`.
- `shared_database_url()`: DATABASE_URL of the test database, for any process a test starts (servers, workers).
- `redis_url_or_skip()`: the test Redis (REDIS_URL, default redis://127.0.0.1:6379/15), or skip when it is not
  reachable; with BUURTWACHT_REQUIRE_REDIS=1 (CI) an unreachable Redis fails the test instead.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shared_database_url() -> str:
    """The test database as a DATABASE_URL (call it inside a test that has the database, so its name is set)."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    if connection.vendor == "postgresql":
        credentials = quote(config["USER"] or "", safe="")
        if config["PASSWORD"]:
            credentials += ":" + quote(config["PASSWORD"], safe="")
        host = config["HOST"] or "127.0.0.1"
        port = f":{config['PORT']}" if config["PORT"] else ""
        return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{config['NAME']}"
    raise NotImplementedError(f"no DATABASE_URL for {connection.vendor}")


def redis_url_or_skip() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as exc:
        reason = f"Redis at {url} is not reachable ({exc})"
        if os.environ.get("BUURTWACHT_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason}, and BUURTWACHT_REQUIRE_REDIS=1 requires it")
        pytest.skip(reason)
    return url


# --- the application in a thread of the test process ------------------------------------------------------------


@dataclass
class ThreadServer:
    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        from buurtwacht.delivery.live import hub

        # Open live streams never end by themselves and uvicorn waits for them: the hub ends them first.
        loop = hub.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(hub.shut_down)
        self.server.should_exit = True
        self.thread.join(timeout=15)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(timeout=5)


@contextmanager
def asgi_thread_server() -> Iterator[ThreadServer]:
    import uvicorn
    import uvloop

    from buurtwacht.asgi import application

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(application, lifespan="on", log_level="warning", loop="uvloop", http="httptools")
    server = uvicorn.Server(config)

    def run() -> None:
        loop = uvloop.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.serve(sockets=[sock]))
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the ASGI server did not start")
        time.sleep(0.02)
    running = ThreadServer(url=f"http://127.0.0.1:{port}", server=server, thread=thread)
    try:
        yield running
    finally:
        running.stop()
        sock.close()


@pytest.fixture
def asgi_server(transactional_db) -> Iterator[str]:
    """Base URL of the real ASGI application under uvicorn in a thread, against the test database."""
    with asgi_thread_server() as running:
        yield running.url


# --- `buurtwacht serve` as a subprocess ---------------------------------------------------------------------------


@dataclass
class ServeProcess:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(repr=False)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, grace: float = 10) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def serve_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a process a test starts: this process's environment (so REDIS_URL when the suite runs
    with Redis) and the test settings against the test database; `env` wins. Pass BUURTWACHT_DATA_DIR to share
    a data directory (a server and its task worker); without it, serve_process gives each server its own."""
    merged = dict(os.environ)
    merged.update(
        {
            "DJANGO_SETTINGS_MODULE": "buurtwacht.settings_test",
            "BUURTWACHT_DEV": "1",
            "DATABASE_URL": shared_database_url(),
            "PYTHONUNBUFFERED": "1",
        }
    )
    merged.pop("BUURTWACHT_DATA_DIR", None)
    merged.update(env or {})
    return merged


@contextmanager
def serve_process(env: dict[str, str] | None = None, *, timeout: float = 60) -> Iterator[ServeProcess]:
    """Run `buurtwacht serve` on a free port with `serve_env(env)`; yields once it answers HTTP."""
    import httpx

    merged = serve_env(env)
    data_dir = None
    if "BUURTWACHT_DATA_DIR" not in merged:
        data_dir = tempfile.TemporaryDirectory(prefix="buurtwacht-serve-")
        merged["BUURTWACHT_DATA_DIR"] = data_dir.name
    port = free_port()
    log_file = tempfile.NamedTemporaryFile(prefix="buurtwacht-serve-", suffix=".log", delete=False)  # noqa: SIM115
    command = [sys.executable, "-m", "buurtwacht.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=merged, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603 - ours
    log_file.close()
    running = ServeProcess(f"http://127.0.0.1:{port}", port, process, Path(log_file.name), merged)
    try:
        # uvicorn listens only after the lifespan start-up (and the live stream's Redis subscription) is done.
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"buurtwacht serve exited with {process.returncode}:\n{running.output()}")
            try:
                httpx.get(running.url + "/api/v1/lookup", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"buurtwacht serve did not answer in {timeout} s:\n{running.output()}") from None
                time.sleep(0.1)
        yield running
    finally:
        running.stop()
        running.log_path.unlink(missing_ok=True)
        if data_dir is not None:
            data_dir.cleanup()


@pytest.fixture
def serve_process_factory(transactional_db):
    """`start(env=None)` runs a `buurtwacht serve` subprocess (see serve_process); all are stopped after the test."""
    from contextlib import ExitStack

    with ExitStack() as stack:

        def start(env: dict[str, str] | None = None) -> ServeProcess:
            return stack.enter_context(serve_process(env))

        yield start
