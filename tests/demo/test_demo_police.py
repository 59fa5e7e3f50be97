"""The police side of the demo: the wijkagent's two messages, who they reached, and the residents who opted in."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from buurtwacht.alerts.rules import Place
from buurtwacht.delivery.models import Event, EventRecipient
from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import ADMIN, MEMBER, POLICE, RESIDENT
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.police.models import AreaAlertOptIn, MessageKind, MessageStatus, PoliceMessage
from buurtwacht.police.permissions import Sender
from buurtwacht.police.rules import MessageInput
from buurtwacht.police.services import message_send

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def person(persona):
    return get_user_model().objects.get(email=persona.email)


def recipients(message: PoliceMessage) -> set[int]:
    return set(EventRecipient.objects.filter(event_id=message.event_id).values_list("user_id", flat=True))


def test_a_closed_dispatch_reached_the_admins_of_the_groups_round_the_personas_group():
    run_demo()
    dispatch = PoliceMessage.objects.get(kind=MessageKind.DISPATCH)
    assert dispatch.status == MessageStatus.CLOSED and dispatch.outcome == "aangehouden"
    assert dispatch.sender == person(POLICE) and dispatch.gemeente.code == GEMEENTE_CODE
    reached = list(dispatch.reached_groups.values_list("group_id", flat=True))
    admins = set(
        Membership.objects.filter(group_id__in=reached, role=MemberRole.ADMIN).values_list("user_id", flat=True)
    )
    assert len(reached) >= 2 and dispatch.reach["groups"] == len(reached)
    assert recipients(dispatch) == admins
    assert person(ADMIN).pk in admins
    assert person(MEMBER).pk not in recipients(dispatch)  # members hear it only when an admin forwards it
    assert Event.objects.filter(topic=dispatch.topic, kind="police-closed").exists()


def test_every_active_demo_group_has_admins_to_receive_dispatches():
    run_demo()
    for group in Group.objects.filter(gemeente__code=GEMEENTE_CODE, status=GroupStatus.ACTIVE):
        assert group.memberships.filter(role=MemberRole.ADMIN, user__is_active=True).exists(), group.name


def test_an_open_area_alert_reached_the_resident_persona_and_other_opted_in_residents():
    run_demo()
    alert = PoliceMessage.objects.get(kind=MessageKind.AREA_ALERT)
    assert alert.status == MessageStatus.OPEN and alert.sender == person(POLICE)
    reached = recipients(alert)
    assert person(RESIDENT).pk in reached
    assert len(reached) == alert.reach["residents"] >= 3
    opted_in = set(AreaAlertOptIn.objects.values_list("user_id", flat=True))
    assert reached <= opted_in
    assert len(opted_in - reached) >= 10  # residents elsewhere in the gemeente: outside the circle


def test_the_resident_persona_opted_in_for_their_home_address():
    run_demo()
    resident = person(RESIDENT)
    optin = resident.area_alert_optins.get()
    assert optin.address == resident.address and optin.is_home and optin.push and optin.email
    assert AreaAlertOptIn.objects.count() > 40


def test_the_wijkagent_can_send_both_kinds_in_the_demo_gemeente():
    run_demo()
    police = person(POLICE)
    assert police.is_police and police.roles.get().gemeente.code == GEMEENTE_CODE
    sender = Sender(name=police.full_name, gemeente_ids=frozenset({police.roles.get().gemeente_id}), user=police)
    home = person(RESIDENT).address
    for kind in MessageKind.values:
        message = message_send(
            sender=sender,
            data=MessageInput(
                kind=kind,
                incident="straatroof",
                place=Place(lon=home.lon, lat=home.lat),
                radius_m=400,
                description="Tas afgepakt, verdachte op een fiets.",
            ),
        )
        assert message.reach["admins" if kind == MessageKind.DISPATCH else "residents"] >= 1


def test_building_it_again_replaces_the_police_messages():
    run_demo()
    run_demo()
    assert PoliceMessage.objects.count() == 2
    assert (
        not Event.objects.filter(topic__startswith="police:")
        .exclude(topic__in=[m.topic for m in PoliceMessage.objects.all()])
        .exists()
    )
