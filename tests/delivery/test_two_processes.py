"""More than one server process (issue 4, item 7): with REDIS_URL, an event written through one `buurtwacht serve`
process reaches the live streams held by another, through Redis pub/sub (one subscription per process).

Both servers are real subprocesses against the test database and the Redis on 127.0.0.1:6379 (database 15).
Without a reachable Redis the tests skip, saying why; with BUURTWACHT_REQUIRE_REDIS=1 (CI) they fail instead.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

import httpx
import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall, ReactionKind
from tests.delivery.live_support import EventStream, make_event, session_cookie
from tests.factories import GroupFactory, UserFactory, make_member
from tests.servers import redis_url_or_skip

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_url():
    return redis_url_or_skip()


@pytest.fixture
def two_servers(serve_process_factory, redis_url):
    return serve_process_factory({"REDIS_URL": redis_url}), serve_process_factory({"REDIS_URL": redis_url})


@pytest.fixture
def group(town):
    return GroupFactory(name="Buurtpreventie Noordhoek")


@pytest.fixture
def alert(group):
    alice = make_member(group, UserFactory(first_name="Alice"))
    return Alert.objects.create(
        group=group,
        author=alice,
        kind=AlertKind.SUSPICIOUS,
        lon=5.005,
        lat=52.005,
        happened_at=timezone.now(),
        police_call=PoliceCall.NOT_YET,
        description="Iemand probeert deurklinken aan de Merelstraat.",
    )


def publish_from_a_process(env: dict[str, str], event, recipients) -> None:
    """Publish `event` on the bus from a separate Python process with `env` (REDIS_URL, the test database), as
    a server process or worker does after commit."""
    from buurtwacht.delivery.services import client_data

    message = {"event_id": event.pk, "kind": event.kind, "data": client_data(event)}
    message["user_ids"] = [user.pk for user in recipients]
    code = (
        "import json, sys, django; django.setup(); from buurtwacht.delivery import bus; "
        "bus.publish(**json.loads(sys.argv[1]))"
    )
    command = [sys.executable, "-c", code, json.dumps(message)]
    subprocess.run(command, env=env, check=True, timeout=60)  # noqa: S603 - our own code


def react(base_url: str, alert: Alert, user, kind: str) -> httpx.Response:
    """POST a reaction as `user`, as the page's script does (the CSRF secret in cookie and header)."""
    token = secrets.token_hex(16)  # 32 characters, the form of Django's CSRF cookie
    cookie = f"{session_cookie(user)}; csrftoken={token}"
    return httpx.post(
        base_url + reverse("alerts:react", args=[alert.group.slug, alert.pk]),
        data={"kind": kind},
        headers={"cookie": cookie, "x-csrftoken": token, "x-requested-with": "fetch"},
        timeout=30,
    )


def test_a_reaction_posted_through_one_process_reaches_a_stream_held_by_another(two_servers, alert, group):
    first, second = two_servers
    bob = make_member(group, UserFactory(first_name="Bob"))
    with EventStream(second.url, cookie=session_cookie(bob)) as stream:
        assert stream.next().retry == 3000
        answer = react(first.url, alert, alert.author, ReactionKind.SEE_TOO)
        assert answer.status_code == 200, answer.text
        message = stream.next_event()
    assert message.json["kind"] == "reaction" and message.event is None  # one type: the kind is in the data
    assert message.json["target"] == f"alert-{alert.pk}"
    assert message.json["group"] == group.pk


def test_streams_on_both_processes_get_the_event_once(two_servers, alert, group):
    first, second = two_servers
    bob = make_member(group, UserFactory(first_name="Bob"))
    cookie = session_cookie(bob)
    with EventStream(first.url, cookie=cookie) as on_first, EventStream(second.url, cookie=cookie) as on_second:
        assert on_first.next().retry == on_second.next().retry == 3000
        assert react(second.url, alert, alert.author, ReactionKind.WATCHING).status_code == 200
        assert react(first.url, alert, bob, ReactionKind.SEE_TOO).status_code == 200
        for stream in (on_first, on_second):
            watching, see_too = stream.events(2)
            assert watching.id < see_too.id  # two events, in order, neither twice


def test_a_stream_on_the_other_process_does_not_get_another_groups_event(two_servers, alert, group):
    """Charlie is a member of another group only: group 1's reaction does not reach him, his own group's does
    (and arrives first: nothing came before it)."""
    first, second = two_servers
    other = GroupFactory(name="Buurtpreventie Zuidhoek")
    charlie = make_member(other, UserFactory(first_name="Charlie"))
    others_alert = Alert.objects.create(
        group=other, author=charlie, kind=AlertKind.VANDALISM, lon=5.005, lat=52.005, happened_at=timezone.now(),
        police_call=PoliceCall.NOT_NEEDED, description="Bushokje vernield.",
    )
    with EventStream(second.url, cookie=session_cookie(charlie)) as charlies:
        assert charlies.next().retry == 3000
        assert react(first.url, alert, alert.author, ReactionKind.WATCHING).status_code == 200
        assert react(first.url, others_alert, charlie, ReactionKind.WATCHING).status_code == 200
        assert charlies.next_event().json["target"] == f"alert-{others_alert.pk}"


def test_an_event_published_by_another_kind_of_process_reaches_both_servers(two_servers, group, alert):
    """A task worker or a command publishes through Redis too; every server process hears it."""
    first, second = two_servers
    bob = make_member(group, UserFactory(first_name="Bob"))
    cookie = session_cookie(bob)
    with EventStream(first.url, cookie=cookie) as on_first, EventStream(second.url, cookie=cookie) as on_second:
        assert on_second.next().retry == on_first.next().retry == 3000
        event = make_event(group, kind="reaction")
        publish_from_a_process(first.env, event, [bob])
        for stream in (on_first, on_second):
            message = stream.next_event()
            assert (message.id, message.json["kind"]) == (event.pk, "reaction")
