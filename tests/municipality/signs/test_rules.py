"""The gemeente's sign rules, each optional, checked in one place and enforced by the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from buurtwacht.groups.models import GroupStatus
from buurtwacht.municipality.signs import services
from buurtwacht.municipality.signs.models import SignRequest, SignStatus
from buurtwacht.municipality.signs.rules import sign_rule_checks
from tests.municipality.signs.conftest import INSIDE, INSIDE_2, OUTSIDE, connect

pytestmark = pytest.mark.django_db


def rules(world, **values):
    return services.sign_rules_save(gemeente=world.town.gemeente, user=world.staff, **values)


def request(world, group=None, admin=None, spots=(INSIDE,)):
    return services.sign_request_create(
        group=group or world.group, user=admin or world.admin, reason="Inbrekers komen via de Molenweg.",
        spots=list(spots),
    )


def placed_sign(world, group, admin):
    created = request(world, group=group, admin=admin)
    (sign,) = services.sign_request_approve(request=created, user=world.staff, spots=[INSIDE])
    return services.sign_place(sign=sign, user=world.staff, on=dt.date.today())


def test_krimpen_refuses_a_group_with_49_connected_addresses_and_says_why(world):
    rules(world, min_connected_addresses=50)
    connect(world.group, 49)
    with pytest.raises(ValidationError) as refused:
        request(world)
    assert "De groep heeft 49 aangesloten adressen; de gemeente vraagt er minstens 50" in " ".join(
        refused.value.messages
    )
    assert "nog 1 adressen nodig" in " ".join(refused.value.messages)
    assert not SignRequest.objects.exists()


def test_krimpen_accepts_a_group_with_50_connected_addresses(world):
    rules(world, min_connected_addresses=50)
    connect(world.group, 50)
    created = request(world)
    assert created.status == "requested" and created.spots.count() == 1
    (check,) = sign_rule_checks(group=world.group, spot_count=1)
    assert check.ok is True and "50 aangesloten adressen" in check.reason


def test_two_members_at_one_address_count_once(world):
    from buurtwacht.groups.models import Membership
    from tests.factories import UserFactory, make_member

    rules(world, min_connected_addresses=2)
    connect(world.group, 1)
    home = Membership.objects.filter(group=world.group, user__address__isnull=False).get().user.address
    make_member(world.group, UserFactory(address=home))
    (check,) = sign_rule_checks(group=world.group, spot_count=1)
    assert check.ok is False and "heeft 1 aangesloten adressen" in check.reason


def test_landsmeer_refuses_a_second_group_in_a_wijk_that_has_a_placed_sign(world):
    rules(world, max_per_wijk=1)
    placed_sign(world, world.group, world.admin)
    with pytest.raises(ValidationError) as refused:
        request(world, group=world.other_group, admin=world.other_admin)
    message = " ".join(refused.value.messages)
    assert "Proefdorp wijk 0 heeft al 1 bord" in message
    assert "geen extra borden in een wijk die ze al heeft" in message


def test_landsmeer_lets_a_group_in_another_wijk_ask(world):
    from tests.factories import GroupFactory, UserFactory, cell, make_member

    rules(world, max_per_wijk=1)
    placed_sign(world, world.group, world.admin)
    east = GroupFactory(gemeente=world.town.gemeente, wijk=world.town.wijken[1], geometry=cell(1, 0))
    east_admin = make_member(east, UserFactory(), admin=True)
    created = request(world, group=east, admin=east_admin, spots=[services.SpotInput(lat=52.005, lon=5.015)])
    assert created.pk


def test_a_removed_sign_no_longer_counts_for_landsmeer(world):
    rules(world, max_per_wijk=1)
    sign = placed_sign(world, world.group, world.admin)
    services.sign_remove(sign=sign, user=world.staff, on=dt.date.today(), reason="Weg voor wegwerkzaamheden.")
    assert request(world, group=world.other_group, admin=world.other_admin).pk


def test_at_most_n_signs_per_group_counts_the_signs_it_has(world):
    rules(world, max_per_group=2)
    with pytest.raises(ValidationError) as refused:
        request(world, spots=[INSIDE, INSIDE_2, INSIDE])
    assert "Hoogstens 2 borden per groep: de groep heeft er 0 en vraagt er 3" in " ".join(refused.value.messages)
    first = request(world, spots=[INSIDE])
    services.sign_request_approve(request=first, user=world.staff, spots=[INSIDE])
    with pytest.raises(ValidationError) as again:
        request(world, spots=[INSIDE, INSIDE_2])
    assert "de groep heeft er 1 en vraagt er 2. Vraag er hoogstens 1 aan" in " ".join(again.value.messages)
    assert request(world, spots=[INSIDE_2]).pk


def test_only_active_groups_when_the_gemeente_says_so(world):
    world.group.status = GroupStatus.PENDING
    world.group.save()
    assert request(world).pk  # no such rule yet: the municipality judges
    SignRequest.objects.all().delete()
    rules(world, active_groups_only=True)
    with pytest.raises(ValidationError) as refused:
        request(world)
    assert "Alleen actieve groepen kunnen borden aanvragen" in " ".join(refused.value.messages)


def test_the_contribution_is_shown_with_its_text_and_the_total(world):
    rules(world, contribution_eur=Decimal("50"), contribution_text="De groep betaalt de helft.",
          allowed_spots="alleen op toegangswegen")
    checks = {check.key: check for check in sign_rule_checks(group=world.group, spot_count=2)}
    assert checks["contribution"].ok is None
    assert checks["contribution"].reason == (
        "Bijdrage: € 50,00 per bord, voor 2 borden € 100,00. De groep betaalt de helft."
    )
    assert checks["spots"].reason == "Toegestane plekken: alleen op toegangswegen"
    assert request(world).pk  # notices never refuse


def test_no_rules_no_checks(world):
    assert sign_rule_checks(group=world.group, spot_count=3) == []


def test_a_spot_outside_the_gemeente_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        request(world, spots=[INSIDE, OUTSIDE])
    assert "Plek 2 ligt buiten de gemeente Proefdorp" in " ".join(refused.value.messages)


def test_a_spot_just_past_the_edge_of_the_gemeente_is_refused(world):
    with pytest.raises(ValidationError):
        request(world, spots=[services.SpotInput(lat=52.005, lon=5.0401)])


def test_a_request_needs_a_spot_and_a_reason(world):
    with pytest.raises(ValidationError) as no_spot:
        request(world, spots=[])
    assert "minstens één plek" in " ".join(no_spot.value.messages)
    with pytest.raises(ValidationError):
        services.sign_request_create(group=world.group, user=world.admin, reason=" ", spots=[INSIDE])


def test_one_open_request_per_group(world):
    request(world)
    with pytest.raises(ValidationError) as refused:
        request(world)
    assert "wacht op de gemeente" in " ".join(refused.value.messages)


def test_approval_checks_the_rules_again_for_the_final_spots(world):
    created = request(world, spots=[INSIDE, INSIDE_2])
    rules(world, max_per_group=1)
    with pytest.raises(ValidationError):
        services.sign_request_approve(request=created, user=world.staff, spots=[INSIDE, INSIDE_2])
    (sign,) = services.sign_request_approve(request=created, user=world.staff, spots=[INSIDE_2])
    assert sign.status == SignStatus.APPROVED and sign.wijk == world.town.wijken[0]


def test_rules_refuse_nonsense(world):
    with pytest.raises(ValidationError) as refused:
        rules(world, max_per_wijk=0, contribution_eur=Decimal("-1"))
    assert set(refused.value.message_dict) == {"max_per_wijk", "contribution_eur"}
