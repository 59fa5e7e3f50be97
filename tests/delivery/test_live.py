"""The live stream, GET /live/, against the real ASGI application under uvicorn (tests.servers.asgi_server).

Events are made as rows and published on the bus, as delivery.services does after commit. "Did not arrive" is
shown without waiting: an event for a member only is followed by one for everyone, and the outsider's stream
gets the second one first (one hub writes them in order).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from buurtwacht.accounts.models import RoleKind
from buurtwacht.delivery.live import sse_frame
from buurtwacht.delivery.models import Event
from buurtwacht.groups.models import Membership
from tests.delivery.live_support import EventStream, make_event, publish, record, session_cookie
from tests.factories import GroupFactory, UserFactory, group_event, make_member, make_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def group(town):
    return GroupFactory(name="Buurtpreventie Noordhoek")


@pytest.fixture
def alice(group):
    """A member of the group."""
    return make_member(group, UserFactory(first_name="Alice"))


@pytest.fixture
def bob(group):
    """Another member of the group."""
    return make_member(group, UserFactory(first_name="Bob"))


@pytest.fixture
def charlie(town):
    """An outsider: signed up, in no group."""
    return UserFactory(first_name="Charlie")


# --- who may listen ---------------------------------------------------------------------------------------------


def test_it_refuses_an_anonymous_client_in_dutch(asgi_server):
    with EventStream(asgi_server) as stream:
        assert stream.status_code == 401
        assert stream.body() == {"detail": "Log in om live meldingen te ontvangen."}


def test_it_refuses_a_session_cookie_that_names_no_session(asgi_server):
    with EventStream(asgi_server, cookie="sessionid=verzonnen") as stream:
        assert stream.status_code == 401


def test_it_refuses_staff_whose_second_factor_is_pending(asgi_server, group):
    dirk = make_member(group, UserFactory(first_name="Dirk", is_staff=True))
    with EventStream(asgi_server, cookie=session_cookie(dirk)) as stream:
        assert stream.status_code == 403
        assert stream.body() == {"detail": "Log eerst in met uw tweede stap (de code uit uw authenticator-app)."}


def test_it_admits_staff_after_their_second_factor(asgi_server, group):
    dirk = make_member(group, UserFactory(first_name="Dirk", is_staff=True))
    with EventStream(asgi_server, cookie=session_cookie(dirk, second_factor=True)) as stream:
        assert stream.status_code == 200


def test_it_refuses_a_deactivated_account(asgi_server, alice):
    cookie = session_cookie(alice)
    alice.is_active = False
    alice.save()
    with EventStream(asgi_server, cookie=cookie) as stream:
        assert stream.status_code == 401


def test_a_password_change_ends_the_session_for_the_stream_too(asgi_server, alice):
    cookie = session_cookie(alice)
    alice.set_password("een-heel-ander-wachtwoord")
    alice.save()
    with EventStream(asgi_server, cookie=cookie) as stream:
        assert stream.status_code == 401


@pytest.mark.parametrize("change", ["password", "deactivated", "signed_out"])
def test_an_open_stream_ends_when_its_sign_in_does(asgi_server, group, alice, bob, change):
    from django.contrib.auth.signals import user_logged_out

    with EventStream(asgi_server, cookie=session_cookie(alice)) as stream:
        assert stream.next().retry == 3000
        if change == "password":
            alice.set_password("een-heel-ander-wachtwoord")
            alice.save()
        elif change == "deactivated":
            alice.is_active = False
            alice.save(update_fields=["is_active"])
        else:
            user_logged_out.send(sender=type(alice), request=None, user=alice)
        with pytest.raises(EOFError):
            stream.next_event()
    # Someone else's streams go on.
    with EventStream(asgi_server, cookie=session_cookie(bob)) as bobs:
        bob.first_name = "Bobby"
        bob.save()
        record(group, [bob])
        assert bobs.next_event().json["kind"] == "alert"


def test_it_refuses_a_host_that_is_not_allowed(asgi_server, alice):
    with EventStream(asgi_server, cookie=session_cookie(alice), headers={"host": "evil.example"}) as stream:
        assert stream.status_code == 400


def test_a_last_event_id_beyond_any_database_id_is_refused_not_a_crash(asgi_server, alice):
    with EventStream(asgi_server, cookie=session_cookie(alice), last_event_id=2**64) as stream:
        assert stream.status_code == 400
        assert "geheel getal" in stream.body()["detail"]


def test_it_explains_a_since_that_is_not_a_number(asgi_server, alice):
    with EventStream(asgi_server, cookie=session_cookie(alice), since="gisteren") as stream:
        assert stream.status_code == 400
        assert "geheel getal" in stream.body()["detail"]


# --- the stream -------------------------------------------------------------------------------------------------


def test_the_stream_starts_with_a_retry_interval_and_is_not_buffered(asgi_server, alice):
    with EventStream(asgi_server, cookie=session_cookie(alice)) as stream:
        assert stream.status_code == 200
        assert stream.response.headers["content-type"].startswith("text/event-stream")
        assert stream.response.headers["cache-control"] == "no-cache"
        assert stream.response.headers["x-accel-buffering"] == "no"
        assert stream.next().retry == 3000


def test_a_live_event_reaches_the_members_streams(asgi_server, group, alice, bob):
    with (
        EventStream(asgi_server, cookie=session_cookie(alice)) as alices,
        EventStream(asgi_server, cookie=session_cookie(bob)) as bobs,
    ):
        event = record(group, [alice, bob])
        for stream in (alices, bobs):
            message = stream.next_event()
            assert (message.id, message.event) == (event.pk, None)  # the default type: the kind is in the data
            assert message.json == {
                "id": event.pk,
                "kind": "alert",
                "group": group.pk,
                "target": event.payload["target"],
                "list": "alerts",
                "url": event.payload["url"],
                "html": event.payload["html"],
            }


def test_a_live_event_does_not_reach_someone_outside_its_recipients(asgi_server, group, alice, charlie):
    with (
        EventStream(asgi_server, cookie=session_cookie(alice)) as alices,
        EventStream(asgi_server, cookie=session_cookie(charlie)) as charlies,
    ):
        for_alice = record(group, [alice])
        for_both = record(group, [alice, charlie])
        assert charlies.next_event().id == for_both.pk
        assert [message.id for message in alices.events(2)] == [for_alice.pk, for_both.pk]


def test_every_open_stream_of_a_user_gets_the_event(asgi_server, group, alice):
    cookie = session_cookie(alice)
    with EventStream(asgi_server, cookie=cookie) as phone, EventStream(asgi_server, cookie=cookie) as laptop:
        event = record(group, [alice])
        assert phone.next_event().id == laptop.next_event().id == event.pk


def test_text_with_line_breaks_and_script_tags_keeps_the_framing(asgi_server, group, alice):
    html = '<article id=alert-9>Hij riep "weg!"\n\r\n</script><script>alert(1)</script>\n\ndata: nep</article>'
    with EventStream(asgi_server, cookie=session_cookie(alice)) as stream:
        event = record(group, [alice], html=html)
        message = stream.next_event()
        assert message.id == event.pk
        assert "\n" not in message.data  # one data line
        assert message.json["html"]["nl"] == html
        follow_up = record(group, [alice])
        assert stream.next_event().id == follow_up.pk  # nothing leaked into a block of its own


def test_a_frame_stays_whole_even_for_data_with_line_breaks():
    frame = sse_frame(7, "a\nb\r\nc\rd")
    assert frame == b"id: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n"


def test_every_stream_gets_a_heartbeat(asgi_server, alice, bob, settings):
    """The ticker beats a share of the users each second; within the interval every stream has had one."""
    settings.LIVE_HEARTBEAT_SECONDS = 2
    with (
        EventStream(asgi_server, cookie=session_cookie(alice)) as alices,
        EventStream(asgi_server, cookie=session_cookie(bob)) as bobs,
    ):
        for stream in (alices, bobs):
            assert stream.next().retry == 3000
            assert stream.next().comment == "ping"


def test_a_client_that_goes_away_is_removed(asgi_server, group, alice, bob):
    from buurtwacht.delivery.live import hub

    stream = EventStream(asgi_server, cookie=session_cookie(alice)).__enter__()
    assert stream.next().retry == 3000
    assert alice.pk in hub.streams
    stream.close()
    # The server learns of the disconnect on its own loop; an event for bob marks when it has had its turn.
    with EventStream(asgi_server, cookie=session_cookie(bob)) as bobs:
        wait_until(lambda: alice.pk not in hub.streams)
        record(group, [alice, bob])
        assert bobs.next_event().json["kind"] == "alert"
    assert alice.pk not in hub.streams


def wait_until(condition, seconds: float = 10) -> None:
    """Poll for a state the server reaches by itself (not a timing assertion: the limit only stops a hang)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the server did not get there")
        time.sleep(0.02)


