"""The gemeente's sign rules, checked for a group and a number of spots: one function, used by the request page
(as the admin places spots), by the service that refuses a request and by the staff who decide.

Each rule is optional (empty on `SignRules`). A check is met (`ok` True), broken (`ok` False, the reason says why
and what to do), or a notice that holds no judgement (`ok` None: the contribution, the allowed spots).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.selectors import connected_addresses
from buurtwacht.municipality.signs.models import COUNTED, Sign, SignRules
from buurtwacht.municipality.signs.nearby import spot_places


@dataclass(frozen=True)
class RuleCheck:
    key: str
    ok: bool | None
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def rules_of(gemeente) -> SignRules:
    """The gemeente's rules; an unsaved empty row (no rules) when it has none yet."""
    return SignRules.objects.filter(gemeente=gemeente).first() or SignRules(gemeente=gemeente)


def euros(amount: Decimal) -> str:
    return "€ " + number_format(amount, decimal_pos=2, force_grouping=True)


def _counted(leave_out=None):
    signs = Sign.objects.filter(status__in=COUNTED)
    return signs.exclude(request=leave_out) if leave_out is not None else signs


def counted_signs_of_group(group: Group, *, leave_out=None) -> int:
    return _counted(leave_out).filter(group=group).count()


def counted_signs_in_wijk(wijk, *, leave_out=None) -> int:
    return _counted(leave_out).filter(wijk=wijk).count() if wijk is not None else 0


