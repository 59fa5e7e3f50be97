"""The JSON API (version 1), with its OpenAPI document at /api/v1/openapi.json and docs at /api/v1/docs."""

from django.core.exceptions import ValidationError
from ninja import NinjaAPI

from buurtwacht.geo.api import router as geo_router
from buurtwacht.groups.api import router as groups_router

api = NinjaAPI(
    title="Buurtwacht API",
    version="1",
    description="Registry of Dutch neighbourhood-watch groups: address lookup and group areas. No personal data.",
    urls_namespace="api-v1",
)
api.add_router("", geo_router)
api.add_router("/groups", groups_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)
