"""Who may send police messages, and for which gemeenten: a wijkagent or meldkamer role (after the second factor)
for the console, a PoliceToken for control-room systems. Both become a `Sender`, so the services decide the same
way for both."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from buurtwacht.accounts.permissions import police_gemeenten
from buurtwacht.police.models import PoliceMessage, PoliceToken


@dataclass(frozen=True)
class Sender:
    name: str
    gemeente_ids: frozenset[int]
    user: object | None = None
    token: PoliceToken | None = None


def sender_of_user(user) -> Sender:
    """The police officer behind the console; PermissionDenied without a police role (or before the second
    factor)."""
    gemeenten = police_gemeenten(user)
    if not gemeenten:
        raise PermissionDenied(_("Alleen de politie kan politieberichten versturen."))
    return Sender(name=user.full_name or user.email, gemeente_ids=frozenset(gemeenten), user=user)


def sender_of_token(token: PoliceToken) -> Sender:
    return Sender(name=token.label, gemeente_ids=frozenset(token.gemeenten.values_list("pk", flat=True)), token=token)


def require_gemeente(sender: Sender, gemeente_id: int) -> None:
    if gemeente_id not in sender.gemeente_ids:
        raise PermissionDenied(_("Deze plek ligt buiten de gemeenten waarvoor u berichten mag sturen."))


def require_buurten(sender: Sender, buurten) -> None:
    """Chosen buurten lie in the sender's gemeenten too (a circle may reach over the border; a choice may not)."""
    outside = [b.display_name for b in buurten if b.gemeente_id not in sender.gemeente_ids]
    if outside:
        raise PermissionDenied(
            _("Deze buurten liggen buiten de gemeenten waarvoor u berichten mag sturen: %(names)s.")
            % {"names": ", ".join(outside)}
        )


def require_message(sender: Sender, message: PoliceMessage) -> None:
    """Police see and change the messages of their own gemeenten (a colleague's too: the shift changes)."""
    require_gemeente(sender, message.gemeente_id)