# --- replay -----------------------------------------------------------------------------------------------------


def test_a_reconnect_with_last_event_id_gets_exactly_what_it_missed(asgi_server, group, alice):
    cookie = session_cookie(alice)
    with EventStream(asgi_server, cookie=cookie) as stream:
        seen = record(group, [alice])
        assert stream.next_event().id == seen.pk
    missed = [record(group, [alice]) for _ in range(3)]  # published while nobody listens
    with EventStream(asgi_server, cookie=cookie, last_event_id=seen.pk) as stream:
        replayed = stream.events(3)
        live = record(group, [alice])
        assert [m.id for m in replayed] + [stream.next_event().id] == [e.pk for e in [*missed, live]]
        assert replayed[0].json["html"] == missed[0].payload["html"]


def test_since_replays_on_the_first_connect(asgi_server, group, alice):
    first, second = make_event(group), make_event(group)
    with EventStream(asgi_server, cookie=session_cookie(alice), since=first.pk) as stream:
        assert stream.next_event().id == second.pk
        live = record(group, [alice])
        assert stream.next_event().id == live.pk


def test_last_event_id_wins_over_since(asgi_server, group, alice):
    first, second, third = make_event(group), make_event(group), make_event(group)
    with EventStream(asgi_server, cookie=session_cookie(alice), since=first.pk, last_event_id=second.pk) as stream:
        assert stream.next_event().id == third.pk


def test_no_event_is_lost_or_doubled_while_a_replay_runs(asgi_server, group, alice):
    """Events keep coming while the stream connects and replays: every one arrives exactly once, in order."""
    import threading

    cookie = session_cookie(alice)
    start = make_event(group)
    published: list[int] = []
    connected = threading.Event()

    def keep_posting():
        from django.db import connection

        try:
            while len(published) < 40 or (not connected.is_set() and len(published) < 2000):
                published.append(record(group, [alice]).pk)
            for _ in range(40):
                published.append(record(group, [alice]).pk)
        finally:
            connection.close()

    poster = threading.Thread(target=keep_posting)
    poster.start()
    try:
        with EventStream(asgi_server, cookie=cookie, since=start.pk) as stream:
            connected.set()
            poster.join()
            received = []
            while not received or received[-1] != published[-1]:
                received.append(stream.next_event().id)
    finally:
        connected.set()
        poster.join()
    assert received == published


def test_a_live_message_that_comes_after_the_replay_of_its_event_is_not_sent_again(asgi_server, group, alice):
    """An event is committed a moment before it is published: a replay in between sends it first."""
    start, committed = make_event(group), make_event(group)
    with EventStream(asgi_server, cookie=session_cookie(alice), since=start.pk) as stream:
        assert stream.next_event().id == committed.pk  # replayed
        publish(committed, [alice])  # its live message, late
        later = record(group, [alice])
        assert stream.next_event().id == later.pk


def test_events_of_a_group_the_member_left_are_not_replayed(asgi_server, group, alice):
    other = GroupFactory(name="Buurtpreventie Zuidhoek")
    make_member(other, alice)
    start = make_event(group)
    old_group_event = make_event(group)
    other_group_event = make_event(other)
    Membership.objects.filter(group=group, user=alice).delete()
    with EventStream(asgi_server, cookie=session_cookie(alice), since=start.pk) as stream:
        assert stream.next_event().id == other_group_event.pk
        live = record(other, [alice])
        assert stream.next_event().id == live.pk
    assert old_group_event.pk < other_group_event.pk


def test_a_police_officer_gets_no_replay(asgi_server, group, town):
    """Police are never members; a membership row left from before the role counts for nothing."""
    piet = make_member(group, UserFactory(first_name="Piet"))
    make_role(piet, RoleKind.WIJKAGENT, town.gemeente)
    start, _missed = make_event(group), make_event(group)
    with EventStream(asgi_server, cookie=session_cookie(piet, second_factor=True), since=start.pk) as stream:
        assert stream.status_code == 200
        live = record(group, [piet])  # a publisher that wrongly named them would still reach them: not replay's job
        assert stream.next_event().id == live.pk


def test_events_older_than_the_event_log_are_not_replayed(asgi_server, group, alice, settings):
    start, old, recent = make_event(group), make_event(group), make_event(group)
    Event.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=settings.EVENT_LOG_DAYS + 1))
    with EventStream(asgi_server, cookie=session_cookie(alice), since=start.pk) as stream:
        assert stream.next_event().id == recent.pk


def test_a_long_absence_replays_the_newest_500_events(asgi_server, group, alice):
    start = make_event(group)
    for n in range(510):
        group_event(group, kind="reaction", payload={"target": f"alert-{n}", "html": {}})
    newest = list(Event.objects.order_by("-id").values_list("id", flat=True)[:500])[::-1]
    with EventStream(asgi_server, cookie=session_cookie(alice), since=start.pk) as stream:
        assert [message.id for message in stream.events(500)] == newest
        live = record(group, [alice])
        assert stream.next_event().id == live.pk


def test_a_client_that_stops_reading_is_closed(asgi_server, group, alice, bob):
    """A stream whose socket is full is dropped (its browser reconnects and replays), and holds up no one."""
    import socket

    from buurtwacht.delivery.live import hub

    host, port = asgi_server.removeprefix("http://").split(":")
    sleeper = socket.socket()
    sleeper.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sleeper.connect((host, int(port)))
    sleeper.sendall(f"GET /live/ HTTP/1.1\r\nHost: {host}\r\nCookie: {session_cookie(alice)}\r\n\r\n".encode())
    wait_until(lambda: alice.pk in hub.streams and hub.streams[alice.pk][0].buffer is None)
    big = "x" * 200_000
    with EventStream(asgi_server, cookie=session_cookie(bob)) as bobs:
        for _ in range(200):
            if alice.pk not in hub.streams:
                break
            event = record(group, [alice, bob], html=big)
            assert bobs.next_event().id == event.pk
        assert alice.pk not in hub.streams
    sleeper.close()


def test_a_replayed_event_is_the_client_data_of_its_row(asgi_server, group, alice):
    start = make_event(group)
    event = make_event(group, html="<p>één &amp; twee</p>")
    with EventStream(asgi_server, cookie=session_cookie(alice), since=start.pk) as stream:
        message = stream.next_event()
    from buurtwacht.delivery.services import client_data

    assert message.data == client_data(Event.objects.get(pk=event.pk))
    assert json.loads(message.data)["html"]["nl"] == "<p>één &amp; twee</p>"
    publish(event, [])  # publishing to nobody is fine
