"""What delivery learned for the police: who has a live page open now (presence), who can be reached by push and
by e-mail, and push and e-mail on the channels a service chose rather than each person's own setting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from buurtwacht.delivery import outbound
from buurtwacht.delivery.models import AlertMail, Channel, Delivery, LivePresence
from buurtwacht.delivery.presence import PRESENCE_FRESH, online_among, presence_stamp
from buurtwacht.delivery.selectors import reachable_by
from tests.delivery.conftest import make_event, subscribe
from tests.delivery.live_support import EventStream, session_cookie
from tests.delivery.test_live import wait_until
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def channels(user, event) -> set[str]:
    return set(Delivery.objects.filter(user=user, event=event).values_list("channel", flat=True))


def test_presence_counts_only_recent_stamps():
    now_here, gone, never = UserFactory(), UserFactory(), UserFactory()
    presence_stamp([now_here.pk, gone.pk, 999_999])  # an account deleted meanwhile is left out
    presence_stamp([now_here.pk])  # a second stamp updates, it does not add a row
    LivePresence.objects.filter(user=gone).update(seen_at=timezone.now() - PRESENCE_FRESH - dt.timedelta(seconds=1))
    assert online_among([now_here.pk, gone.pk, never.pk]) == {now_here.pk}
    assert LivePresence.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_opening_a_live_stream_stamps_the_person_online(asgi_server, town):
    alice, bob = UserFactory(), UserFactory()
    assert online_among([alice.pk, bob.pk]) == set()
    with EventStream(asgi_server, cookie=session_cookie(alice)):
        wait_until(lambda: online_among([alice.pk, bob.pk]) == {alice.pk})


def test_reachable_by_push_needs_a_device_and_by_mail_a_confirmed_address(push_server, group, sanne, mila, noor):
    unconfirmed = UserFactory(email_verified_at=None)
    subscribe(push_server, sanne)
    push, email = reachable_by([sanne.pk, mila.pk, noor.pk, unconfirmed.pk])
    assert push == {sanne.pk}
    assert noor.alert_mail == AlertMail.NEVER
    assert email == {sanne.pk, mila.pk}


def test_chosen_channels_override_each_persons_setting(push_server, group, sanne, mila, noor):
    subscribe(push_server, sanne)
    subscribe(push_server, noor)
    event = make_event(group)
    outbound.deliveries_queue(
        event=event,
        user_ids=[sanne.pk, mila.pk, noor.pk],
        channels={"push": {noor.pk}, "email": {sanne.pk, noor.pk}},
    )
    assert channels(sanne, event) == {Channel.EMAIL}  # she has a device, but push was not chosen for her
    assert channels(mila, event) == set()  # chosen for nothing
    assert channels(noor, event) == {Channel.PUSH, Channel.EMAIL}  # mail chosen, though her own setting is never
