"""Two alerts at once by one member, in two of their groups: the second waits for the first and is then counted
against the limit. Needs two real connections, so PostgreSQL only (SQLite's writers never interleave)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import GroupFactory, cell, make_member
from tests.groups.test_membership_race import waiting_on_a_lock

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two interleaving writers (PostgreSQL)"),
]


def test_the_limit_holds_across_groups_posted_at_once(town, settings):
    settings.ALERT_RATE_LIMIT = "1/10m"
    hood = make_neighbours()
    second_group = GroupFactory(name="Buurtwacht Molenhoek-Oost", geometry=cell(0, 0))
    make_member(second_group, hood.bram)
    posted, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def first():
        try:
            with transaction.atomic():
                post_alert(hood.group, hood.bram)
                posted.set()
                release.wait(10)  # hold the transaction while the second post runs into it
        finally:
            connection.close()

    def second():
        try:
            post_alert(second_group, hood.bram)
        except ValidationError as exc:
            errors.extend(exc.messages)
        finally:
            connection.close()

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    assert posted.wait(10)
    b.start()
    deadline = time.monotonic() + 10
    while not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_a_lock()  # the second post waits for the first member's lock
    release.set()
    a.join(10)
    b.join(10)
    assert len(errors) == 1 and errors[0].startswith("U heeft al 1 melding geplaatst")
