"""`buurtwacht serve`: run the ASGI application under uvicorn.

In the embedded default (no REDIS_URL) it also starts one task worker (`buurtwacht worker`) as a child process that
sends web push and e-mail, and stops it when serving stops (`--no-worker` leaves it out). With REDIS_URL set,
workers run separately: start `buurtwacht worker` as many times as needed.

Stopping at any moment, also during start-up, stops the worker too:
1. Before the worker is started, SIGTERM, SIGINT and SIGHUP get a handler that stops the worker (if it runs yet)
   and exits. uvicorn handles them itself while it serves, then restores this handler and raises the signal
   again, which lands here as well. The handler exits itself: an exception raised from a signal handler can
   land in a finaliser, where Python ignores it, and the signal would be lost.
2. The worker gets SIGTERM from the kernel when serve dies, however it dies (PR_SET_PDEATHSIG, set between fork
   and exec), and it is told serve's pid: if serve died before that, it finds another parent and exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from buurtwacht.core.static_collect import static_out_of_date

WORKER_STOP_SECONDS = 25  # the worker's own graceful shutdown waits at most 20 s for a running batch
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def dev_site_url(host: str, port: int) -> str:
    """The address links point to in dev mode: where this server listens (all interfaces: this machine)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - a comparison, not a bind
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _term_when_parent_dies() -> None:
    """In the worker between fork and exec: the kernel sends it SIGTERM when serve dies (Linux; else a no-op)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Serve Buurtwacht over HTTP (uvicorn, ASGI); in the embedded default also one task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--workers", type=int, default=1, help="number of worker processes (default 1)")
        parser.add_argument("--access-log", action="store_true", help="log every request")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start a task worker (push and e-mail wait for one)"
        )

    def handle(self, *args, host: str, port: int, workers: int, access_log: bool, no_worker: bool, **options):
        if workers > 1 and not settings.REDIS_URL:
            # Without Redis an alert reaches only the live streams of the process that took it.
            raise CommandError(
                "Meer dan één proces (--workers) kan alleen met REDIS_URL: zonder Redis bereikt een melding alleen "
                "de open pagina's van het proces dat haar ontving."
            )
        self._collect_static()
        if settings.DEV_MODE and not (os.environ.get("SITE_URL") or os.environ.get("SITE_URL_FILE")):
            # Invite links, QR codes, the flyer and mail point here (`make run PORT=8100`). Through the
            # environment too, for the task worker and any further server process.
            settings.SITE_URL = os.environ["SITE_URL"] = dev_site_url(host, port)
        self.worker = None
        previous = {sig: signal.signal(sig, self._exit_on_signal) for sig in STOP_SIGNALS}
        try:
            if settings.REDIS_URL:
                self.stdout.write("Taken (push, e-mail) draaien apart: start `buurtwacht worker`.")
            elif settings.HUEY.get("immediate"):
                self.stdout.write("Taken (push, e-mail) draaien direct in dit proces (HUEY_IMMEDIATE).")
            elif no_worker:
                self.stdout.write("Geen taakverwerker (--no-worker): push en e-mail wachten op `buurtwacht worker`.")
            else:
                self.worker = self._start_worker()
            self.stdout.write(f"Buurtwacht op http://{host}:{port}/ (Ctrl+C om te stoppen)")
            uvicorn.run(
                "buurtwacht.asgi:application",
                host=host,
                port=port,
                workers=workers,
                access_log=access_log,
                log_level="debug" if settings.DEBUG else "info",
                lifespan="on",
            )
        finally:
            if self.worker is not None:
                self._stop_worker(self.worker)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _collect_static(self) -> None:
        """Outside dev mode pages need the manifest that collectstatic writes: collect when it is missing or older
        than the files (a fresh install, an upgrade), so that a first start just works."""
        if not static_out_of_date():
            return
        self.stdout.write(f"Statische bestanden verzamelen in {settings.STATIC_ROOT} ...")
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        except OSError as exc:
            raise CommandError(
                f"Kon de statische bestanden niet verzamelen in {settings.STATIC_ROOT} ({exc}). Maak die map "
                "schrijfbaar (of kies een andere met BUURTWACHT_DATA_DIR) en start opnieuw, of voer eerst "
                "`buurtwacht collectstatic --noinput` uit."
            ) from exc

    def _exit_on_signal(self, signum, frame) -> None:
        for sig in STOP_SIGNALS:  # once: a second signal must not cut the worker's graceful stop short
            signal.signal(sig, signal.SIG_IGN)
        if self.worker is not None:
            self._stop_worker(self.worker)
        sys.stdout.flush()
        sys.stderr.flush()
        # Die of the signal, as without this handler, so that the exit status says SIGTERM (or SIGINT).
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        os._exit(128 + signum)

    def _start_worker(self) -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        command = [sys.executable, "-m", "buurtwacht.cli", "worker", "--parent-pid", str(os.getpid())]
        # Its own session: Ctrl+C in the terminal reaches only this process, which then stops the worker gracefully.
        # preexec_fn: serve has started no threads yet, the case where it is unsafe.
        worker = subprocess.Popen(  # noqa: S603 - our own command
            command, env=env, start_new_session=True, preexec_fn=_term_when_parent_dies
        )
        self.stdout.write(f"Taakverwerker gestart (proces {worker.pid}) voor push en e-mail.")
        return worker

    def _stop_worker(self, worker: subprocess.Popen) -> None:
        if worker.poll() is None:
            worker.terminate()  # SIGTERM: graceful, running batches finish
            try:
                worker.wait(WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
