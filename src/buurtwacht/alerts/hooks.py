"""What the apps above alerts add to the alerts pages, without alerts knowing them (docs/decisions/0007-layers.md).
Each app registers its parts in its AppConfig.ready; the pages call every part.

- `feed_items`: (groups, user) -> list[FeedItem], merged into the list of a group's page and the feed of
  /meldingen/ (the police messages an admin passed into those groups).
- `home_sections`: (user) -> list of HTML sections shown on /meldingen/ above the alerts (the police messages the
  person received, as admin or as resident, with a live list of their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

feed_items: list[Callable] = []
home_sections: list[Callable] = []
alert_parts: list[Callable] = []


@dataclass(frozen=True)
class FeedItem:
    created_at: dt.datetime
    html: str  # rendered (and escaped) by the app that made it
    is_open: bool = True


def register(hooks: list[Callable], function: Callable) -> None:
    """Add `function` to `hooks` once (an app's ready() may run again in tests)."""
    if function not in hooks:
        hooks.append(function)


def feed_merge(alerts: list, groups: list, user) -> list[dict]:
    """The alerts and the other apps' items in one list, in the feed's order: open ones first, newest first, then
    the closed ones. Each entry holds either "alert" or "html"."""
    entries = [{"alert": alert, "at": alert.created_at, "open": alert.is_open} for alert in alerts]
    for part in feed_items:
        entries += [{"html": item.html, "at": item.created_at, "open": item.is_open} for item in part(groups, user)]
    return sorted(entries, key=lambda entry: (not entry["open"], -entry["at"].timestamp()))


def sections_of(user) -> list[str]:
    return [section for part in home_sections for section in part(user)]


def parts_of(request, alert) -> list[str]:
    return [part for make in alert_parts for part in make(request, alert)]
