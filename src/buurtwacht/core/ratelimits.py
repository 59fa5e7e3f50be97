"""Rate limits per client (IP address), counted in the shared cache (Redis when REDIS_URL is set).

    @rate_limit("login")          # on a view: only POSTs count; over the limit the view answers 429
    limited(request, "join")      # in code: counts one attempt, True when over the limit

Rates are in settings.RATE_LIMITS. Behind a reverse proxy, set the proxy to pass the client's address as
REMOTE_ADDR (uvicorn --proxy-headers); otherwise every client shares the proxy's address.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def limited(request, name: str, *, key: str = "ip") -> bool:
    """Count one attempt of `name` for this client; True once the client is over the limit."""
    return is_ratelimited(request, group=f"buurtwacht.{name}", key=key, rate=settings.RATE_LIMITS[name], increment=True)


def rate_limited_response(request, status: int = 429):
    response = render(
        request,
        "429.html",
        {"message": _("U heeft dit te vaak geprobeerd. Wacht even en probeer het later opnieuw.")},
        status=status,
    )
    response["Retry-After"] = "60"
    return response


def rate_limit(name: str, *, key: str = "ip"):
    """Limit the POSTs of a view; GETs (showing the form) are free."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and limited(request, name, key=key):
                return rate_limited_response(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
