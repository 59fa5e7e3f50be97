"""The lean ASGI route for GET /api/v1/lookup answers exactly as the documented django-ninja endpoint does."""

import asyncio
import json

import pytest

from buurtwacht.asgi import application
from tests.factories import AddressFactory, GroupFactory, cell

pytestmark = pytest.mark.django_db(transaction=True)


def call(path: str, query: str = "", headers: list[tuple[bytes, bytes]] | None = None, method: str = "GET"):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers if headers is not None else [(b"host", b"127.0.0.1")],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
    }
    messages = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected until the app is done

    async def send(message):
        messages.append(message)

    asyncio.run(application(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


@pytest.fixture
def covered(town):
    GroupFactory(name="Buurtpreventie Noordhoek", geometry=cell(0, 0))
    AddressFactory(street="Merelstraat", number=12, letter="A", postcode="9901AB", lon=5.005, lat=52.005)


@pytest.mark.parametrize(
    "query",
    [
        "postcode=9901AB&huisnummer=12a",
        "postcode=9901+ab&huisnummer=12&huisletter=a",
        "lat=52.015&lon=5.015",
        "postcode=99AB&huisnummer=1",
        "postcode=9901AB&huisnummer=999",
        "postcode=9901AB",
        "lat=48.85&lon=2.35",
        "lat=noord&lon=5",
        "",
    ],
)
def test_the_fast_route_answers_as_the_documented_endpoint(client, covered, query):
    status, headers, body = call("/api/v1/lookup", query)
    documented = client.get(f"/api/v1/lookup?{query}")
    assert status == documented.status_code
    assert json.loads(body) == documented.json()
    assert headers[b"content-type"].startswith(b"application/json")
    assert headers[b"x-content-type-options"] == b"nosniff"


def test_it_refuses_a_host_that_is_not_allowed(covered):
    status, _, _ = call("/api/v1/lookup", "postcode=9901AB&huisnummer=12a", headers=[(b"host", b"evil.example")])
    assert status == 400


def test_other_paths_go_to_django(covered):
    status, _, body = call("/api/v1/groups")
    assert status == 200
    assert json.loads(body)["type"] == "FeatureCollection"


def test_head_gets_headers_without_a_body(covered):
    status, headers, body = call("/api/v1/lookup", "postcode=9901AB&huisnummer=12a", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers[b"content-length"]) > 0


def test_start_up_builds_the_spatial_indexes_before_the_first_request(covered):
    from buurtwacht.geo.index import layers

    layers.clear()
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message["type"])

    asyncio.run(application({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert len(layers._indexes["groups"]) == 1
