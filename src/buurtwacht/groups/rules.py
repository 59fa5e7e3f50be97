"""A group's house rules (huisregels): the default text, and the current version of a group's own copy."""

from __future__ import annotations

from django.db import transaction

from buurtwacht.groups.models import Group, HouseRules

# The rules municipalities give their groups (see DOMAIN.md), with SAAR. A group's admins may edit their copy;
# every edit is a new version, and members accept the version current when they join.
DEFAULT_HOUSE_RULES = """\
Huisregels van de buurtpreventiegroep

1. Deelnemers zijn minstens {min_age} jaar en wonen in de buurt van de groep.
2. De groep slaapt: we gebruiken haar alleen voor verdachte situaties en heterdaad, nooit om te kletsen of voor privéberichten. Zo blijft elk bericht belangrijk.
3. We werken volgens SAAR:
   S – Signaleer: u ziet iets verdachts (inbraak, vandalisme, straatroof, bedreiging, mishandeling, vermissing, oplichting, iemand die de straat verkent, een onbekende auto die steeds rondrijdt, jeugdoverlast).
   A – Alarmeer: bel bij spoed eerst 112 en noem de wijk. Geen spoed: politie 0900-8844.
   A – App: meld het daarna in de groep.
   R – Reageer: u of een andere deelnemer komt in actie. Laat zien dat u er bent; spreek iemand alleen aan met twee of meer en als het veilig is. Neem nooit risico's.
4. Wie 112 heeft gebeld, meldt dat in de groep, zodat de politie niet veel meldingen over hetzelfde krijgt.
5. Een melding in de groep vervangt nooit het bellen van 112: de politie komt alleen in actie op een 112-melding.
6. Taal blijft zakelijk en respectvol: niet schelden, beledigen of discrimineren.
7. Geen eigenrichting en geen regels of wetten overtreden (geen telefoon in de hand achter het stuur).
8. Alleen een foto van een verdachte als die nodig is voor het signalement. Beschrijf liever: geslacht, kleding, lengte, gezicht, gedrag; voertuig: kleur, merk, type en kenteken. Een beschrijving die alleen huidskleur of afkomst noemt, plaatsen we niet.
9. Gebruik de groep alleen waarvoor zij bedoeld is.

De gemeente en de politie zijn geen deelnemer en zijn niet verantwoordelijk voor wat er in de groep wordt gezegd.
"""


def default_rules_text(group: Group) -> str:
    return DEFAULT_HOUSE_RULES.format(min_age=group.min_age)


def house_rules_current(group: Group) -> HouseRules:
    """The group's current rules; a group that never edited them gets version 1, the default text."""
    rules = HouseRules.objects.filter(group=group).order_by("-version").first()
    if rules is not None:
        return rules
    with transaction.atomic():
        rules, _created = HouseRules.objects.get_or_create(
            group=group, version=1, defaults={"text": default_rules_text(group)}
        )
    return rules
