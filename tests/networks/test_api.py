"""The network's JSON API: the admin's network, taking part, passing on, forwarding, and the gemeente's GeoJSON."""

from __future__ import annotations

import pytest

from buurtwacht.accounts.models import RoleKind
from buurtwacht.alerts.models import Alert
from tests.factories import UserFactory, login_with_second_factor, make_role
from tests.networks.conftest import opt_in, post_alert

pytestmark = pytest.mark.django_db


def test_an_admin_opts_in_and_reads_the_network(client, network):
    opt_in(network.oost)
    client.force_login(network.anton)
    answer = client.post(f"/api/v1/groups/{network.noord.pk}/network/opt-in")
    assert answer.status_code == 200
    data = answer.json()
    assert data["opted_in"] is True and data["distance_m"] == 100
    assert data["neighbours"] == [
        {"id": network.oost.pk, "name": "Buurtpreventie Oost", "admins": ["Ella", "Ernst"], "metres": 0.0}
    ]
    assert client.get(f"/api/v1/groups/{network.noord.pk}/network").json() == data
    out = client.delete(f"/api/v1/groups/{network.noord.pk}/network/opt-in").json()
    assert out["opted_in"] is False and out["neighbours"] == []


def test_a_member_may_not_read_the_network(client, network):
    client.force_login(network.mila)
    assert client.get(f"/api/v1/groups/{network.noord.pk}/network").status_code == 403


def test_pass_on_and_forward_through_the_api(client, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    client.force_login(network.anton)
    first = client.post(f"/api/v1/alerts/{alert.pk}/pass-on").json()
    [sent] = first["new"]
    assert sent["target_group"] == "Buurtpreventie Oost" and first["earlier"] == []
    again = client.post(f"/api/v1/alerts/{alert.pk}/pass-on").json()
    assert again["new"] == [] and [p["id"] for p in again["earlier"]] == [sent["id"]]

    client.force_login(network.ella)
    [received] = client.get("/api/v1/network/pass-ons").json()
    assert received["id"] == sent["id"] and received["forwarded"] is False
    answer = client.post(f"/api/v1/network/pass-ons/{sent['id']}/forward")
    assert answer.status_code == 200
    forwarded = Alert.objects.get(group=network.oost)
    assert answer.json() == {"alert_id": forwarded.pk, "group_id": network.oost.pk, "url": forwarded.get_absolute_url()}
    assert client.post(f"/api/v1/network/pass-ons/{sent['id']}/forward").json()["alert_id"] == forwarded.pk


def test_refusals_are_dutch_400s(client, network):
    alert = post_alert(network.noord, network.mila)
    client.force_login(network.anton)
    answer = client.post(f"/api/v1/alerts/{alert.pk}/pass-on")
    assert answer.status_code == 400 and "doet nog niet mee" in answer.json()["detail"]


def test_the_gemeente_network_as_geojson_for_police_without_people(client, network):
    opt_in(network.noord, network.oost)
    police = UserFactory()
    make_role(police, RoleKind.WIJKAGENT, network.town.gemeente)
    login_with_second_factor(client, police)
    answer = client.get(f"/api/v1/gemeenten/{network.town.gemeente.code}/network")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/geo+json"
    features = answer.json()["features"]
    groups = {f["properties"]["name"]: f["properties"] for f in features if f["properties"]["kind"] == "group"}
    assert groups["Buurtpreventie Noord"]["opted_in"] is True and groups["Buurtpreventie Verweg"]["opted_in"] is False
    [line] = [f for f in features if f["properties"]["kind"] == "neighbours"]
    assert line["geometry"]["type"] == "LineString" and line["properties"]["both_opted_in"] is True
    assert "Anton" not in answer.content.decode() and "example.org" not in answer.content.decode()


def test_openapi_lists_the_network_with_integer_status_keys(client):
    spec = client.get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/alerts/{alert_id}/pass-on"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(responses)
