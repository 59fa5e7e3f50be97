"""What apps above groups do when something happens to a group, without groups knowing them (registered in their
AppConfig.ready): `group_activated` (group) runs in the approving transaction when a group becomes active with
notice (the municipality tells its contacts); `manage_sections` (request, group) -> list of HTML sections shown on
the group's admin page (the network of neighbouring groups); `manage_links` (group, user) returns (label, url) pairs
the group's manage page lists for its admins (the gemeente's stickers and signs); `group_changed` (group) runs in the
changing transaction when an active group's area or members change, or a group becomes active or stops being
active (the municipality's coverage figures are marked for recomputing)."""

from __future__ import annotations

from collections.abc import Callable

group_activated: list[Callable] = []
manage_sections: list[Callable] = []
manage_links: list[Callable] = []


def manage_links_for(group, user) -> list[tuple[str, str]]:
    return [link for function in manage_links for link in function(group, user)]
group_changed: list[Callable] = []


def register(hooks: list[Callable], function: Callable) -> None:
    if function not in hooks:
        hooks.append(function)
