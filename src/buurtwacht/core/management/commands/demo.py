"""`buurtwacht demo`: build the fictional demo municipality (see buurtwacht.demo)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtwacht.demo.build import demo_build, demo_summary_lines


class Command(BaseCommand):
    help = _(
        "Bouwt de fictieve demogemeente Voorbeeldrecht opnieuw op: buurten, adressen, buurtpreventiegroepen en "
        "(in de ontwikkelmodus) demo-inloggegevens voor de backoffice. Echte gegevens blijven staan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("ook buiten de ontwikkelmodus opbouwen (zonder demo-inloggegevens)"),
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEV_MODE and not force:
            raise CommandError(
                _(
                    "De demo is bedoeld voor de ontwikkelmodus. Zet BUURTWACHT_DEV=1, of gebruik --force om de "
                    "demogemeente toch op te bouwen (dan zonder demo-inloggegevens)."
                )
            )
        started = time.monotonic()
        try:
            summary = demo_build(create_accounts=settings.DEV_MODE)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in demo_summary_lines(summary):
            self.stdout.write(line)
        seconds = number_format(time.monotonic() - started, decimal_pos=1)
        self.stdout.write(_("Klaar in %(seconds)s s.") % {"seconds": seconds})
