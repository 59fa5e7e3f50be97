"""The figures' part of the municipal dashboard (/gemeente/<code>/): the headline figures and a link."""

from __future__ import annotations

from buurtwacht.accounts.permissions import can_see_admins_of
from buurtwacht.municipality.figures.selectors import gemeente_figures


def section_context(gemeente, user) -> dict | None:
    if not can_see_admins_of(user, gemeente):
        return None
    figures = gemeente_figures(gemeente)
    did = figures.did.get("1.1.1")
    return {
        "figures": figures,
        "latest": figures.total.latest_final,
        "current": figures.total.years[-1] if figures.total.years else None,
        "alerts_12_months": sum(month.total for month in figures.alert_months),
        "burglary_difference": did.mean_difference if did else None,
        "burglary_buurten": len(did.reliable_rows) if did else 0,
    }
