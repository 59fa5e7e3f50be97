"""Registering a group is rate-limited per account and per client address (each attempt may decode a photo)."""

import pytest

from buurtwacht.groups.models import Group
from tests.factories import UserFactory
from tests.groups.test_views import register

pytestmark = pytest.mark.django_db


def test_registering_groups_is_limited_per_account(client, town, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "group_register": "100/h", "group_register_account": "2/h"}
    client.force_login(UserFactory(email="carla@example.org"))
    for n in range(2):
        response = client.post(  # each attempt from another client address
            "/groepen/aanmelden/?gemeente=GM9901",
            {"name": f"Buurtpreventie {n}", "contact_name": "Carla", "contact_email": "carla@example.org",
             "buurten": ["BU99010000"]},
            REMOTE_ADDR=f"192.0.2.{n}",
        )
        assert response.status_code in (200, 302)
    response = register(client, buurten=["BU99010001"], name="Buurtpreventie Derde")
    assert response.status_code == 429
    html = response.content.decode()
    assert "U heeft dit te vaak geprobeerd. Probeer het over ongeveer" in html and "<h1>Even geduld</h1>" in html
    assert not Group.objects.filter(name="Buurtpreventie Derde").exists()
    assert client.get("/groepen/aanmelden/").status_code == 200, "the form itself stays free"


def test_registering_groups_is_limited_per_client_address(client, town, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "group_register": "2/h", "group_register_account": "100/h"}
    for n in range(2):
        client.force_login(UserFactory(email=f"founder{n}@example.org"))
        assert register(client, buurten=["BU99010000"], name=f"Buurtpreventie {n}").status_code in (200, 302)
    client.force_login(UserFactory(email="nog-een@example.org"))
    response = register(client, buurten=["BU99010001"], name="Buurtpreventie Derde")
    assert response.status_code == 429
    assert not Group.objects.filter(name="Buurtpreventie Derde").exists()
