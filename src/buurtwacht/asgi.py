"""The ASGI application that `buurtwacht serve` runs under uvicorn: Django, with two lean routes in front of it
(the lookup, GET /api/v1/lookup, and the live stream, GET /live/) and the start-up and shut-down they need."""

import logging
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwacht.settings")
django_application = get_asgi_application()

from buurtwacht import fastpath  # noqa: E402 - needs Django set up first
from buurtwacht.delivery import live  # noqa: E402

log = logging.getLogger(__name__)


class Lifespan:
    """ASGI middleware that answers the lifespan protocol (Django speaks none).

    Start-up: the lookup's spatial indexes are built, the live hub takes this event loop for the bus's messages
    and, with REDIS_URL, subscribes. Shut-down: the live hub ends its streams and unsubscribes.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await fastpath.start()
                    await live.hub.start()
                except Exception as exc:
                    log.exception("start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await live.hub.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


application = Lifespan(live.LiveStream(fastpath.LookupFastPath(django_application)))
