"""A person's part in the network is in their data export, and goes with their account."""

from __future__ import annotations

import pytest

from buurtwacht.accounts.selectors import personal_data
from buurtwacht.accounts.services import account_erase
from buurtwacht.delivery.models import Event
from buurtwacht.networks import events, services
from tests.networks.conftest import opt_in, post_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new
    services.pass_on_forward(pass_on=pass_on, by=network.ella)
    return pass_on


def test_the_data_export_holds_what_the_person_passed_on_and_forwarded(network, forwarded):
    sent = personal_data(network.anton)["alerts_passed_on_to_neighbours"]
    assert [(row["alert"], row["to_group"]) for row in sent] == [(forwarded.alert_id, "Buurtpreventie Oost")]
    [row] = personal_data(network.ella)["alerts_forwarded_from_neighbours"]
    assert row["from_group"] == "Buurtpreventie Noord"


def test_deleting_the_account_deletes_the_events_that_name_the_person(network, forwarded):
    assert Event.objects.filter(topic=forwarded.topic, kind=events.FORWARDED).exists()
    account_erase(user=network.ella)
    assert not Event.objects.filter(topic=forwarded.topic, kind=events.FORWARDED).exists()
    assert Event.objects.filter(topic=forwarded.topic, kind=events.PASS_ON).exists()  # names nobody
