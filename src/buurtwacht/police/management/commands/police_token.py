"""`buurtwacht police-token --gemeente GM0363 [--gemeente GM0362 ...] --label "Meldkamer Amsterdam"`: a key for a
control-room system to the police API, bound to these gemeenten. The key is printed once; only its hash is kept.
Revoke it in the back office (/beheer/, "Sleutels meldkamerkoppeling", action "Intrekken")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from buurtwacht.police.tokens import gemeenten_by_code, token_create


class Command(BaseCommand):
    help = "Maak een sleutel voor de meldkamerkoppeling (politie-API), voor een of meer gemeenten."

    def add_arguments(self, parser):
        parser.add_argument(
            "--gemeente",
            action="append",
            required=True,
            metavar="GMxxxx",
            help=_("CBS-code van een gemeente waarvoor de sleutel geldt; herhaal voor meer gemeenten"),
        )
        parser.add_argument("--label", required=True, help=_("naam van de sleutel, bijvoorbeeld die van de meldkamer"))

    def handle(self, *args, gemeente: list[str], label: str, **options):
        try:
            gemeenten = gemeenten_by_code(gemeente)
            token, key = token_create(label=label, gemeenten=gemeenten)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        names = ", ".join(f"{g.display_name} ({g.code})" for g in gemeenten)
        self.stdout.write(_("Sleutel “%(label)s” voor %(gemeenten)s:") % {"label": token.label, "gemeenten": names})
        self.stdout.write(key)
        self.stdout.write(
            _(
                "Bewaar hem nu: hij wordt niet opgeslagen en niet nog eens getoond. Gebruik: "
                "Authorization: Bearer <sleutel>. Intrekken kan in het beheer (/beheer/)."
            )
        )
