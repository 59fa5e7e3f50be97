"""Who a police message reaches (police.reach): the groups in a circle or in chosen buurten and their admins, the
groups that turned police messages off, the residents who opted in inside the area, their chosen channels, and
how many of them can be reached now (live page, push, e-mail). The residents come from one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from buurtwacht.delivery.models import AlertMail, LivePresence, PushSubscription
from buurtwacht.police.area import circle, of_buurten
from buurtwacht.police.models import MessageKind
from buurtwacht.police.reach import reach_of, residents_inside
from tests.factories import CELL, ORIGIN_LAT, ORIGIN_LON, GroupFactory, UserFactory, cell, make_member
from tests.police.conftest import FAR, HERE, opt_in

pytestmark = pytest.mark.django_db


def around_here(radius_m: int = 1000):
    return circle(HERE[0], HERE[1], radius_m)


def dispatch_reach(area, **options):
    return reach_of(kind=MessageKind.DISPATCH, area=area.geometry, bounds=area.bounds, **options)


def alert_reach(area, **options):
    return reach_of(kind=MessageKind.AREA_ALERT, area=area.geometry, bounds=area.bounds, **options)


def subscribe(user) -> None:
    PushSubscription.objects.create(user=user, endpoint=f"https://push.example/{user.pk}", p256dh="key", auth="secret")


def online(user, seconds_ago: int = 0) -> None:
    LivePresence.objects.update_or_create(
        user=user, defaults={"seen_at": timezone.now() - dt.timedelta(seconds=seconds_ago)}
    )


# --- dispatches: groups and admins ------------------------------------------------------------------------------


def test_a_circle_reaches_the_groups_it_meets_and_their_admins_only(police_world):
    w = police_world
    reach = dispatch_reach(around_here())
    assert [g.group for g in reach.groups] == [w.near]
    assert reach.admin_ids == {u.pk for u in w.near_admins}
    assert reach.people == reach.admin_ids  # never the plain members
    counts = reach.counts()
    assert (counts["groups"], counts["groups_off"], counts["admins"], counts["residents"]) == (1, 0, 2, 0)


def test_a_group_at_the_edge_of_the_circle_is_reached_and_one_just_beyond_it_is_not(police_world):
    # HERE is 345 m from the cell's east edge: a 400 m circle crosses into cell (1, 0), a 300 m one does not.
    w = police_world
    east = GroupFactory(name="Buurtpreventie Oost", geometry=cell(1, 0))
    make_member(east, admin=True)
    assert {g.group for g in dispatch_reach(around_here(400)).groups} == {w.near, east}
    assert {g.group for g in dispatch_reach(around_here(300)).groups} == {w.near}


def test_chosen_buurten_reach_the_groups_in_them_and_not_the_neighbours_that_only_share_a_border(police_world):
    # The group of buurt (0, 0) shares a corner with buurt (1, 1) and a side with buurt (1, 0).
    w = police_world
    east = GroupFactory(name="Buurtpreventie Oost", geometry=cell(1, 1))
    east_admin = make_member(east, admin=True)
    buurten = w.town.buurten
    reach = dispatch_reach(of_buurten([buurten[(1, 1)].geometry]))
    assert [g.group for g in reach.groups] == [east]
    assert reach.admin_ids == {east_admin.pk}
    assert dispatch_reach(of_buurten([buurten[(1, 0)].geometry])).groups == []
    both = dispatch_reach(of_buurten([buurten[(0, 0)].geometry, buurten[(1, 1)].geometry]))
    assert {g.group for g in both.groups} == {w.near, east}


def test_groups_that_turned_police_messages_off_are_counted_apart_and_their_admins_not_at_all(police_world):
    quiet = GroupFactory(name="Buurtpreventie Stil", geometry=cell(0, 0), police_messages=False)
    quiet_admin = make_member(quiet, admin=True)
    reach = dispatch_reach(around_here())
    counts = reach.counts()
    assert (counts["groups"], counts["groups_off"], counts["admins"]) == (1, 1, 2)
    assert quiet_admin.pk not in reach.admin_ids


def test_an_admin_of_two_groups_in_the_circle_is_counted_once(police_world):
    w = police_world
    second = GroupFactory(name="Buurtpreventie Molenhoek-Zuid", geometry=cell(0, 0))
    make_member(second, user=w.near_admins[0], admin=True)
    other = make_member(second, admin=True)
    reach = dispatch_reach(around_here())
    assert len(reach.receiving_groups) == 2
    assert reach.admin_ids == {w.near_admins[0].pk, w.near_admins[1].pk, other.pk}
    assert reach.counts()["admins"] == 3


def test_inactive_groups_and_deactivated_admins_are_not_reached(police_world):
    w = police_world
    pending = GroupFactory(name="Buurtpreventie In Oprichting", geometry=cell(0, 0), pending=True)
    make_member(pending, admin=True)
    gone = w.near_admins[1]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    reach = dispatch_reach(around_here())
    assert [g.group for g in reach.groups] == [w.near]
    assert reach.admin_ids == {w.near_admins[0].pk}


# --- area alerts: residents and their channels ---------------------------------------------------------------------


def test_an_area_alert_reaches_residents_inside_and_not_outside(police_world):
    w = police_world
    reach = alert_reach(around_here())
    assert reach.resident_ids == [w.resident_in.pk]
    assert reach.people == {w.resident_in.pk}
    assert reach.counts()["residents"] == 1
    far = alert_reach(circle(FAR[0], FAR[1], 500))
    assert far.resident_ids == [w.resident_out.pk]


def test_a_resident_inside_the_bounding_box_but_outside_the_circle_is_left_out(police_world):
    # The corner of the circle's box: inside the box, ~1,300 m from the centre of a 1,000 m circle.
    area = around_here()
    min_lon, min_lat, _max_lon, _max_lat = area.bounds
    cornered = UserFactory(first_name="Hoek")
    opt_in(cornered, min_lon + 0.0005, min_lat + 0.0005)
    ids, _push, _email = residents_inside(area.geometry, area.bounds)
    assert cornered.pk not in ids
    assert police_world.resident_in.pk in ids


def test_a_resident_with_two_addresses_inside_is_counted_once(police_world):
    w = police_world
    opt_in(w.resident_in, HERE[0] - 0.001, HERE[1] + 0.001)
    reach = alert_reach(around_here())
    assert reach.resident_ids == [w.resident_in.pk]
    assert reach.counts()["residents"] == 1


def test_the_channels_residents_chose_are_kept(police_world):
    pushing, mailing = UserFactory(first_name="Pien"), UserFactory(first_name="Mees")
    opt_in(pushing, HERE[0], HERE[1] + 0.001, push=True, email=False)
    opt_in(mailing, HERE[0], HERE[1] - 0.001, push=False, email=True)
    ids, push, email = residents_inside(around_here().geometry, around_here().bounds)
    resident = police_world.resident_in.pk  # both channels
    assert ids == sorted([resident, pushing.pk, mailing.pk])
    assert push == {resident, pushing.pk}
    assert email == {resident, mailing.pk}


def test_an_area_alert_reaches_no_admins_and_a_dispatch_no_residents(police_world):
    w = police_world
    alert = alert_reach(around_here())
    assert alert.people == {w.resident_in.pk}
    assert w.near_admins[0].pk not in alert.people
    dispatch = dispatch_reach(around_here())
    assert dispatch.resident_ids == []
    assert w.resident_in.pk not in dispatch.people


def test_residents_are_found_with_one_query(police_world, django_assert_num_queries):
    for n in range(30):
        opt_in(UserFactory(), HERE[0] + (n % 6 - 3) * 0.0005, HERE[1] + (n // 6 - 3) * 0.0005)
    area = around_here()
    with django_assert_num_queries(1):
        ids, push, email = residents_inside(area.geometry, area.bounds)
    assert len(ids) == 31 and push == email == set(ids)


def test_no_resident_in_the_area_gives_empty_answers(police_world):
    empty = circle(ORIGIN_LON + 1.5 * CELL, ORIGIN_LAT + 1.5 * CELL, 200)
    assert residents_inside(empty.geometry, empty.bounds) == ([], set(), set())


# --- reachable now: live page, push, e-mail ------------------------------------------------------------------------


def test_reachable_counts_live_pages_push_devices_and_confirmed_mail_of_the_admins(police_world):
    w = police_world
    first, second = w.near_admins
    online(first)
    online(second, seconds_ago=3600)  # a page closed an hour ago: not live now
    online(w.near_members[0])  # online, but not an admin: not counted
    subscribe(second)
    second.email_verified_at = None
    second.save(update_fields=["email_verified_at"])
    counts = dispatch_reach(around_here()).counts()
    assert counts["reachable_live"] == 1
    assert counts["reachable_push"] == 1
    assert counts["reachable_email"] == 1  # the first; the second's address is not confirmed


def test_an_admin_who_said_never_to_alert_mail_is_not_counted_for_email(police_world):
    w = police_world
    w.near_admins[0].alert_mail = AlertMail.NEVER
    w.near_admins[0].save(update_fields=["alert_mail"])
    assert dispatch_reach(around_here()).counts()["reachable_email"] == 1


def test_residents_are_counted_only_on_the_channels_they_chose(police_world):
    w = police_world
    mailing = UserFactory(first_name="Mees")
    opt_in(mailing, HERE[0], HERE[1] - 0.001, push=False, email=True)
    subscribe(mailing)  # a device, but the resident chose e-mail only for area alerts
    subscribe(w.resident_in)
    online(mailing)
    counts = alert_reach(around_here()).counts()
    assert counts["residents"] == 2
    assert counts["reachable_push"] == 1  # resident_in: push chosen and a device
    assert counts["reachable_email"] == 2
    assert counts["reachable_live"] == 1


def test_the_send_path_skips_the_reachable_counts(police_world):
    area = around_here()
    reach = dispatch_reach(area, with_channels=False)
    assert reach.channels == {}
    assert not any(key.startswith("reachable_") for key in reach.counts())
