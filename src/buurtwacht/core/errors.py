"""Answers and log lines for what goes wrong outside a view's own handling.

- A database that cannot be reached (down, locked too long, a file that cannot be opened) is answered with 503
  and logged as one clear error line, not as a traceback that starts with the session failing to load.
- Under /api/ every error is JSON with a Dutch `detail`, also where Django rather than the API answers: a body
  too large (413), an unknown address (404), a failure in a middleware (500), the database (503).
- A refused permission (403) is logged as one line: it is an answer, not a fault, and needs no traceback.

`DatabaseOutageMiddleware` catches the outage in views; the handlers in urls.py (`handler400` ...) the rest.
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger("buurtwacht.database")

# The failures that mean "the database is not there" rather than a fault in a query.
OUTAGE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def database_unavailable(request, exc: BaseException) -> HttpResponse:
    """503, logged once: which request, and what the database said."""
    log.error(
        "Database unavailable: %s %s answered 503 (%s: %s)", request.method, request.path, type(exc).__name__, exc
    )
    if is_api(request):
        response = json_error(
            _("De database is even niet bereikbaar. Probeer het over een minuut opnieuw."), status=503
        )
    else:
        # The standalone page: rendering the site's layout would ask the database for the signed-in person.
        response = HttpResponse(loader.get_template("500.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # Django would log it a second time, as "Service Unavailable"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE):
            return database_unavailable(request, exception)
        return None


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        if is_api(request):
            return json_error(_("Het verzoek is te groot. Stuur minder gegevens tegelijk."), status=413)
    elif is_api(request):
        return json_error(_("Ongeldig verzoek. Zie /api/v1/docs voor de juiste vorm."), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return json_error(_("U heeft geen toegang tot deze gegevens."), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return json_error(_("Dit adres bestaat niet in de API. Zie /api/v1/docs voor wat er is."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    exc = sys.exc_info()[1]  # Django calls this handler while it handles the exception
    if isinstance(exc, OUTAGE):
        return database_unavailable(request, exc)
    if is_api(request):
        return json_error(_("Er ging iets mis aan onze kant. Probeer het over enkele minuten opnieuw."), status=500)
    return defaults.server_error(request)


class OneLineForbidden(logging.Filter):
    """On django.request: a 403 keeps its line ("Forbidden (Permission denied): /path") and loses the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
