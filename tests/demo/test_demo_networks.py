"""The network in the demo: the personas' group and its neighbours take part, one group stays out, and a
neighbouring group passed an alert on to the admin persona's group."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from buurtwacht.alerts.models import Alert
from buurtwacht.delivery.models import EventRecipient
from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import ADMIN, MEMBER, STAFF
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.networks.models import NetworkOptIn, PassOn
from buurtwacht.networks.neighbours import neighbour_ids
from buurtwacht.networks.selectors import gemeente_network
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def person(persona):
    return get_user_model().objects.get(email=persona.email)


def test_the_admin_persona_received_an_alert_passed_on_by_a_neighbouring_group():
    run_demo()
    admin = person(ADMIN)
    group = Membership.objects.get(user=admin, role=MemberRole.ADMIN).group
    [pass_on] = PassOn.objects.filter(target_group=group)
    assert pass_on.source_group_id in neighbour_ids(group)
    assert "(Fictief, demo)" in pass_on.alert.description and not pass_on.is_forwarded
    received = set(EventRecipient.objects.filter(event__topic=pass_on.topic).values_list("user_id", flat=True))
    assert admin.pk in received and person(MEMBER).pk not in received


def test_the_admin_persona_forwards_the_passed_on_alert_into_the_group(client):
    """The alert lies in the neighbour's area, over 500 m from the persona's group: forwarding is for exactly that."""
    run_demo()
    admin = person(ADMIN)
    group = Membership.objects.get(user=admin, role=MemberRole.ADMIN).group
    [pass_on] = PassOn.objects.filter(target_group=group)
    client.force_login(admin)
    page = client.get(pass_on.get_absolute_url()).content.decode()
    assert f"Doorsturen naar {group.name}" in page

    response = client.post(reverse("networks:forward", args=[pass_on.pk]), follow=True)

    forwarded = Alert.objects.get(group=group, author=admin, description__startswith="Doorgegeven door buurgroep")
    assert response.redirect_chain[-1][0] == forwarded.get_absolute_url()
    assert f"Doorgestuurd naar de deelnemers van {group.name}" in response.content.decode()
    assert (forwarded.lon, forwarded.lat) == (pass_on.alert.lon, pass_on.alert.lat)
    pass_on.refresh_from_db()
    assert pass_on.forwarded_alert == forwarded
    assert 'data-features="source-area"' in client.get(pass_on.get_absolute_url()).content.decode()  # its map


def test_neighbours_take_part_and_one_group_with_a_neighbour_stays_out(client):
    """The staff's map shows a pair of neighbours of which only one takes part (the dashed line), and the list a
    group that does not take part, with its neighbours."""
    run_demo()
    active = Group.objects.filter(gemeente__code=GEMEENTE_CODE, status=GroupStatus.ACTIVE)
    taking_part = set(NetworkOptIn.objects.filter(group__in=active).values_list("group_id", flat=True))
    assert len(taking_part) == active.count() - 1
    [staying_out] = active.exclude(pk__in=taking_part)
    network = gemeente_network(Gemeente.objects.get(code=GEMEENTE_CODE))
    half = [p for p in network.pairs if not p["both_opted_in"]]
    assert half and all(staying_out.pk in (p["a"], p["b"]) for p in half)
    assert any(p["both_opted_in"] for p in network.pairs)
    login_with_second_factor(client, person(STAFF))
    page = client.get(reverse("networks:gemeente", args=[GEMEENTE_CODE])).content.decode()
    assert '"both_opted_in": false' in page and "doet niet mee" in page


def test_building_the_demo_again_passes_the_same_alert_on_again_and_nothing_more():
    run_demo()
    first = sorted(PassOn.objects.values_list("source_group__name", "target_group__name"))
    run_demo()
    assert sorted(PassOn.objects.values_list("source_group__name", "target_group__name")) == first
    assert len({p.alert_id for p in PassOn.objects.all()}) == 1
