"""GET /api/v1/gemeenten/{code}/figures: the effect figures per buurt (and for the gemeente), as on the page.
Signed in (session cookie) with the second factor; municipal staff and police of that gemeente."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_see_admins_of, require
from buurtwacht.geo.api_params import GemeenteCode
from buurtwacht.geo.models import Gemeente
from buurtwacht.kit.api_errors import errors
from buurtwacht.municipality.figures.schemas import FiguresOut, area_out, whatsapp_months_out
from buurtwacht.municipality.figures.selectors import gemeente_figures

router = Router(auth=django_auth, tags=["gemeenten"])

CAVEAT = gettext_noop(
    "Samenhang, geen bewijs: een verschil tussen buurten met en zonder groep zegt niet dat de groep het "
    "veroorzaakte. Kleine aantallen schommelen sterk; aantallen van 1 tot 4 staan als \"< 5\"."
)


@router.get("/{code}/figures", response={200: FiguresOut, **errors(401, 403, 404)}, url_name="figures_gemeente",
            summary="Effect figures per buurt: groups, members, alerts, registered crime per 1,000 (staff and police)")
def figures_get(request: HttpRequest, code: GemeenteCode):
    gemeente = Gemeente.objects.filter(code=code.upper()).first()
    if gemeente is None:
        raise HttpError(404, _("Er is geen gemeente met deze code."))
    require(can_see_admins_of(request.user, gemeente))
    figures = gemeente_figures(gemeente)
    return {
        "gemeente": area_out(figures.total, figures),
        "buurten": [area_out(area, figures) for area in figures.buurten],
        "sources": figures.sources,
        "fictional": figures.fictional,
        "latest_month": figures.crime.latest_month,
        "caveat": _(CAVEAT),
        "whatsapp_months": whatsapp_months_out(figures),
    }
