"""Serve the benchmark database with `buurtwacht serve` and load it on loopback.

wrk (Debian package `wrk`) is used when installed: it costs the server the least CPU on a 2-core machine.
Without it, an asyncio load generator in this file keeps `connections` keep-alive connections busy.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LUA = """
local paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


@dataclass
class LoadResult:
    tool: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def sample_paths(count: int) -> list[str]:
    from buurtwacht.geo.models import Address

    rows = list(Address.objects.values_list("postcode", "number", "letter", "addition"))
    rng = random.Random(3)
    paths = []
    for postcode, number, letter, addition in rng.sample(rows, min(count, len(rows))):
        path = f"/api/v1/lookup?postcode={postcode}&huisnummer={number}"
        if letter:
            path += f"&huisletter={letter}"
        if addition:
            path += f"&toevoeging={addition}"
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(workers: int):
    port = free_port()
    command = [sys.executable, "-m", "buurtwacht.cli", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_load(paths: list[str], *, duration: float, connections: int, workers: int) -> LoadResult:
    with server(workers) as base:
        # Warm up: every process builds its spatial index on its first lookup.
        asyncio.run(_python_load(base, paths, duration=3, connections=connections))
        if shutil.which("wrk"):
            return _wrk(base, paths, duration=duration, connections=connections)
        return asyncio.run(_python_load(base, paths, duration=duration, connections=connections))


def _wrk(base: str, paths: list[str], *, duration: float, connections: int) -> LoadResult:
    with tempfile.TemporaryDirectory() as tmp:
        script, path_file = Path(tmp, "lookup.lua"), Path(tmp, "paths.txt")
        script.write_text(LUA)
        path_file.write_text("\n".join(paths) + "\n")
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{int(duration)}s",
                "--latency",
                "-s",
                str(script),
                base,
                "--",
                str(path_file),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # "Socket errors: connect 0, read 0, write 0, timeout 0" and "Non-2xx or 3xx responses: 12", when any.
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return LoadResult("wrk", rps, _wrk_ms(output, "50%"), _wrk_ms(output, "99%"), errors)


def _wrk_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _python_load(base: str, paths: list[str], *, duration: float, connections: int) -> LoadResult:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + duration

    async def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.monotonic() < deadline:
            request = f"GET {rng.choice(paths)} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length:\s*(\d+)", head, re.I).group(1))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return LoadResult(
        "python asyncio",
        len(latencies) / elapsed,
        latencies[len(latencies) // 2] * 1000,
        latencies[int(len(latencies) * 0.99)] * 1000,
        errors,
    )
