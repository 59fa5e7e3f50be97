"""Two simultaneous requests by one person: the database allows one open request, the second gets the same
clear message as a later duplicate. Needs two real connections, so it runs on PostgreSQL only (SQLite takes the
write lock at BEGIN IMMEDIATE, so there two writers never interleave)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from buurtwacht.groups import membership as services
from buurtwacht.groups.models import JoinRequest
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two interleaving writers (PostgreSQL)"),
]


def ask(group, user):
    return services.join_request_create(
        group=group, user=user, address=user.address, declared_min_age=True, rules_version=1
    )


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_simultaneous_duplicate_gets_the_same_message(town):
    group = GroupFactory()
    make_member(group, admin=True)
    resident = UserFactory(address=AddressFactory())
    inserted, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def first():
        try:
            with transaction.atomic():
                ask(group, resident)
                inserted.set()
                release.wait(10)  # hold the uncommitted row while the second request runs into it
        finally:
            connection.close()

    def second():
        try:
            ask(group, resident)
        except ValidationError as exc:
            errors.extend(exc.messages)
        finally:
            connection.close()

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    assert inserted.wait(10)
    b.start()
    # The second request passed the check (it cannot see the uncommitted row) and now waits on the unique index.
    deadline = time.monotonic() + 10
    while not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_a_lock()
    release.set()
    a.join(10)
    b.join(10)

    assert len(errors) == 1 and errors[0].startswith("U heeft al een aanvraag ingediend op")
    assert errors[0].endswith("de beheerders beslissen nog.")
    assert JoinRequest.objects.filter(group=group, user=resident).count() == 1
