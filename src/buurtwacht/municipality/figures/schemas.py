"""Shapes of the figures API: the same per-buurt figures as the pages, with the same masking ("< 5")."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from buurtwacht.municipality.figures.display import masked
from buurtwacht.municipality.figures.selectors import AreaFigures, GemeenteFigures

Count = int | str | None  # a count; "< 5" for 1 to 4; null when unknown or suppressed


class YearOut(Schema):
    year: int
    current: bool = Field(description="The running year: groups, members and alerts so far")
    active_groups: int = Field(description="Exact: every active group is public on the map")
    members: Count
    alerts: Count
    crime_all: Count = Field(description="Registered crimes (0.0.0); null when unknown or suppressed")
    crime_all_per_1000: float | None = Field(description="Null when unknown or resting on fewer than 5 crimes")
    crime_all_status: str = Field(description="final, provisional (incomplete months) or unknown")
    home_burglary: Count = Field(description="Home burglaries (1.1.1)")
    home_burglary_per_1000: float | None
    home_burglary_status: str
    whatsapp_messages: Count = Field(description="Messages in the groups' imported WhatsApp histories (source: "
                                                 "WhatsApp, not Buurtwacht); counts only")
    whatsapp_police_mentions: Count = Field(description="Of those, messages that mention 112 or the police")


class WhatsAppMonthOut(Schema):
    month: dt.date
    source: str = Field(description="Always \"whatsapp\": from the groups' imported chat exports")
    messages: Count
    police_mentions: Count
    alert_like: Count = Field(description="Messages that look like an alert (by keyword)")


class DidOut(Schema):
    start_year: int
    before_per_1000: float | None
    after_per_1000: float | None
    comparison_change: float | None
    difference: float | None = Field(description="Null when it rests on fewer than 5 crimes")
    reliable: bool


class AreaOut(Schema):
    code: str
    name: str
    inhabitants: int | None
    has_crime_figures: bool = Field(description="False when no crime figures were imported for this code")
    active_groups: int = Field(description="Exact: every active group is public on the map")
    first_group_started_on: dt.date | None
    years: list[YearOut]
    home_burglary_did: DidOut | None = None
    crime_all_did: DidOut | None = None


class FiguresOut(Schema):
    gemeente: AreaOut
    buurten: list[AreaOut]
    sources: list[str]
    fictional: bool = Field(description="True when the crime figures are invented (the demo)")
    latest_month: dt.date | None = Field(description="The latest month of police figures, still incomplete")
    caveat: str
    whatsapp_months: list[WhatsAppMonthOut] = Field(
        description="The last 12 months of the groups' imported WhatsApp histories, beside Buurtwacht's alerts"
    )


def _did(result, code: str) -> dict | None:
    row = next((r for r in result.rows if r.code == code), None)
    if row is None:
        return None
    shown = (lambda value: round(value, 1)) if row.reliable else (lambda value: None)
    return {
        "start_year": row.start_year,
        "before_per_1000": shown(row.before),
        "after_per_1000": shown(row.after),
        "comparison_change": shown(row.comparison_change),
        "difference": shown(row.difference),
        "reliable": row.reliable,
    }


def area_out(area: AreaFigures, figures: GemeenteFigures) -> dict:
    current = area.years[-1] if area.years else None
    return {
        "code": area.code,
        "name": area.name,
        "inhabitants": area.inhabitants,
        "has_crime_figures": area.has_crime,
        "active_groups": current.active_groups if current else len(area.groups),
        "first_group_started_on": area.first_start,
        "years": [
            {
                "year": row.year,
                "current": row.current,
                "active_groups": row.active_groups,
                "members": masked(row.members),
                "alerts": masked(row.alerts),
                "crime_all": masked(row.crime_all.count),
                "crime_all_per_1000": row.rate_all.shown,
                "crime_all_status": row.crime_all.status,
                "home_burglary": masked(row.burglary.count),
                "home_burglary_per_1000": row.rate_burglary.shown,
                "home_burglary_status": row.burglary.status,
                "whatsapp_messages": masked(row.whatsapp_messages),
                "whatsapp_police_mentions": masked(row.whatsapp_police),
            }
            for row in area.years
        ],
        "home_burglary_did": _did(figures.did["1.1.1"], area.code),
        "crime_all_did": _did(figures.did["0.0.0"], area.code),
    }


def whatsapp_months_out(figures: GemeenteFigures) -> list[dict]:
    return [
        {
            "month": m.month,
            "source": "whatsapp",
            "messages": masked(m.messages),
            "police_mentions": masked(m.police_mentions),
            "alert_like": masked(m.alert_like),
        }
        for m in figures.whatsapp_months
    ]
