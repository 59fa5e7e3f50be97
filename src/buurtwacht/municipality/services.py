"""Writes for the municipality: its contacts (team Veiligheid, wijkagent and wijkwethouder per wijk), and the notice
they get when a group becomes active."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from buurtwacht.accounts.models import RoleKind
from buurtwacht.delivery.inbox import notify
from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.models import Gemeente, Wijk
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import group_admins
from buurtwacht.kit.mail import Recipient
from buurtwacht.municipality.models import GemeenteSettings, WijkContact
from buurtwacht.municipality.selectors import wijken_of_group


@dataclass(frozen=True)
class WijkContactInput:
    wijk: Wijk
    wijkagent: object | None = None  # an account holding the wijkagent role for the gemeente
    wijkagent_email: str = ""
    wijkwethouder_name: str = ""
    wijkwethouder_email: str = ""

    @property
    def empty(self) -> bool:
        return not (self.wijkagent or self.wijkagent_email or self.wijkwethouder_name or self.wijkwethouder_email)


def _email_error(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return _("Vul een geldig e-mailadres in, bijvoorbeeld veiligheid@gemeente.nl.")
    return None


def _wijk_errors(gemeente: Gemeente, row: WijkContactInput) -> dict[str, str]:
    """Problems with one wijk's contacts, keyed "<wijk id>.<field>"."""
    key = f"{row.wijk.pk}."
    errors: dict[str, str] = {}
    if row.wijk.gemeente_id != gemeente.pk:
        errors[key + "wijk"] = _("Wijk %(wijk)s hoort niet bij deze gemeente.") % {"wijk": row.wijk.display_name}
        return errors
    if row.wijkagent is not None and row.wijkagent_email:
        errors[key + "wijkagent_email"] = _(
            "Kies een wijkagent uit de lijst óf vul een e-mailadres in, niet allebei."
        )
    agent = row.wijkagent
    if agent is not None and not agent.roles.filter(kind=RoleKind.WIJKAGENT, gemeente=gemeente).exists():
        errors[key + "wijkagent"] = _("Deze persoon is geen wijkagent voor deze gemeente.")
    for name in ("wijkagent_email", "wijkwethouder_email"):
        value = getattr(row, name)
        if value and (problem := _email_error(value)):
            errors.setdefault(key + name, problem)
    if row.wijkwethouder_name and not row.wijkwethouder_email:
        errors[key + "wijkwethouder_email"] = _(
            "Vul ook het e-mailadres van de wijkwethouder in; daar gaat het bericht over nieuwe groepen heen."
        )
    return errors


@transaction.atomic
def gemeente_contacts_save(*, gemeente: Gemeente, veiligheid_email: str, wijken: list[WijkContactInput]) -> None:
    """Store who hears of new groups: team Veiligheid for the whole gemeente, and per wijk the wijkagent (an
    account with the wijkagent role, or an e-mail address) and the wijkwethouder. Nothing is saved when any of it
    is wrong. A wijk left empty loses its contacts."""
    veiligheid_email = veiligheid_email.strip()
    rows = [
        WijkContactInput(
            wijk=row.wijk,
            wijkagent=row.wijkagent,
            wijkagent_email=row.wijkagent_email.strip(),
            wijkwethouder_name=" ".join(row.wijkwethouder_name.split()),
            wijkwethouder_email=row.wijkwethouder_email.strip(),
        )
        for row in wijken
    ]
    errors: dict[str, str] = {}
    if veiligheid_email and (problem := _email_error(veiligheid_email)):
        errors["veiligheid_email"] = problem
    for row in rows:
        errors.update(_wijk_errors(gemeente, row))
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})

    GemeenteSettings.objects.update_or_create(gemeente=gemeente, defaults={"veiligheid_email": veiligheid_email})
    for row in rows:
        if row.empty:
            WijkContact.objects.filter(wijk=row.wijk).delete()
            continue
        WijkContact.objects.update_or_create(
            wijk=row.wijk,
            defaults={
                "wijkagent": row.wijkagent,
                "wijkagent_email": row.wijkagent_email,
                "wijkwethouder_name": row.wijkwethouder_name,
                "wijkwethouder_email": row.wijkwethouder_email,
            },
        )


def activation_recipients(group: Group, wijken: list[Wijk]) -> tuple[list, list]:
    """(mail recipients, wijkagent accounts) for a group that became active: team Veiligheid of its gemeente, and
    the wijkagent and wijkwethouder of every wijk its area lies in. A wijkagent account that no longer holds the
    role for this gemeente gets nothing (the mail holds the admins' contacts); its wijk's e-mail address does."""
    recipients: list = []
    agents: list = []
    settings_row = GemeenteSettings.objects.filter(gemeente_id=group.gemeente_id).first()
    if settings_row and settings_row.veiligheid_email:
        recipients.append(settings_row.veiligheid_email)
    contacts = WijkContact.objects.filter(wijk__in=wijken).select_related("wijkagent")
    for contact in contacts.order_by("wijk__code"):
        agent = contact.wijkagent
        if (
            agent is not None
            and agent.is_active
            and agent.roles.filter(kind=RoleKind.WIJKAGENT, gemeente_id=group.gemeente_id).exists()
        ):
            recipients.append(agent)
            if agent not in agents:
                agents.append(agent)
        elif contact.wijkagent_email:
            recipients.append(contact.wijkagent_email)
        if contact.wijkwethouder_email:
            recipients.append(Recipient(email=contact.wijkwethouder_email, name=contact.wijkwethouder_name))
    return recipients, agents


def group_activated_notify(*, group: Group) -> None:
    """Tell the gemeente's contacts that a group became active, with its admins' names and contacts, so that the
    municipality can put them in touch with the wijkagent. Mailed after the commit; wijkagenten with an account
    also get a message in the app."""
    wijken = wijken_of_group(group)
    recipients, agents = activation_recipients(group, wijken)
    context = {
        "group": group,
        "gemeente": group.gemeente,
        "wijken": wijken,
        "admins": group_admins(group),
        "overview_path": reverse("municipality:overview", kwargs={"code": group.gemeente.code}),
    }
    mail_send("municipality_group_active", context, recipients)
    if agents:
        name = group.name
        notify(
            agents,
            lambda: _("Nieuwe buurtpreventiegroep in uw wijk: %(name)s") % {"name": name},
            context["overview_path"],
        )