def sign_rule_checks(*, group: Group, spot_count: int, rules: SignRules | None = None, leave_out=None,
                     spots=None) -> list[RuleCheck]:
    """Which of the gemeente's rules a request of `spot_count` signs by `group` meets now, each with its reason.

    `leave_out`: a decided request whose own signs are not counted as signs the group (or wijk) already has, so
    that its checks read as they stood at the decision. `spots` (points with lat and lon): also say which spots lie
    far outside the group's area or close to an existing sign (warnings, see spot_checks)."""
    rules = rules or rules_of(group.gemeente)
    checks: list[RuleCheck] = []
    if rules.active_groups_only:
        if group.status == GroupStatus.ACTIVE:
            checks.append(RuleCheck("active", True, _("De groep is goedgekeurd en actief.")))
        else:
            checks.append(RuleCheck("active", False, _(
                "Alleen actieve groepen kunnen borden aanvragen, en deze groep is nog niet goedgekeurd of niet "
                "actief. Vraag de borden aan zodra de gemeente de groep heeft goedgekeurd."
            )))
    if rules.min_connected_addresses is not None:
        needed = rules.min_connected_addresses
        have = connected_addresses([group.pk]).get(group.pk, 0)
        if have >= needed:
            checks.append(RuleCheck("addresses", True, _(
                "De groep heeft %(have)s aangesloten adressen; de gemeente vraagt er minstens %(needed)s."
            ) % {"have": have, "needed": needed}))
        else:
            checks.append(RuleCheck("addresses", False, _(
                "De groep heeft %(have)s aangesloten adressen; de gemeente vraagt er minstens %(needed)s. Er zijn "
                "nog %(missing)s adressen nodig: nodig buren uit om deel te nemen."
            ) % {"have": have, "needed": needed, "missing": needed - have}))
    if rules.max_per_group is not None:
        limit = rules.max_per_group
        have = counted_signs_of_group(group, leave_out=leave_out)
        if have + spot_count <= limit:
            checks.append(RuleCheck("per_group", True, ngettext(
                "Hoogstens %(limit)s bord per groep: de groep heeft er %(have)s en vraagt er %(asked)s.",
                "Hoogstens %(limit)s borden per groep: de groep heeft er %(have)s en vraagt er %(asked)s.",
                limit,
            ) % {"limit": limit, "have": have, "asked": spot_count}))
        else:
            checks.append(RuleCheck("per_group", False, ngettext(
                "Hoogstens %(limit)s bord per groep: de groep heeft er %(have)s en vraagt er %(asked)s. Vraag er "
                "hoogstens %(left)s aan.",
                "Hoogstens %(limit)s borden per groep: de groep heeft er %(have)s en vraagt er %(asked)s. Vraag er "
                "hoogstens %(left)s aan.",
                limit,
            ) % {"limit": limit, "have": have, "asked": spot_count, "left": max(limit - have, 0)}))
    if rules.max_per_wijk is not None:
        limit = rules.max_per_wijk
        wijk = group.wijk
        have = counted_signs_in_wijk(wijk, leave_out=leave_out)
        name = wijk.display_name if wijk is not None else _("de wijk")
        if have < limit:
            checks.append(RuleCheck("per_wijk", True, ngettext(
                "%(wijk)s heeft %(have)s bord; de gemeente plaatst geen nieuwe borden in een wijk met %(limit)s of "
                "meer.",
                "%(wijk)s heeft %(have)s borden; de gemeente plaatst geen nieuwe borden in een wijk met %(limit)s of "
                "meer.",
                have,
            ) % {"wijk": name, "have": have, "limit": limit}))
        else:
            checks.append(RuleCheck("per_wijk", False, ngettext(
                "%(wijk)s heeft al %(have)s bord; de gemeente plaatst geen extra borden in een wijk die ze al heeft. "
                "Bekijk de borden op de kaart en bespreek met de andere groepen in de wijk wat u nodig heeft.",
                "%(wijk)s heeft al %(have)s borden; de gemeente plaatst geen extra borden in een wijk die ze al "
                "heeft. Bekijk de borden op de kaart en bespreek met de andere groepen in de wijk wat u nodig heeft.",
                have,
            ) % {"wijk": name, "have": have}))
    if rules.contribution_eur is not None:
        reason = _("Bijdrage: %(each)s per bord.") % {"each": euros(rules.contribution_eur)}
        if spot_count:
            reason = ngettext(
                "Bijdrage: %(each)s per bord, voor %(count)s bord %(total)s.",
                "Bijdrage: %(each)s per bord, voor %(count)s borden %(total)s.",
                spot_count,
            ) % {"each": euros(rules.contribution_eur), "count": spot_count,
                 "total": euros(rules.contribution_eur * spot_count)}
        if rules.contribution_text:
            reason += " " + rules.contribution_text
        checks.append(RuleCheck("contribution", None, reason))
    if rules.allowed_spots:
        checks.append(RuleCheck("spots", None, _("Toegestane plekken: %(note)s") % {"note": rules.allowed_spots}))
    if spots:
        checks.extend(spot_checks(group=group, spots=spots, leave_out=leave_out))
    return checks


def spot_checks(*, group: Group, spots, leave_out=None) -> list[RuleCheck]:
    """Warnings (never a refusal) for spots far outside the group's area or right next to an existing sign; one
    check that all is well when no spot gives cause."""
    checks = []
    for place in spot_places(group, spots, leave_out=leave_out):
        if place.outside_m is not None:
            checks.append(RuleCheck("spot_area", None, _(
                "Plek %(n)s ligt ongeveer %(m)s m buiten het gebied van de groep. Borden staan op de toegangswegen "
                "van de buurt: kijk of dit de bedoelde plek is."
            ) % {"n": place.number, "m": place.outside_m}))
        if place.near_m is not None:
            checks.append(RuleCheck("spot_near", None, _(
                "Plek %(n)s ligt %(m)s m van een bord dat er al is (van %(group)s). Is hier een tweede bord nodig?"
            ) % {"n": place.number, "m": place.near_m, "group": place.near_group}))
    if not checks:
        checks.append(RuleCheck("spot_place", True, _(
            "De plekken liggen in of vlak bij het gebied van de groep, en niet naast een bord dat er al is."
        )))
    return checks


def broken(checks: list[RuleCheck]) -> list[RuleCheck]:
    return [check for check in checks if check.ok is False]
