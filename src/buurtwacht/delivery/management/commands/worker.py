"""`buurtwacht worker`: the task consumer (Huey) that sends web push and e-mail.

With REDIS_URL set, run as many as needed, on any machine that reaches Redis and the database. In the embedded
default `buurtwacht serve` starts one itself. The options are Huey's (`buurtwacht worker --help`); settings.HUEY
["consumer"] gives the defaults. SIGTERM stops it gracefully (running batches finish, at most --shutdown-timeout
seconds); what a killed worker was sending is picked up again by the next one (delivery/tasks.py).
"""

from __future__ import annotations

import argparse
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
        # For `buurtwacht serve`, which starts this worker as its child: stop when the parent is gone.
        parser.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, exit_with_parent: bool = False, **options):
        from django.conf import settings

        configured = dict(getattr(settings, "HUEY", {}).get("consumer", {}))
        for key, value in DEFAULTS.items():
            if options.get(key) is None and key not in configured:
                options[key] = value
        if exit_with_parent:
            _stop_when_orphaned()
        if not options.get("logfile") and logging.getLogger().handlers:
            # Huey's lines go through the site's logging (settings.LOGGING), once, instead of also its own handler.
            logging.getLogger("huey").addHandler(logging.NullHandler())
        super().handle(*args, **options)


def _stop_when_orphaned() -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
