"""Checks shared by the membership services: who is admin, police never join, the accepted house rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwacht.geo.models import Address
from buurtwacht.geo.selectors import address_lookup, address_variants
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


def join_request_url(request_obj) -> str:
    """Where the admins' message about a join request leads: the request on the manage page. The anchor also
    tells the messages page which request a message is about."""
    return group_url("manage", request_obj.group) + f"#aanvraag-{request_obj.pk}"


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


def join_address(*, postcode: str, number: str) -> Address:
    """The applicant's home in the address table (BAG), from the postcode and house number typed on the join form.
    A number with more than one address there (12a, 12b) needs its letter or addition. Dutch messages per field."""
    address, house, letter, addition = address_lookup(postcode=postcode, number=number)
    postcode = address.postcode
    variants = [] if (letter or addition) else address_variants(postcode=postcode, number=house)
    if len(variants) > 1 and (address.letter or address.addition):
        names = ", ".join(v.house_number for v in variants)
        raise ValidationError(
            {
                "number": _("Op dit huisnummer zijn meer adressen (%(names)s). Vul ook uw huisletter of toevoeging in.")
                % {"names": names}
            }
        )
    return address


def gather(errors: dict[str, list[ValidationError]], error: ValidationError) -> None:
    """Add a ValidationError's messages, per field, to `errors`, keeping their codes (so that every refusal can be
    reported at once)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    else:
        errors.setdefault(NON_FIELD_ERRORS, []).extend(error.error_list)
