"""The JSON API (version 1), with its OpenAPI document at /api/v1/openapi.json and docs at /api/v1/docs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError

from buurtwacht.accounts.api import router as accounts_router
from buurtwacht.alerts.api import router as alerts_router
from buurtwacht.delivery.api import router as push_router
from buurtwacht.geo.api import router as geo_router
from buurtwacht.groups.api import router as groups_router
from buurtwacht.groups.api_membership import router as membership_router
from buurtwacht.municipality.api import router as municipality_router

api = NinjaAPI(
    title="Buurtwacht API",
    version="1",
    description="Registry of Dutch neighbourhood-watch groups: address lookup and group areas. No personal data.",
    urls_namespace="api-v1",
)
api.add_router("", geo_router)
api.add_router("/groups", groups_router)
api.add_router("/account", accounts_router)
api.add_router("", membership_router)
api.add_router("/gemeenten", municipality_router)
api.add_router("/push", push_router)
api.add_router("", alerts_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(SchemaError)
def schema_error(request, exc: SchemaError):
    """Parameters of the wrong type (lat=noord): name them, in Dutch, rather than pydantic's English list."""
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    detail = _("Ongeldige waarde voor: %(names)s. Zie /api/v1/docs voor de juiste vorm.") % {"names": ", ".join(names)}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": _("U heeft geen toegang tot deze gegevens.")}, status=403)
