import pytest
import shapely

from buurtwacht.geo.index import GROUPS, Entry, SpatialIndex, layers
from buurtwacht.geo.models import AreaVersion
from tests.factories import GroupFactory, cell


def test_it_finds_the_areas_containing_a_point():
    index = SpatialIndex([Entry(1, cell(0, 0)), Entry(2, cell(1, 0)), Entry(3, shapely.box(5.0, 52.0, 5.02, 52.01))])
    assert index.ids_at(5.005, 52.005) == [1, 3]
    assert index.ids_at(5.015, 52.005) == [2, 3]
    assert index.ids_at(4.9, 52.005) == []


def test_bulk_lookup_agrees_with_single_lookups():
    index = SpatialIndex([Entry(i, cell(i, 0)) for i in range(4)])
    lons = [5.005, 5.015, 5.035, 6.0]
    lats = [52.005] * 4
    assert index.ids_at_many(lons, lats) == [index.ids_at(x, y) for x, y in zip(lons, lats, strict=True)]
    assert index.ids_at_many(lons, lats) == [[0], [1], [3], []]


def test_nearest_orders_by_distance_in_metres():
    index = SpatialIndex([Entry(i, cell(i, 0)) for i in range(5)])
    assert [i for i, _ in index.nearest(5.052, 52.005, 2)] == [4, 3]
    # 0.006 degree east (~410 m) is nearer than 0.005 degree north (~556 m), though farther in degrees.
    index = SpatialIndex(
        [Entry(1, shapely.box(5.006, 52.0, 5.01, 52.004)), Entry(2, shapely.box(5.0, 52.005, 5.004, 52.01))]
    )
    nearest = index.nearest(5.0, 52.0, 2)
    assert [i for i, _ in nearest] == [1, 2]
    assert nearest[0][1] == pytest.approx(410.9, abs=1)


def test_a_change_in_another_process_reaches_this_index(town):
    """Another process's write is simulated by changing the stamp and rows behind the index's back."""
    group = GroupFactory()
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == [group.pk]
    stamp = AreaVersion.objects.get(layer=GROUPS).version
    type(group).objects.filter(pk=group.pk).update(status="inactive")
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == [group.pk], "unchanged stamp: the index is kept"
    AreaVersion.objects.filter(layer=GROUPS).update(version=stamp + 1)
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == []
