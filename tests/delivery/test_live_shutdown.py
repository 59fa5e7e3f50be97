"""A `buurtwacht serve` process that is told to stop ends its live streams and exits: uvicorn waits for open
responses before it shuts down, and a live stream never ends by itself."""

from __future__ import annotations

import signal

import pytest

from tests.delivery.live_support import EventStream, session_cookie
from tests.factories import GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_server_told_to_stop_ends_its_streams_and_exits(serve_process_factory, town):
    server = serve_process_factory()
    bob = make_member(GroupFactory(), UserFactory(first_name="Bob"))
    with EventStream(server.url, cookie=session_cookie(bob)) as stream:
        assert stream.next().retry == 3000
        server.process.terminate()
        with pytest.raises(EOFError):  # the response ended properly, not a broken connection
            stream.next()
    # uvicorn re-raises the signal it handled once it has shut down: the exit status says SIGTERM, not SIGKILL.
    assert server.process.wait(timeout=20) == -signal.SIGTERM
    assert "Application shutdown complete" in server.output()
