"""Checks shared by the membership services: who is admin, police never join, the accepted house rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwacht.groups.models import Group, HouseRules, MemberRole, Membership
from buurtwacht.groups.rules import house_rules_current

# DOMAIN.md: a group has one admin, better two or three. More than three is refused.
MAX_ADMINS = 3
ADMIN_INVITE_DAYS = 14
MIN_AGE, MAX_AGE = 18, 99


def day_text(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def group_url(name: str, group: Group, **kwargs) -> str:
    return reverse(f"groups:{name}", kwargs={"slug": group.slug, **kwargs})


def admin_of(group: Group, user) -> Membership:
    """The user's admin membership of the group; PermissionDenied for anyone else."""
    membership = Membership.objects.filter(group=group, user=user, role=MemberRole.ADMIN).first()
    if membership is None:
        raise PermissionDenied
    return membership


def admin_count(group: Group) -> int:
    return Membership.objects.filter(group=group, role=MemberRole.ADMIN).count()


def refuse_police(user) -> None:
    if user.is_police:
        raise ValidationError(
            _(
                "Politie is nooit lid of beheerder van een buurtpreventiegroep. De gemeente brengt u in contact "
                "met de beheerders van de groepen."
            )
        )


def rules_version_check(group: Group, rules_version: int | None) -> HouseRules:
    """The current rules, if that is the version the person accepted."""
    current = house_rules_current(group)
    if not rules_version:
        raise ValidationError(
            {"accept_rules": _("Lees de huisregels en geef aan dat u ze accepteert. Zonder dat kunt u niet meedoen.")}
        )
    if rules_version != current.version:
        raise ValidationError(
            {
                "accept_rules": ValidationError(
                    _(
                        "De huisregels zijn intussen gewijzigd (nu versie %(version)s). Lees de nieuwe huisregels "
                        "en geef opnieuw aan dat u ze accepteert."
                    )
                    % {"version": current.version},
                    code="rules_outdated",
                )
            }
        )
    return current
