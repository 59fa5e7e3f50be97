import pytest
import shapely
from django.core.exceptions import ValidationError

from buurtwacht.geo.shapes import area_m2, distance_m, to_geojson, to_geometry, validate_group_area


def test_area_in_square_metres_matches_a_known_rectangle():
    # 0.01 degree of latitude is 1,111.95 m; 0.01 degree of longitude at 52 degrees N is 684.6 m.
    assert area_m2(shapely.box(5.0, 51.995, 5.01, 52.005)) == pytest.approx(1111.95 * 684.58, rel=2e-3)


def test_distance_in_metres_to_a_polygon():
    assert distance_m(5.0, 52.0, shapely.box(5.01, 51.9, 5.02, 52.1)) == pytest.approx(684.6, rel=2e-3)
    assert distance_m(5.015, 52.0, shapely.box(5.01, 51.9, 5.02, 52.1)) == 0


def test_geojson_round_trip_rounds_to_six_decimals():
    geometry = to_geometry(
        {"type": "Polygon", "coordinates": [[[5.1234567, 52.0], [5.2, 52.0], [5.2, 52.1], [5.1234567, 52.0]]]}
    )
    assert to_geojson(geometry)["coordinates"][0][0] == (5.123457, 52.0)


def test_a_feature_is_accepted_as_geometry():
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [5, 52]}}
    assert to_geometry(feature).geom_type == "Point"


def test_garbage_is_no_geometry():
    with pytest.raises(ValidationError, match="geen geldige GeoJSON"):
        to_geometry({"type": "Polygon", "coordinates": "nee"})


def test_a_valid_area_is_normalised_and_three_dimensional_input_flattened():
    area = validate_group_area(shapely.Polygon([(5.0, 52.0, 1), (5.01, 52.0, 1), (5.01, 52.01, 1), (5.0, 52.01, 1)]))
    assert not shapely.has_z(area)
    assert area.is_valid


def test_a_multipolygon_inside_the_netherlands_is_a_valid_area():
    area = shapely.MultiPolygon([shapely.box(5.0, 52.0, 5.01, 52.01), shapely.box(5.02, 52.0, 5.03, 52.01)])
    assert validate_group_area(area).geom_type == "MultiPolygon"


def test_swapped_coordinates_are_reported_as_outside_the_netherlands():
    with pytest.raises(ValidationError, match="lengtegraad, breedtegraad"):
        validate_group_area(shapely.box(52.0, 5.0, 52.01, 5.01))
