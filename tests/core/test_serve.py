"""`buurtwacht serve` as a real process: stopped at any moment, also while it starts, it leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from tests.servers import free_port, serve_env

pytestmark = pytest.mark.django_db(transaction=True)


def tree(marker: bytes) -> list[int]:
    """Living processes whose environment holds `marker`: serve and everything it started, wherever adopted."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def worker_started(serve_pid: int) -> bool:
    """Whether `serve_pid` has a child running `worker`."""
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) if entry.name.isdigit() else 0
            if parent == serve_pid and b"worker" in (entry / "cmdline").read_bytes().split(b"\0"):
                return True
        except OSError:
            continue
    return False


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def start_serve(tmp_path):
    """Start `buurtwacht serve` with its own worker (HUEY_IMMEDIATE off) and a marker in its environment; any
    process of its tree still alive at the end is killed (by pid) after the test."""
    markers = []

    def start() -> tuple[subprocess.Popen, bytes]:
        marker = f"BUURTWACHT_TEST_TREE={uuid.uuid4().hex}"
        key, value = marker.split("=")
        env = serve_env({key: value, "HUEY_IMMEDIATE": "0", "BUURTWACHT_DATA_DIR": str(tmp_path / value)})
        env.pop("REDIS_URL", None)  # the embedded default: serve starts its own worker
        command = [sys.executable, "-m", "buurtwacht.cli", "serve", "--port", str(free_port())]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        markers.append(marker.encode())
        return process, marker.encode()

    yield start
    for marker in markers:
        for pid in tree(marker):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("moment", ["as its worker starts", 0.5, 2.0, 4.0])
def test_serve_stopped_during_start_up_leaves_no_process(start_serve, moment):
    serve, marker = start_serve()
    if moment == "as its worker starts":
        assert wait_for(lambda: worker_started(serve.pid), 30), "serve started its worker"
    else:
        time.sleep(moment)
    serve.send_signal(signal.SIGTERM)
    serve.wait(40)
    # The worker stops gracefully (at most its 20 s shutdown timeout); the wait only bounds a failing test.
    assert wait_for(lambda: not tree(marker), 40), f"left running: {tree(marker)}"


def test_a_fresh_production_start_collects_the_static_files_and_serves_pages(tmp_path):
    import re

    import httpx

    from tests.servers import serve_process

    env = {
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
        "BUURTWACHT_DEV": "0",
        "SECRET_KEY": "test-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HUEY_IMMEDIATE": "1",
        "MAP_TILE_URL": "",
        "BUURTWACHT_DATA_DIR": str(tmp_path),  # no collectstatic was run here
    }
    with serve_process(env) as server:
        page = httpx.get(server.url + "/", timeout=10)
        assert page.status_code == 200, server.output()
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)
        assert stylesheet, "pages name static files by their hashed names"
        assert httpx.get(server.url + stylesheet.group(1), timeout=10).status_code == 200
        assert "Statische bestanden verzamelen" in server.output()
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.mark.parametrize("explicit", [None, "https://buurt.example.nl"])
def test_in_dev_mode_invite_links_point_to_the_port_serve_listens_on(town, monkeypatch, explicit):
    import httpx
    from django.test import Client

    from tests.factories import GroupFactory, UserFactory, make_member
    from tests.servers import serve_process

    monkeypatch.delenv("SITE_URL", raising=False)
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    anna = make_member(group, UserFactory(first_name="Anna"), admin=True)
    browser = Client()
    browser.force_login(anna)  # a session in the shared test database, valid for the server too

    with serve_process({"HUEY_IMMEDIATE": "1", **({"SITE_URL": explicit} if explicit else {})}) as server:
        cookies = {"sessionid": browser.cookies["sessionid"].value}
        page = httpx.get(server.url + reverse("groups:manage", kwargs={"slug": group.slug}), cookies=cookies)
    assert page.status_code == 200
    site = explicit or f"http://127.0.0.1:{server.port}"  # an explicit SITE_URL wins
    assert f"{site}/groepen/{group.slug}/uitnodiging/" in page.text
    assert server.port != 8000 and ":8000/" not in page.text


@pytest.mark.parametrize(
    ("host", "url"),
    [("127.0.0.1", "http://127.0.0.1:8100"), ("0.0.0.0", "http://127.0.0.1:8100"), ("::1", "http://[::1]:8100")],  # noqa: S104
)
def test_the_dev_site_url_names_the_address_served(host, url):
    from buurtwacht.core.management.commands.serve import dev_site_url

    assert dev_site_url(host, 8100) == url
