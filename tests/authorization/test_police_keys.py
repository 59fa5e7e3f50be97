"""The police API's rows of the authorization matrix, asked with keys instead of sessions: a key of the world's
gemeente is let in on every route; a key of another gemeente is refused (403 for a place outside it, 404 for a
message outside it); a revoked key, a malformed one or none is 401, with a session or without."""

from __future__ import annotations

import json

import pytest

from buurtwacht.police.models import PoliceMessage
from buurtwacht.police.tokens import token_revoke
from tests.authorization.test_matrix import POLICE_API_ROWS, Row, refused
from tests.authorization.world import World, build_world, sign_in
from tests.police.keys import far_gemeente, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def ask(client, row: Row, world: World, header: str | None):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    if row.method == "post":
        body = json.dumps(row.data(world)) if row.data else "{}"
        return client.post(row.url(world), data=body, content_type="application/json", **headers)
    return client.get(row.url(world), **headers)


@pytest.mark.parametrize("row", POLICE_API_ROWS, ids=lambda row: row.key)
def test_a_key_of_the_gemeente_is_let_in(client, world, row):
    _token, key = make_key(world.town.gemeente)
    response = ask(client, row, world, f"Bearer {key}")
    assert response.status_code in (200, 201), (row.key, response.status_code, response.content)


@pytest.mark.parametrize("row", POLICE_API_ROWS, ids=lambda row: row.key)
def test_a_key_of_another_gemeente_is_refused(client, world, row):
    gemeente, _buurt = far_gemeente()
    _token, key = make_key(gemeente)
    before = PoliceMessage.objects.count()
    response = ask(client, row, world, f"Bearer {key}")
    assert response.status_code == (403 if "{" not in row.key else 404), (row.key, response.status_code)
    assert PoliceMessage.objects.count() == before


@pytest.mark.parametrize("persona", ["anonymous", "police"])
@pytest.mark.parametrize("row", POLICE_API_ROWS, ids=lambda row: row.key)
def test_a_revoked_malformed_or_missing_key_is_401_whoever_is_signed_in(client, world, row, persona):
    token, key = make_key(world.town.gemeente)
    token_revoke(token=token)
    sign_in(client, world, persona)
    for header in (f"Bearer {key}", f"Basic {key}", None):
        response = ask(client, row, world, header)
        assert response.status_code == 401 and refused(response), (row.key, header, response.status_code)
        assert response.json()["detail"]
