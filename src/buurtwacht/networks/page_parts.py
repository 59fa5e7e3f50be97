"""What the network adds to pages of the layers below it (registered in NetworksConfig.ready):

- alerts.hooks.feed_items: alerts passed on to a group, among its alerts, for that group's admins only (the
  group's page and /meldingen/); new ones arrive live in the same list (networks.events, list "alerts");
- alerts.hooks.alert_parts: on an alert's page, for its group's admins, "doorgeven aan buurgroepen";
- groups.hooks.manage_sections: on the group's admin page, taking part in the network;
- accounts.hooks.personal_data: the alerts the person passed on or forwarded, in "Mijn gegevens";
- accounts.hooks.before_delete: the live events that name the person go with their account.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from buurtwacht.accounts import hooks as account_hooks
from buurtwacht.accounts.selectors import iso_time
from buurtwacht.alerts import hooks as alert_hooks
from buurtwacht.alerts.hooks import FeedItem
from buurtwacht.groups import hooks as group_hooks
from buurtwacht.groups.permissions import is_admin
from buurtwacht.networks import selectors, services
from buurtwacht.networks.models import PassOn

PASS_ONS_PER_FEED = 10


def feed_items(groups, user) -> list[FeedItem]:
    if not groups or not user.is_authenticated or user.is_police:
        return []
    received = selectors.received_by(user, [group.pk for group in groups])[:PASS_ONS_PER_FEED]
    return [
        FeedItem(
            created_at=pass_on.created_at,
            html=render_to_string("networks/_pass_on_card.html", {"pass_on": pass_on}),
            is_open=pass_on.is_open,
        )
        for pass_on in received
    ]


def alert_part(request, alert) -> list[str]:
    """For the admins of the alert's group: to whom it was passed on, and the button while it can be (or, on an
    open alert, why it cannot)."""
    if not is_admin(request.user, alert.group):
        return []
    sent = selectors.passed_on(alert)
    waiting, refusal = [], ""
    try:
        targets = services.pass_on_check(alert=alert, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        refusal = " ".join(getattr(exc, "messages", [])) if alert.is_open else ""
    else:
        done = {p.target_group_id for p in sent}
        waiting = [group for group in targets if group.pk not in done]
    if not (sent or waiting or refusal):
        return []
    context = {
        "alert": alert,
        "group": alert.group,
        "sent": sent,
        "waiting": waiting,
        "refusal": refusal,
        "opted_in": selectors.is_opted_in(alert.group),
    }
    return [render_to_string("networks/_alert_action.html", context, request=request)]


def manage_section(request, group) -> list[str]:
    context = {"group": group, "opted_in": selectors.is_opted_in(group)}
    return [render_to_string("networks/_manage_section.html", context, request=request)]


def personal_data(user) -> dict:
    rows = PassOn.objects.filter(by=user).select_related("target_group").order_by("created_at")
    forwarded = PassOn.objects.filter(forwarded_by=user).select_related("source_group").order_by("forwarded_at")
    return {
        "alerts_passed_on_to_neighbours": [
            {"alert": p.alert_id, "to_group": p.target_group.name, "at": iso_time(p.created_at)} for p in rows
        ],
        "alerts_forwarded_from_neighbours": [
            {
                "alert": p.forwarded_alert_id,
                "from_group": p.source_group.name,
                "at": iso_time(p.forwarded_at),
            }
            for p in forwarded
        ],
    }


def register() -> None:
    alert_hooks.register(alert_hooks.feed_items, feed_items)
    alert_hooks.register(alert_hooks.alert_parts, alert_part)
    group_hooks.register(group_hooks.manage_sections, manage_section)
    account_hooks.register(account_hooks.personal_data, personal_data)
    account_hooks.register(account_hooks.before_delete, services.events_naming_delete)
