"""The municipality's view of police messages: counts per month, for municipal staff and police of the gemeente.
No content, no places, no people."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from buurtwacht.accounts.permissions import can_see_admins_of, require, second_factor_required
from buurtwacht.geo.models import Gemeente
from buurtwacht.police.statistics import months_of


@never_cache
@second_factor_required
def per_month(request, code: str):
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_see_admins_of(request.user, gemeente))
    return render(request, "police/statistics.html", {"gemeente": gemeente, "months": months_of(gemeente)})
