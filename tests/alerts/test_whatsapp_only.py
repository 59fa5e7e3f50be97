"""A group that alerts in WhatsApp only (issue 12) takes no alerts in Buurtwacht: not through the service, the
composer or the API; its pages show the SAAR rules, 112 and the way into the WhatsApp group instead."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.alerts.models import Alert
from buurtwacht.groups.models import AlertPlace
from buurtwacht.groups.whatsapp import group_alert_place_update
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert

pytestmark = pytest.mark.django_db

LON, LAT = SPOT
LINK = "https://chat.whatsapp.com/FictieveCode0123456789"


@pytest.fixture
def hood(town):
    hood = make_neighbours()
    hood.group = group_alert_place_update(
        group=hood.group, admin=hood.anna, alert_place=AlertPlace.WHATSAPP, whatsapp_link=LINK
    )
    return hood


def test_the_service_refuses_with_a_pointer_to_whatsapp_and_112(hood):
    with pytest.raises(ValidationError) as exc_info:
        post_alert(hood.group, hood.bram)
    message = " ".join(exc_info.value.messages)
    assert "WhatsApp" in message and "112" in message
    assert not Alert.objects.exists()


def test_a_group_in_both_places_still_takes_alerts(hood):
    group = group_alert_place_update(group=hood.group, admin=hood.anna, alert_place=AlertPlace.BOTH)
    assert post_alert(group, hood.bram).pk


def test_the_api_refuses(client, hood):
    client.force_login(hood.bram)
    response = client.post(
        f"/api/v1/groups/{hood.group.pk}/alerts",
        data=json.dumps(
            {"kind": "verdacht", "lat": LAT, "lon": LON, "police_call": "nog_niet", "description": "Busje"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400 and "WhatsApp" in response.json()["detail"]
    assert not Alert.objects.exists()


def test_the_pages_offer_no_composer_but_saar_and_112(client, hood):
    client.force_login(hood.bram)
    compose = reverse("alerts:compose", args=[hood.group.slug])
    for url in (reverse("alerts:list", args=[hood.group.slug]), reverse("alerts:home")):
        page = client.get(url).content.decode()
        assert compose not in page, url
        assert "SAAR" in page and "tel:112" in page and reverse("groups:whatsapp_open", args=[hood.group.slug]) in page
    response = client.get(compose, follow=True)
    assert response.redirect_chain[-1][0] == reverse("alerts:list", args=[hood.group.slug])
    assert any("WhatsApp" in str(m) for m in response.context["messages"])
    client.post(compose, {"kind": "verdacht", "lat": LAT, "lon": LON, "police_call": "nog_niet", "description": "x"})
    assert not Alert.objects.exists()
