"""The police services: who a dispatch and an area alert reach, updates and the end, forwarding into a group,
members' marks, tips, opt-ins, and the rules every channel shares."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtwacht.delivery.models import Delivery, Event, EventRecipient
from buurtwacht.police import services
from buurtwacht.police.models import Forward, MemberMark, MessageStatus, PoliceMessage
from buurtwacht.police.permissions import Sender
from tests.police.conftest import FAR, message_input

pytestmark = pytest.mark.django_db(transaction=True)


def recipients(event_id) -> set[int]:
    return set(EventRecipient.objects.filter(event_id=event_id).values_list("user_id", flat=True))


def test_a_dispatch_reaches_the_admins_of_the_groups_in_the_circle_only(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    assert recipients(message.event_id) == {u.pk for u in w.near_admins}
    assert message.reach["groups"] == 1 and message.reach["admins"] == 2
    assert message.location_text  # the street or buurt it is near
    channels = set(Delivery.objects.filter(event_id=message.event_id).values_list("user_id", "channel"))
    assert channels == {(u.pk, "email") for u in w.near_admins}  # no push devices here: e-mail, always for admins


def test_a_group_that_turned_police_messages_off_is_counted_apart(police_world):
    w = police_world
    w.near.police_messages = False
    w.near.save()
    message = services.message_send(sender=w.sender, data=message_input())
    assert message.reach["groups"] == 0 and message.reach["groups_off"] == 1
    assert recipients(message.event_id) == set()


def test_an_area_alert_reaches_opted_in_residents_inside_and_not_outside(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    assert recipients(message.event_id) == {w.resident_in.pk}
    assert message.reach["residents"] == 1


def test_a_point_outside_the_senders_gemeenten_is_refused(police_world, town):
    other = Sender(name="Elders", gemeente_ids=frozenset({-1}))
    with pytest.raises(PermissionDenied):
        services.message_send(sender=other, data=message_input())
    assert not PoliceMessage.objects.exists()


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"incident": "brand"}, "incident"),
        ({"radius_m": 50}, "radius_m"),
        ({"radius_m": 6000}, "radius_m"),
        ({"person": {"skin": "donker"}, "description": ""}, "description"),
        ({"vehicle": {"plate": "XYZ"}}, "vehicle.plate"),
        ({"description": "", "person": {}}, "description"),
    ],
)
def test_the_rules_of_members_alerts_hold_for_the_police(police_world, fields, key):
    with pytest.raises(ValidationError) as refused:
        services.message_send(sender=police_world.sender, data=message_input(**fields))
    assert key in refused.value.error_dict
    assert not PoliceMessage.objects.exists()


def test_updates_and_the_close_reach_the_same_admins_and_the_group_it_was_forwarded_to(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    admin = w.near_admins[0]
    forward = services.message_forward(message=message, group=w.near, user=admin, channel="groep")
    again = services.message_forward(message=message, group=w.near, user=w.near_admins[1], channel="groep")
    assert again.pk == forward.pk  # one post per group
    assert recipients(forward.event_id) == {u.pk for u in [*w.near_admins, *w.near_members]}
    services.message_update(sender=w.sender, message=message, text_="Vlucht richting station.")
    services.message_close(sender=w.sender, message=message, outcome="aangehouden", text_="")
    updates = Event.objects.filter(topic=message.topic, kind="police-update")
    assert recipients(updates.get().pk) == {u.pk for u in w.near_admins}
    group_close = Event.objects.get(topic=forward.topic, kind="police-closed")
    assert recipients(group_close.pk) >= {u.pk for u in w.near_members}
    message.refresh_from_db()
    assert message.status == MessageStatus.CLOSED and message.outcome == "aangehouden"
    with pytest.raises(ValidationError):
        services.message_update(sender=w.sender, message=message, text_="Nog iets")


def test_only_an_admin_who_received_it_may_forward_and_only_into_their_group(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    with pytest.raises(PermissionDenied):
        services.message_forward(message=message, group=w.near, user=w.near_members[0], channel="groep")
    with pytest.raises(PermissionDenied):
        services.message_forward(message=message, group=w.far, user=w.far_admin, channel="groep")
    services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="whatsapp")
    services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="whatsapp")
    assert Forward.objects.filter(channel="whatsapp").count() == 2  # each share is recorded


def test_members_can_mark_seen_or_112_and_outsiders_cannot(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    forward = services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="groep")
    services.member_mark(forward=forward, user=w.near_members[0], kind="112")
    services.member_mark(forward=forward, user=w.near_members[0], kind="gezien")
    assert MemberMark.objects.count() == 2
    assert EventRecipient.objects.get(event_id=forward.event_id, user=w.near_members[0]).seen_at is not None
    with pytest.raises(PermissionDenied):
        services.member_mark(forward=forward, user=w.resident_in, kind="gezien")
    with pytest.raises(ValidationError):
        services.member_mark(forward=forward, user=w.near_members[1], kind="aanvulling")


def test_messages_left_open_close_themselves(police_world, settings):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input())
    assert services.messages_autoclose() == 0
    later = timezone.now() + dt.timedelta(minutes=settings.POLICE_AUTO_CLOSE_MINUTES + 1)
    assert services.messages_autoclose(now=later) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.CLOSED and message.outcome == "beeindigd"
    assert Event.objects.filter(topic=message.topic, kind="police-closed").exists()


def test_a_tip_comes_only_from_a_resident_the_alert_reached(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    tip = services.tip_send(message=message, user=w.resident_in, text_="Ik zag hem bij de bakker.")
    assert tip.message == message
    with pytest.raises(PermissionDenied):
        services.tip_send(message=message, user=w.resident_out, text_="Ik ook")
    with pytest.raises(ValidationError):
        services.tip_send(message=message, user=w.resident_in, text_="   ")


def test_an_opt_in_for_home_and_one_more_address(police_world):
    from buurtwacht.geo.models import Address

    w = police_world
    home = Address.objects.create(
        street="Kerkstraat", number=3, postcode="9901AC", place="Proefdorp", lat=FAR[1], lon=FAR[0]
    )
    work = Address.objects.create(
        street="Kerkstraat", number=5, postcode="9901AC", place="Proefdorp", lat=FAR[1], lon=FAR[0]
    )
    user = w.near_members[0]
    services.optin_save(user=user, postcode="9901 ac", house_number="3", is_home=True, push=True, email=False)
    services.optin_save(user=user, postcode="9901AC", house_number="5", is_home=False, push=False, email=True)
    assert {o.address_id for o in user.area_alert_optins.all()} == {home.pk, work.pk}
    with pytest.raises(ValidationError) as refused:
        services.optin_save(user=user, postcode="9901AC", house_number="99", is_home=False, push=True, email=True)
    assert "house_number" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.optin_save(user=user, postcode="9901AC", house_number="5", is_home=False, push=False, email=False)


def test_a_flood_of_tips_is_refused_with_a_pointer_to_112(police_world):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    for n in range(services.TIP_MAX_PER_WINDOW):
        services.tip_send(message=message, user=w.resident_in, text_=f"Tip {n}")
    with pytest.raises(ValidationError) as refused:
        services.tip_send(message=message, user=w.resident_in, text_="Nog een tip")
    assert "Bel 112" in refused.value.message_dict["text"][0]


def test_the_mail_says_why_each_person_gets_it_and_where_to_change_that(police_world, mailoutbox):
    w = police_world
    services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    services.message_send(sender=w.sender, data=message_input())
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    resident = by_address[w.resident_in.email].body
    assert "buurtalerts van de politie heeft aangezet" in resident and "/account/buurtalerts/" in resident
    admin = by_address[w.near_admins[0].email].body
    assert "als beheerder van een buurtpreventiegroep" in admin and "/account/" in admin
    assert "deelnemer van ." not in resident + admin


@pytest.mark.parametrize(("incident", "outcome"), [("vermissing", "aangehouden"), ("woninginbraak", "terecht")])
def test_an_outcome_that_does_not_fit_the_incident_is_refused(police_world, incident, outcome):
    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(incident=incident))
    with pytest.raises(ValidationError) as refused:
        services.message_close(sender=w.sender, message=message, outcome=outcome)
    assert "past niet bij dit bericht" in refused.value.message_dict["outcome"][0]
    message.refresh_from_db()
    assert message.is_open
