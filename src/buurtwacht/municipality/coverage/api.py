"""GET /api/v1/gemeenten/{code}/coverage: the stored coverage per buurt and per wijk, the same numbers as the page
/gemeente/<code>/dekking/. Signed in (session cookie) with the second factor; municipal staff and police of that
gemeente; everyone else gets 403."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_see_admins_of, require
from buurtwacht.geo.api_params import GemeenteCode, gemeente_or_404
from buurtwacht.kit.api_errors import errors
from buurtwacht.municipality.coverage.schemas import CoverageOut, coverage_out
from buurtwacht.municipality.coverage.selectors import gemeente_coverage

router = Router(auth=django_auth, tags=["gemeenten"])


@router.get(
    "/{code}/coverage",
    response={200: CoverageOut, **errors(401, 403, 404)},
    url_name="coverage",
    summary="Coverage per buurt and per wijk: addresses inside an active group's area, households, members "
    "per 100 households (staff and police of the gemeente)",
)
def coverage_get(request: HttpRequest, code: GemeenteCode):
    gemeente = gemeente_or_404(code)
    require(can_see_admins_of(request.user, gemeente))
    return coverage_out(gemeente_coverage(gemeente))
