"""Two writers that interleave, on PostgreSQL: the first holds its transaction open until the second, in another
connection, waits on a lock; then both finish. SQLite takes its write lock at BEGIN IMMEDIATE, so there they never
interleave and the tests using this skip."""

from __future__ import annotations

import threading
import time

from django.core.exceptions import ValidationError
from django.db import connection, transaction


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def second_waits_for_first(first, second) -> tuple[bool, list[str]]:
    """Run `first()` in a transaction kept open until `second()` (in its own thread and connection) waits on a
    lock, then commit it. Returns whether the second waited, and the messages of the ValidationError it raised."""
    done, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def run_first():
        try:
            with transaction.atomic():
                first()
                done.set()
                release.wait(10)  # hold the uncommitted work while the second writer runs into it
        finally:
            connection.close()

    def run_second():
        try:
            second()
        except ValidationError as exc:
            errors.extend(exc.messages)
        finally:
            connection.close()

    a, b = threading.Thread(target=run_first), threading.Thread(target=run_second)
    a.start()
    assert done.wait(10), "the first writer did not get through"
    b.start()
    deadline = time.monotonic() + 10
    while not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    waited = waiting_on_a_lock()
    release.set()
    a.join(10)
    b.join(10)
    return waited, errors
