"""Two simultaneous requests by one person: the database allows one open request, the second gets the same
clear message as a later duplicate. Needs two real connections, so it runs on PostgreSQL only (SQLite takes the
write lock at BEGIN IMMEDIATE, so there two writers never interleave)."""

import pytest
from django.db import connection

from buurtwacht.groups.membership import services
from buurtwacht.groups.models import JoinRequest
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member
from tests.races import second_waits_for_first

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two interleaving writers (PostgreSQL)"),
]


def ask(group, user):
    return services.join_request_create(
        group=group, user=user, address=user.address, declared_min_age=True, rules_version=1
    )


def test_a_simultaneous_duplicate_gets_the_same_message(town):
    group = GroupFactory()
    make_member(group, admin=True)
    resident = UserFactory(address=AddressFactory())
    # The second request passed the check (it cannot see the uncommitted row) and waits on the unique index.
    waited, errors = second_waits_for_first(lambda: ask(group, resident), lambda: ask(group, resident))
    assert waited
    assert len(errors) == 1 and errors[0].startswith("U heeft al een aanvraag ingediend op")
    assert errors[0].endswith("de beheerders beslissen nog.")
    assert JoinRequest.objects.filter(group=group, user=resident).count() == 1
