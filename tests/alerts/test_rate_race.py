"""Two alerts at once by one member, in two of their groups: the second waits for the first and is then counted
against the limit. Needs two real connections, so PostgreSQL only (SQLite's writers never interleave)."""

import pytest
from django.db import connection

from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import GroupFactory, cell, make_member
from tests.races import second_waits_for_first

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two interleaving writers (PostgreSQL)"),
]


def test_the_limit_holds_across_groups_posted_at_once(town, settings):
    settings.ALERT_RATE_LIMIT = "1/10m"
    hood = make_neighbours()
    second_group = GroupFactory(name="Buurtwacht Molenhoek-Oost", geometry=cell(0, 0))
    make_member(second_group, hood.bram)
    waited, errors = second_waits_for_first(
        lambda: post_alert(hood.group, hood.bram), lambda: post_alert(second_group, hood.bram)
    )
    assert waited  # the second post waits for the first member's lock
    assert len(errors) == 1 and errors[0].startswith("U heeft al 1 melding geplaatst")
