"""Who an event is for, and whether each of them may still receive it.

A service that records an event computes its recipients right there (the members of a group, the admins of the
groups in an area, the residents who opted in within a circle, one person) and hands delivery an `Audience`:
those user ids and a name. Delivery trusts the ids; the name is what it asks again when it sends, replays or
retries (hours later, perhaps): "may this person still receive this?" A person who left the group, lost the
role or was deactivated meanwhile gets nothing more.

The checks are registered by the apps that know the answer (groups registers "group-members" and
"group-admins" in its AppConfig.ready), so delivery needs to know nothing of groups. Built in:
- "people": the service chose these people one by one (a notice to one person, the admins it asked); they may
  receive it while their account is active;
- "address": mail to bare e-mail addresses (a municipal contact without an account).
An audience whose check is not registered reaches nobody: a mistake fails closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

logger = logging.getLogger(__name__)

# (key, user ids) -> the ids among them that may still receive an event of this audience
Check = Callable[[str, set[int]], set[int]]

_checks: dict[str, Check] = {}


@dataclass(frozen=True)
class Audience:
    """`name` is "<kind>" or "<kind>:<key>" (e.g. "group-members:12"); `user_ids` the people computed for it."""

    name: str
    user_ids: frozenset[int]

    @classmethod
    def of(cls, kind: str, user_ids: Iterable[int], key: str = "") -> Audience:
        if kind not in _checks:
            raise LookupError(f"no audience check registered for {kind!r}")
        return cls(name=f"{kind}:{key}" if key else kind, user_ids=frozenset(user_ids))

    def __len__(self) -> int:
        return len(self.user_ids)


def audience_register(kind: str, check: Check) -> None:
    """Register the check of an audience kind (from an AppConfig.ready); registering it again replaces it."""
    _checks[kind] = check


def people(user_ids: Iterable[int]) -> Audience:
    """An audience of people chosen one by one."""
    return Audience.of("people", user_ids)


def audience_allowed(name: str, user_ids: Iterable[int]) -> set[int]:
    """The ids among `user_ids` who may still receive an event recorded for audience `name`."""
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    kind, _sep, key = name.partition(":")
    check = _checks.get(kind)
    if check is None:
        logger.error("No check registered for audience %r: nobody receives its events", name)
        return set()
    return check(key, user_ids) & user_ids


def _active_people(_key: str, user_ids: set[int]) -> set[int]:
    return set(get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))


audience_register("people", _active_people)
audience_register("address", lambda _key, _user_ids: set())
