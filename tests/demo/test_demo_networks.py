"""The network in the demo: the personas' group and its neighbours take part, one group stays out, and a
neighbouring group passed an alert on to the admin persona's group."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from buurtwacht.delivery.models import EventRecipient
from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import ADMIN, MEMBER
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.networks.models import NetworkOptIn, PassOn
from buurtwacht.networks.neighbours import neighbour_ids

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


def test_neighbours_take_part_and_one_group_stays_out():
    run_demo()
    active = Group.objects.filter(gemeente__code=GEMEENTE_CODE, status=GroupStatus.ACTIVE)
    taking_part = set(NetworkOptIn.objects.filter(group__in=active).values_list("group_id", flat=True))
    assert len(taking_part) == active.count() - 1


def test_building_the_demo_again_passes_the_same_alert_on_again_and_nothing_more():
    run_demo()
    first = sorted(PassOn.objects.values_list("source_group__name", "target_group__name"))
    run_demo()
    assert sorted(PassOn.objects.values_list("source_group__name", "target_group__name")) == first
    assert len({p.alert_id for p in PassOn.objects.all()}) == 1
