"""The figures' part of the municipal dashboard (/gemeente/<code>/): the headline figures and a link.

The headline is kept in the cache for CACHE_SECONDS: working out a large gemeente's figures takes a few tenths of a
second, which the dashboard should not pay on every view. It holds counts only (the same for staff and police);
the figures page itself is always worked out afresh.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from buurtwacht.accounts.permissions import can_see_admins_of
from buurtwacht.municipality.figures.display import rate_text
from buurtwacht.municipality.figures.models import CrimeKind
from buurtwacht.municipality.figures.selectors import gemeente_figures

CACHE_SECONDS = 300


def headline(gemeente) -> dict:
    figures = gemeente_figures(gemeente)
    did = figures.did[CrimeKind.HOME_BURGLARY]
    return {
        "fictional": figures.fictional,
        "latest": figures.total.latest_final,
        "current": figures.total.years[-1],
        "alerts_12_months": sum(month.total for month in figures.alert_months),
        "burglary_difference": did.mean_difference,
        "burglary_buurten": len(did.reliable_rows),
    }


def section_context(gemeente, user) -> dict | None:
    if not can_see_admins_of(user, gemeente):
        return None
    figures = cache.get_or_set(f"figures:headline:{gemeente.pk}", lambda: headline(gemeente), CACHE_SECONDS)
    return {"title": _("Cijfers"), "summary": summary(figures), **figures}


def summary(figures: dict) -> str:
    """One line for the top of the dashboard: the latest crime rate, and whether the figures are fictional."""
    latest = figures["latest"]
    if latest is None or latest.rate_all.value is None:
        line = _("nog geen misdrijfcijfers")
    else:
        line = _("%(rate)s misdrijven per 1.000 inwoners in %(year)s") % {
            "rate": rate_text(latest.rate_all),
            "year": latest.year,
        }
    return _("fictieve cijfers: %(line)s") % {"line": line} if figures["fictional"] else line
