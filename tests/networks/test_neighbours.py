"""Neighbours: areas that touch, or lie at most the gemeente's distance apart (default 100 m), measured in metres
(a degree of longitude is ~68 km here, a degree of latitude ~111 km)."""

from __future__ import annotations

import pytest
import shapely

from buurtwacht.geo.shapes import metres_per_degree
from buurtwacht.networks.models import NetworkSettings
from buurtwacht.networks.neighbours import neighbour_distances, neighbour_ids, pairs_among
from tests.factories import GroupFactory
from tests.networks.conftest import NOORD

pytestmark = pytest.mark.django_db

KX, KY = metres_per_degree(52.001)


def east_of(geometry, metres: float):
    """A square like `geometry`, `metres` east of it."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    start = max_lon + metres / KX
    return shapely.box(start, min_lat, start + (max_lon - min_lon), max_lat)


def north_of(geometry, metres: float):
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    start = max_lat + metres / KY
    return shapely.box(min_lon, start, max_lon, start + (max_lat - min_lat))


def test_groups_whose_areas_touch_are_neighbours_both_ways(network):
    assert neighbour_ids(network.noord) == {network.oost.pk}
    assert neighbour_ids(network.oost) == {network.noord.pk}
    assert neighbour_distances(network.noord)[network.oost.pk] == 0


def test_a_group_80_m_east_is_a_neighbour_and_150_m_east_is_not(town):
    home = GroupFactory(geometry=NOORD)
    near = GroupFactory(geometry=east_of(NOORD, 80))
    far = GroupFactory(geometry=east_of(NOORD, 150))
    found = neighbour_distances(home)
    assert set(found) == {near.pk}
    assert found[near.pk] == pytest.approx(80, abs=1)
    assert far.pk not in neighbour_ids(home)


def test_a_group_80_m_north_is_a_neighbour_and_150_m_north_is_not(town):
    home = GroupFactory(geometry=NOORD)
    near = GroupFactory(geometry=north_of(NOORD, 80))
    GroupFactory(geometry=north_of(NOORD, 150))
    assert neighbour_ids(home) == {near.pk}


def test_the_same_gap_in_degrees_is_near_east_but_far_north(town):
    """0.0012 degrees is ~82 m of longitude but ~133 m of latitude here: only the eastern group is a neighbour."""
    gap = 0.0012
    min_lon, min_lat, max_lon, max_lat = NOORD.bounds
    home = GroupFactory(geometry=NOORD)
    east = GroupFactory(geometry=shapely.box(max_lon + gap, min_lat, max_lon + gap + 0.003, max_lat))
    GroupFactory(geometry=shapely.box(min_lon, max_lat + gap, max_lon, max_lat + gap + 0.002))
    assert neighbour_ids(home) == {east.pk}


def test_a_gemeente_may_set_its_own_distance(town):
    home = GroupFactory(geometry=NOORD)
    at_150 = GroupFactory(geometry=east_of(NOORD, 150))
    assert neighbour_ids(home) == set()
    NetworkSettings.objects.create(gemeente=town.gemeente, neighbour_metres=200)
    assert neighbour_ids(home) == {at_150.pk}


def test_the_default_distance_is_a_setting(town, settings):
    settings.NETWORK_NEIGHBOUR_METRES = 40
    home = GroupFactory(geometry=NOORD)
    GroupFactory(geometry=east_of(NOORD, 80))
    assert neighbour_ids(home) == set()


def test_groups_that_are_not_active_are_nobodys_neighbour(town):
    home = GroupFactory(geometry=NOORD)
    GroupFactory(geometry=east_of(NOORD, 0), pending=True)
    GroupFactory(geometry=east_of(NOORD, 50), inactive=True)
    assert neighbour_ids(home) == set()
    pending_home = GroupFactory(geometry=NOORD, pending=True)
    assert neighbour_ids(pending_home) == set()


def test_the_pairs_of_a_gemeente_are_the_same_as_asking_each_group(network):
    pairs = pairs_among([network.noord.pk, network.oost.pk, network.verweg.pk, network.overkant.pk])
    assert [(p.a, p.b) for p in pairs] == [tuple(sorted((network.noord.pk, network.oost.pk)))]


def test_pairs_are_found_in_metres_too(town):
    home = GroupFactory(geometry=NOORD)
    east = GroupFactory(geometry=east_of(NOORD, 80))
    GroupFactory(geometry=north_of(NOORD, 150))
    pairs = pairs_among([home.pk])
    assert [(p.a, p.b) for p in pairs] == [(home.pk, east.pk)]
    assert pairs[0].metres == pytest.approx(80, abs=1)
