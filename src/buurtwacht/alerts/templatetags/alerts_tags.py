"""Template filters for alert cards: times, the police call line, the signalement rows."""

from django import template

from buurtwacht.alerts import events
from buurtwacht.alerts.signalement import describe_person, describe_vehicle

register = template.Library()


@register.filter
def clock(moment) -> str:
    return events.clock(moment) if moment else ""


@register.filter
def police_line(alert) -> str:
    return events.police_line(alert)


@register.filter
def where(alert) -> str:
    return events.where_line(alert)


@register.filter
def person_rows(alert) -> list:
    return describe_person(alert.person)


@register.filter
def vehicle_rows(alert) -> list:
    return describe_vehicle(alert.vehicle)


@register.filter
def first_name(user) -> str:
    """Members see each other's first names only; a deleted or anonymised author shows as "a member"."""
    from django.utils.translation import gettext

    return user.first_name if user else gettext("een deelnemer")
