"""What apps above groups do when something happens to a group, without groups knowing them (registered in their
AppConfig.ready): `group_activated` (group) runs in the approving transaction when a group becomes active with
notice (the municipality tells its contacts); `manage_links` (group) -> (label, url) adds a link to the group's
admin page (street signs, stickers)."""

from __future__ import annotations

from collections.abc import Callable

group_activated: list[Callable] = []
manage_links: list[Callable] = []


def register(hooks: list[Callable], function: Callable) -> None:
    if function not in hooks:
        hooks.append(function)
