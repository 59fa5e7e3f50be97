"""What the apps above accounts add to a person's account, without accounts knowing them.

Accounts sits below groups and alerts (docs/decisions/0007-layers.md), yet a person's account shows their groups,
their data export holds their memberships and alerts, and deleting an account must first let go of them. Each of
those apps registers its part here, in its AppConfig.ready; the accounts services and pages call every part.

- `personal_data`: (user) -> dict, merged into the data export ("Mijn gegevens").
- `account_page`: (user) -> dict, merged into the context of the account pages (home and delete); its
  "account_sections" (template names) are collected from every app and shown as sections of the account page.
- `before_delete`: (user) -> None, run in the deleting transaction before the account row goes (memberships ended
  with their groups' counts, the live events that name the person deleted).
- `police_role`: (user) -> None, run when someone is given a police role (police are never members).
- `message_status`: (messages) -> {message pk: short status}, shown beside in-app messages (what became of a join
  request).
"""

from __future__ import annotations

from collections.abc import Callable

personal_data: list[Callable] = []
account_page: list[Callable] = []
before_delete: list[Callable] = []
police_role: list[Callable] = []
message_status: list[Callable] = []


def register(hooks: list[Callable], function: Callable) -> None:
    """Add `function` to `hooks` once (an app's ready() may run again in tests)."""
    if function not in hooks:
        hooks.append(function)
