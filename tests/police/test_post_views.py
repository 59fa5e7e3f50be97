"""What a group sees of a police message an admin passed into it: the post, set apart from members' alerts, in the
group's list and on /meldingen/ (also after a reload), and the two marks members can make. And the police section
of /meldingen/ for the admins and residents who receive police messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.delivery.models import EventRecipient
from buurtwacht.police import services
from buurtwacht.police.models import MemberMark
from tests.factories import GroupFactory, cell, login_with_second_factor, make_member
from tests.police.conftest import message_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    return services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="groep")


def post_url(forward) -> str:
    return reverse("police:post", args=[forward.message_id, forward.group.slug])


def mark_url(forward) -> str:
    return reverse("police:mark", args=[forward.message_id, forward.group.slug])


def test_a_member_sees_the_police_post_apart_with_only_two_marks(client, police_world, posted):
    member = police_world.near_members[0]
    client.force_login(member)
    response = client.get(post_url(posted))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="police-card police-card--post police-card--open"' in page
    assert '<span class="police-badge">Politie</span>' in page
    assert f"doorgestuurd door {police_world.near_admins[0].first_name}" in page
    assert 'value="gezien"' in page and 'value="112"' in page
    assert 'name="kind"' in page and "Ik kijk uit" not in page  # none of the alerts' reactions
    assert EventRecipient.objects.get(event_id=posted.event_id, user=member).seen_at is not None


def test_marks_are_recorded_once_and_counted(client, police_world, posted):
    w = police_world
    client.force_login(w.near_members[0])
    response = client.post(mark_url(posted), {"kind": "112"})
    assert response.status_code == 302
    client.post(mark_url(posted), {"kind": "112"})
    client.post(mark_url(posted), {"kind": "gezien"})
    assert MemberMark.objects.filter(user=w.near_members[0]).count() == 2
    page = client.get(post_url(posted)).content.decode()
    assert "1 belde 112" in page and "1 deelnemer liet weten het bericht te zien" in page
    assert "weten dat u 112 belde." in page


@pytest.mark.parametrize("kind", ["", "aanvulling", "kijk_uit"])
def test_anything_but_the_two_marks_is_refused_in_dutch(client, police_world, posted, kind):
    client.force_login(police_world.near_members[0])
    response = client.post(mark_url(posted), {"kind": kind}, follow=True)
    assert "Kies: gezien, of ik heb 112 gebeld." in [str(m) for m in response.context["messages"]]
    assert not MemberMark.objects.exists()


def test_outsiders_do_not_see_or_mark_the_post(client, police_world, posted):
    w = police_world
    for user in (w.far_admin, w.resident_in):
        client.force_login(user)
        assert client.get(post_url(posted)).status_code == 403
        assert client.post(mark_url(posted), {"kind": "gezien"}).status_code == 403
    login_with_second_factor(client, w.officer)
    assert client.get(post_url(posted)).status_code == 403
    assert not MemberMark.objects.exists()


def test_a_message_not_passed_into_the_group_has_no_post_there(client, police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    client.force_login(w.near_members[0])
    assert client.get(reverse("police:post", args=[message.pk, w.near.slug])).status_code == 404


def test_the_post_is_in_the_groups_list_and_on_meldingen_after_a_reload(client, police_world, posted):
    w = police_world
    client.force_login(w.near_members[0])
    target = f'id="police-{posted.message_id}-{w.near.pk}"'
    for url in (reverse("alerts:list", args=[w.near.slug]), reverse("alerts:home")):
        page = client.get(url).content.decode()
        assert target in page, url
        assert "Geen meldingen. De groep slaapt" not in page
    client.force_login(w.far_admin)  # another group's list stays without it
    assert target not in client.get(reverse("alerts:list", args=[w.far.slug])).content.decode()
    assert target not in client.get(reverse("alerts:home")).content.decode()


def test_open_posts_come_before_closed_alerts_in_the_list(client, police_world, posted):
    from django.utils import timezone

    from buurtwacht.alerts.models import Alert

    w = police_world
    alert = Alert.objects.create(
        group=w.near,
        author=w.near_members[1],
        kind="verdacht",
        lon=5.005,
        lat=52.005,
        happened_at=timezone.now(),
        police_call="112",
        description="Iemand voelt aan deurklinken.",
        status="closed",
    )
    client.force_login(w.near_members[0])
    page = client.get(reverse("alerts:list", args=[w.near.slug])).content.decode()
    assert page.index(f"police-{posted.message_id}-{w.near.pk}") < page.index(f'id="alert-{alert.pk}"')


def test_admins_see_police_messages_on_meldingen_in_a_live_list(client, police_world, posted):
    w = police_world
    client.force_login(w.near_admins[1])
    page = client.get(reverse("alerts:home")).content.decode()
    assert 'data-live-list="police"' in page and f'id="police-{posted.message_id}"' in page
    client.force_login(w.near_members[0])  # a member who is no admin, without area alerts: no police section
    assert 'data-live-list="police"' not in client.get(reverse("alerts:home")).content.decode()


def test_a_resident_with_area_alerts_and_no_group_gets_the_live_police_section(client, police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    client.force_login(w.resident_in)
    page = client.get(reverse("alerts:home")).content.decode()
    assert "U bent nog geen deelnemer" in page
    assert "data-live-stream" in page and 'data-live-list="police"' in page
    assert f'id="police-{message.pk}"' in page


def test_a_group_whose_admin_runs_two_groups_sees_only_its_own_posts(client, police_world):
    """An admin of two groups in the area posts into one: the other group's members see nothing of it."""
    w = police_world
    second = GroupFactory(name="Buurtpreventie Tweede", geometry=cell(0, 0))
    make_member(second, w.near_admins[0], admin=True)
    neighbour = make_member(second)
    message = services.message_send(sender=w.sender, data=message_input())
    services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="groep")
    client.force_login(neighbour)
    assert f"police-{message.pk}-" not in client.get(reverse("alerts:list", args=[second.slug])).content.decode()
    assert client.get(reverse("police:post", args=[message.pk, w.near.slug])).status_code == 403
