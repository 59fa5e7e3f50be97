"""Rate limits, counted in the shared cache (Redis when REDIS_URL is set), per client (IP address) or per any
other key (an account, the address typed into a sign-in form).

    @rate_limit("login", also=[("login_account", typed_email)])
                                  # on a view: only POSTs count, once against each limit; over any of them the
                                  # view answers 429 with how long to wait
    limited(request, "join")      # in code: counts one attempt, True when over the limit
    wait_seconds(request, "join") # the same, but how many seconds until the limit frees up (0: not over it)

Rates are in settings.RATE_LIMITS. Behind a reverse proxy, set the proxy to pass the client's address as
REMOTE_ADDR (uvicorn --proxy-headers); otherwise every client shares the proxy's address.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

# A key: "ip", "user", or a function of the request that returns what to count by ("" counts nothing).
Key = str | Callable[[HttpRequest], str]


def wait_seconds(request, name: str, *, key: Key = "ip") -> int:
    """Count one attempt of `name` for this key; the seconds until its window ends once over the limit, else 0."""
    if callable(key):
        value = key(request)
        if not value:
            return 0
        ratelimit_key = lambda group, request: value  # noqa: E731
    else:
        ratelimit_key = key
    usage = get_usage(
        request, group=f"buurtwacht.{name}", key=ratelimit_key, rate=settings.RATE_LIMITS[name], increment=True
    )
    if usage is None or not usage["should_limit"]:
        return 0
    # django-ratelimit counts in fixed windows: the count starts again when this one ends. When the cache failed
    # (time_left -1), a minute is an honest guess.
    return usage["time_left"] if usage["time_left"] > 0 else 60


def limited(request, name: str, *, key: Key = "ip") -> bool:
    """Count one attempt of `name` for this client; True once the client is over the limit."""
    return wait_seconds(request, name, key=key) > 0


def wait_message(seconds: int) -> str:
    """ "U heeft dit te vaak geprobeerd. Probeer het over ongeveer 12 minuten opnieuw." (hours from two on)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 120:
        later = ngettext(
            "Probeer het over ongeveer %(count)d minuut opnieuw.",
            "Probeer het over ongeveer %(count)d minuten opnieuw.",
            minutes,
        ) % {"count": minutes}
    else:
        hours = math.ceil(minutes / 60)
        later = _("Probeer het over ongeveer %(count)d uur opnieuw.") % {"count": hours}
    return _("U heeft dit te vaak geprobeerd.") + " " + later


def rate_limited_response(request, seconds: int = 60, status: int = 429):
    response = render(request, "429.html", {"message": wait_message(seconds)}, status=status)
    response["Retry-After"] = str(max(1, seconds))
    return response


def over_limits(request, limits: Iterable[tuple[str, Key]]) -> int:
    """Count one attempt against every limit; the longest wait among those that are exceeded (0: none)."""
    return max((wait_seconds(request, name, key=key) for name, key in limits), default=0)


def rate_limit(name: str, *, key: Key = "ip", also: Iterable[tuple[str, Key]] = ()):
    """Limit the POSTs of a view; GETs (showing the form) are free. `also`: more (limit name, key) pairs, each
    counted too (a sign-in counts against the client and against the account it names)."""
    limits = [(name, key), *also]

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                seconds = over_limits(request, limits)
                if seconds:
                    return rate_limited_response(request, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
