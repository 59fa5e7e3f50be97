"""`buurtwacht worker`: the task consumer (Huey) that sends web push and e-mail.

With REDIS_URL set, run as many as needed, on any machine that reaches Redis and the database. In the embedded
default `buurtwacht serve` starts one itself. The options are Huey's (`buurtwacht worker --help`); settings.HUEY
["consumer"] gives the defaults. SIGTERM stops it gracefully (running batches finish, at most --shutdown-timeout
seconds); what a killed worker was sending is picked up again by the next one (delivery/tasks.py).
"""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import signal
import threading
import time

from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey

# A worker polling SQLite looks for new tasks at least this often (Huey's default backs off to 10 s when idle,
# too slow for an alert). Redis storage blocks on the queue instead and does not poll.
DEFAULTS = {"initial_delay": 0.05, "backoff": 1.2, "max_delay": 0.5, "graceful_signal": "TERM", "shutdown_timeout": 20}


class Command(RunHuey):
    help = "Send web push and e-mail: the task consumer (Huey)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # For `buurtwacht serve`, which starts this worker as its child: its pid; stop when it is gone.
        parser.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, parent_pid: int | None = None, **options):
        from django.conf import settings

        if parent_pid is not None:
            _stop_when_orphaned(parent_pid)

        configured = dict(getattr(settings, "HUEY", {}).get("consumer", {}))
        for key, value in DEFAULTS.items():
            if options.get(key) is None and key not in configured:
                options[key] = value
        master = os.getpid()
        os.register_at_fork(before=_note_forking, after_in_child=lambda: _die_with(master))
        if not options.get("logfile") and logging.getLogger().handlers:
            # Huey's lines go through the site's logging (settings.LOGGING), once, instead of also its own handler.
            logging.getLogger("huey").addHandler(logging.NullHandler())
        super().handle(*args, **options)


def _stop_when_orphaned(parent: int) -> None:
    """Stop when `parent` is gone. Compared with the pid serve gave at spawn, not with the parent found now: serve
    may have died while this process started, and then the parent found now is whoever adopted it. (On Linux serve
    also has the kernel send SIGTERM when it dies: PR_SET_PDEATHSIG, set at spawn.)"""
    if os.getppid() != parent:
        raise SystemExit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


PR_SET_PDEATHSIG = 1  # linux/prctl.h
_forking = 0  # the pid of the process that is forking


def _note_forking() -> None:
    global _forking  # noqa: PLW0603 - read in the child right after os.fork()
    _forking = os.getpid()


def _die_with(master: int) -> None:
    """In each process Huey forks (worker processes with --worker-type process, and its scheduler): die with the
    master when it is killed (SIGKILL, out of memory) instead of running on unsupervised. What a worker was sending
    is leased, and the next worker takes it over (delivery/outbound.py). Threads die with their process anyway."""
    if _forking != master:  # a process forked by a worker process, not by the master
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: look every second instead
        threading.Thread(target=_exit_when_parent_is_not, args=(master,), daemon=True).start()
    if os.getppid() != master:  # the master died before the line above
        os._exit(1)


def _exit_when_parent_is_not(master: int) -> None:
    while os.getppid() == master:
        time.sleep(1)
    os._exit(1)
