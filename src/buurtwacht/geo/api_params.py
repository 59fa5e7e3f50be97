"""What the JSON API's routers share about places: a gemeente's CBS code as a path parameter, and its lookup."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Path
from ninja.errors import HttpError

from buurtwacht.geo.models import Gemeente

# The gemeente's CBS code, as "GM0599" (upper or lower case).
GemeenteCode = Annotated[str, Path(pattern="^[Gg][Mm][0-9]{4}$", description="CBS code, e.g. GM0599")]


def gemeente_or_404(code: str) -> Gemeente:
    """The gemeente with this code, or a JSON 404 with the reason in Dutch."""
    gemeente = Gemeente.objects.filter(code=code.upper()).first()
    if gemeente is None:
        raise HttpError(404, _("Er is geen gemeente met deze code."))
    return gemeente
