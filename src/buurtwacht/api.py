"""The JSON API (version 1), with its OpenAPI document at /api/v1/openapi.json and docs at /api/v1/docs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from buurtwacht.accounts.api import router as accounts_router
from buurtwacht.alerts.api import router as alerts_router
from buurtwacht.delivery.api import router as push_router
from buurtwacht.groups.api import router as groups_router
from buurtwacht.groups.api_lookup import router as lookup_router
from buurtwacht.groups.api_whatsapp import router as whatsapp_router
from buurtwacht.groups.membership.api import router as membership_router
from buurtwacht.municipality.api import router as municipality_router
from buurtwacht.municipality.chathistory.api import router as chathistory_router
from buurtwacht.municipality.coverage.api import router as coverage_router
from buurtwacht.municipality.coverage.open_data import router as open_data_router
from buurtwacht.municipality.figures.api import router as figures_router
from buurtwacht.municipality.signs.api import public as signs_public_router
from buurtwacht.municipality.signs.api import router as signs_router
from buurtwacht.municipality.stickers.api import router as stickers_router
from buurtwacht.networks.api import router as networks_router
from buurtwacht.police.api import router as police_router

api = NinjaAPI(
    title="Buurtwacht API",
    version="1",
    description="Registry of Dutch neighbourhood-watch groups: address lookup and group areas. No personal data.",
    urls_namespace="api-v1",
)
api.add_router("", lookup_router)
api.add_router("/groups", groups_router)
api.add_router("/account", accounts_router)
api.add_router("", membership_router)
api.add_router("", whatsapp_router)
api.add_router("/gemeenten", municipality_router)
api.add_router("/gemeenten", figures_router)
api.add_router("", stickers_router)
api.add_router("/gemeenten", coverage_router)
api.add_router("/open-data", open_data_router)
api.add_router("/push", push_router)
api.add_router("", alerts_router)
api.add_router("/police", police_router)
api.add_router("", networks_router)
api.add_router("", signs_router)
api.add_router("", chathistory_router)
api.add_router("", signs_public_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(SchemaError)
def schema_error(request, exc: SchemaError):
    """Values the schema refuses (lat=noord, an unknown kind, a text too long): name each field and say what it
    takes, in Dutch, rather than pydantic's English list."""
    reasons: dict[str, str] = {}
    for error in exc.errors:
        if error.get("loc"):
            reasons.setdefault(str(error["loc"][-1]), schema_reason(error))
    named = "; ".join(f"{name} ({reason})" for name, reason in sorted(reasons.items()))
    detail = _("Ongeldige waarde voor: %(names)s. Zie /api/v1/docs voor de juiste vorm.") % {"names": named}
    return api.create_response(request, {"detail": detail}, status=400)


def schema_reason(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("ontbreekt")
    if kind == "string_too_long":
        return _("hoogstens %(count)s tekens") % {"count": ctx.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("minstens %(bound)s") % {"bound": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("hoogstens %(bound)s") % {"bound": ctx.get("le", ctx.get("lt"))}
    if kind == "literal_error":
        word = _("of")  # pydantic writes 'a' or 'b'
        choices = str(ctx.get("expected", "")).replace(" or ", f" {word} ")
        return _("kies uit %(choices)s") % {"choices": choices}
    if kind == "string_pattern_mismatch":
        return _("niet de juiste vorm")
    return _("verkeerd soort waarde")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": _("U heeft geen toegang tot deze gegevens.")}, status=403)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc: AuthenticationError):
    detail = _("Log eerst in op de site: de API gebruikt uw sessie (cookie) van Buurtwacht.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    detail = _("Niet gevonden: dit bestaat niet (meer), of u mag het niet zien. Controleer het nummer.")
    return api.create_response(request, {"detail": detail}, status=404)
