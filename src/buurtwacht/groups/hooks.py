"""What apps above groups do when something happens to a group, without groups knowing them (registered in their
AppConfig.ready): `group_activated` (group) runs in the approving transaction when a group becomes active with
notice (the municipality tells its contacts); `group_changed` (group) runs in the changing transaction when an
active group's area or members change, or a group becomes active or stops being active (the municipality's
coverage figures are marked for recomputing)."""

from __future__ import annotations

from collections.abc import Callable

group_activated: list[Callable] = []
group_changed: list[Callable] = []


def register(hooks: list[Callable], function: Callable) -> None:
    if function not in hooks:
        hooks.append(function)
