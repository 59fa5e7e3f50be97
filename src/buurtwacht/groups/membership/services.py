"""Writes about membership: join requests and their decision, leaving and removal. (Admins and the house rules:
membership_admins.py, whose functions this module also offers.)

Each function is one transaction and raises ValidationError (Dutch) for what a person can put right, and
PermissionDenied when someone acts on a group they do not manage. Mails go out after the commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point

from buurtwacht.accounts.services import profile_update
from buurtwacht.delivery.inbox import messages_settle, notify
from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.models import Address
from buurtwacht.geo.shapes import distance_m, to_geometry
from buurtwacht.groups.membership.admins import (  # noqa: F401 - offered here with the other services
    admin_invite_accept,
    admin_invite_check,
    admin_invite_create,
    admin_promote,
    admin_step_down,
    group_settings_update,
    house_rules_update,
)
from buurtwacht.groups.membership.audiences import admins_of
from buurtwacht.groups.membership.checks import (
    admin_count,
    admin_of,
    day_text,
    gather,
    group_url,
    join_address,
    join_request_url,
    refuse_police,
    rules_version_check,
)
from buurtwacht.groups.models import Group, GroupStatus, JoinRequest, JoinStatus, MemberRole, Membership
from buurtwacht.groups.selectors import group_admins
from buurtwacht.groups.services import member_count_refresh
from buurtwacht.kit.text import refuse_nul


def place_check(group: Group, address: Address) -> tuple[bool, float]:
    """Whether the address lies in the group's area, and if not, how many metres from it (rounded)."""
    area = to_geometry(group.area)
    if area.covers(Point(address.lon, address.lat)):
        return True, 0.0
    return False, float(round(distance_m(address.lon, address.lat, area)))


# Join requests


def _may_ask(group: Group, user) -> None:
    """Refusals that no field of the form can put right: they come alone."""
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(
            _("%(group)s is niet actief en neemt geen nieuwe deelnemers aan.") % {"group": group.name}
        )
    refuse_police(user)
    if not user.email_verified:
        raise ValidationError(
            _("Bevestig eerst uw e-mailadres met de link die we u hebben gestuurd. Daarna kunt u lid worden.")
        )
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("U bent al deelnemer van %(group)s.") % {"group": group.name})
    open_request = JoinRequest.objects.filter(group=group, user=user, status=JoinStatus.PENDING).first()
    if open_request is not None:
        raise _duplicate(open_request.created_at)


def _request_refusals(
    errors: dict, group: Group, *, address_given: bool, declared_min_age: bool, rules_version: int | None, message: str
) -> None:
    """Every refusal of the request's own fields, gathered into `errors` (all are reported at once)."""
    if not address_given:
        gather(errors, _no_address())
    if not declared_min_age:
        gather(
            errors,
            ValidationError(
                {
                    "declared_min_age": _(
                        "De minimumleeftijd van deze groep is %(age)s jaar. Alleen wie %(age)s jaar of ouder is, kan "
                        "deelnemer worden."
                    )
                    % {"age": group.min_age}
                }
            ),
        )
    try:
        rules_version_check(group, rules_version)
    except ValidationError as exc:
        gather(errors, exc)
    if len((message or "").strip()) > 1000:
        gather(errors, ValidationError({"message": _("Uw bericht is te lang; houd het onder de 1000 tekens.")}))
    try:
        refuse_nul(message)
    except ValidationError as exc:
        gather(errors, ValidationError({"message": exc.error_list}))


@transaction.atomic
def join_request_create(
    *, group: Group, user, address: Address | None, declared_min_age: bool, rules_version: int | None, message: str = ""
) -> JoinRequest:
    """A resident asks to join. An address outside the area is not refused: the admins see it, with the distance.
    The admins hear of the request in the app and by e-mail. Every refusal of a field is reported at once."""
    _may_ask(group, user)
    errors: dict = {}
    _request_refusals(
        errors,
        group,
        address_given=address is not None,
        declared_min_age=declared_min_age,
        rules_version=rules_version,
        message=message,
    )
    if errors:
        raise ValidationError(errors)
    rules = rules_version_check(group, rules_version)
    message = (message or "").strip()
    inside, distance = place_check(group, address)
    request_obj = JoinRequest(
        group=group,
        user=user,
        address=address,
        inside_area=inside,
        distance_m=distance,
        declared_min_age=True,
        rules=rules,
        message=message,
    )
    try:
        with transaction.atomic():  # a savepoint: a simultaneous duplicate breaks only this insert
            request_obj.save()
    except IntegrityError as exc:
        raise _duplicate(timezone.now()) from exc

    admins = group_admins(group)
    # For the admins, asked again when sent or replayed: one who steps down meanwhile gets nothing of it.
    audience = admins_of([group])
    name = user.first_name  # in-app texts outlive the account: first names only
    notify(
        admins,
        lambda: _("%(name)s vraagt om deelnemer te worden van %(group)s.") % {"name": name, "group": group.name},
        join_request_url(request_obj),
        kind="join_request",
        topic=join_request_topic(request_obj),
        audience=audience,
    )
    mail_send(
        "membership_request",
        {"group": group, "join_request": request_obj, "applicant": user, "address": address},
        admins or [group.contact_email],
        audience=audience,
    )
    return request_obj


def _no_address() -> ValidationError:
    return ValidationError(
        {
            "address": _(
                "Uw woonadres ontbreekt. Vul uw postcode en huisnummer in (in uw profiel of op het formulier); "
                "de beheerders zien zo of u in de buurt woont."
            )
        }
    )


def _duplicate(created_at: dt.datetime) -> ValidationError:
    return ValidationError(
        _("U heeft al een aanvraag ingediend op %(date)s; de beheerders beslissen nog.")
        % {"date": day_text(created_at)}
    )


@transaction.atomic
def join_request_submit(
    *,
    group: Group,
    user,
    first_name: str,
    last_name: str,
    phone: str,
    postcode: str,
    number: str,
    declared_min_age: bool,
    rules_version: int | None,
    message: str = "",
) -> JoinRequest:
    """The join form: keep the name, phone and home address in the person's profile, then ask to join.
    Every refusal, of the profile and of the request, is reported at once. All or nothing: a refused request
    leaves the profile as it was."""
    _may_ask(group, user)
    errors: dict = {}
    address = None
    try:
        address = join_address(postcode=postcode, number=number)
    except ValidationError as exc:
        gather(errors, exc)
    try:
        # Writes only when its own fields are right; the transaction undoes it if the request is refused below.
        profile_update(
            user=user,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            language=user.language,
            postcode=address.postcode if address else "",
            number=address.house_number if address else "",
        )
    except ValidationError as exc:
        gather(errors, exc)
    _request_refusals(
        errors,
        group,
        address_given=True,  # the address fields speak for themselves
        declared_min_age=declared_min_age,
        rules_version=rules_version,
        message=message,
    )
    if errors:
        raise ValidationError(errors)
    return join_request_create(
        group=group,
        user=user,
        address=address,
        declared_min_age=declared_min_age,
        rules_version=rules_version,
        message=message,
    )


def _pending_locked(request_obj: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().select_related("group", "user").get(pk=request_obj.pk)
    if locked.status != JoinStatus.PENDING:
        raise ValidationError(
            _("Over deze aanvraag is al beslist (%(status)s).") % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def join_request_decide(*, request_obj: JoinRequest, admin, approve: bool, reason: str = "") -> JoinRequest:
    """An admin admits or refuses an applicant; a refusal needs a reason, which the applicant reads."""
    admin_of(request_obj.group, admin)
    request_obj = _pending_locked(request_obj)
    group, applicant = request_obj.group, request_obj.user
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Geef een reden voor de weigering; de aanvrager krijgt die te lezen.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("De reden is te lang; houd die onder de 1000 tekens.")})
    try:
        refuse_nul(reason)
    except ValidationError as exc:
        raise ValidationError({"reason": exc.error_list}) from None
    if approve:
        if group.status != GroupStatus.ACTIVE:
            raise ValidationError(_("Deze groep is niet actief en kan geen deelnemers toelaten."))
        if applicant.is_police:
            raise ValidationError(_("Politie is nooit lid van een buurtpreventiegroep."))
        Membership.objects.get_or_create(group=group, user=applicant, defaults={"rules": request_obj.rules})
        member_count_refresh(group)
    request_obj.status = JoinStatus.APPROVED if approve else JoinStatus.REFUSED
    request_obj.decided_at = timezone.now()
    request_obj.decided_by = admin
    request_obj.reason = reason
    request_obj.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    messages_settle(topic=join_request_topic(request_obj))  # the other admins' "new request" is done

    if approve:
        notify(
            [applicant],
            lambda: _("U bent toegelaten tot %(group)s.") % {"group": group.name},
            group.get_absolute_url(),
        )
    else:
        notify(
            [applicant],
            lambda: _("Uw aanvraag voor %(group)s is niet toegelaten.") % {"group": group.name},
            group_url("join", group),
        )
    template = "membership_approved" if approve else "membership_refused"
    mail_send(template, {"group": group, "join_request": request_obj}, [applicant])
    return request_obj


@transaction.atomic
def join_request_withdraw(*, request_obj: JoinRequest, user) -> JoinRequest:
    """The applicant takes back an open request."""
    if request_obj.user_id != user.pk:
        raise PermissionDenied
    request_obj = _pending_locked(request_obj)
    request_obj.status = JoinStatus.WITHDRAWN
    request_obj.decided_at = timezone.now()
    request_obj.save(update_fields=["status", "decided_at"])
    messages_settle(topic=join_request_topic(request_obj))  # no longer new for the admins
    return request_obj


def join_request_topic(request_obj: JoinRequest) -> str:
    return f"join_request:{request_obj.pk}"


# Leaving and removal


@transaction.atomic
def membership_leave(*, group: Group, user) -> None:
    """A member leaves. The last admin of a group with other members first appoints another admin."""
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one change to the admins at a time
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise ValidationError(_("U bent geen deelnemer van %(group)s.") % {"group": group.name})
    others = Membership.objects.filter(group=group).exclude(pk=membership.pk)
    if membership.is_admin and others.exists() and not others.filter(role=MemberRole.ADMIN).exists():
        raise ValidationError(
            _(
                "U bent de enige beheerder van %(group)s. Maak eerst een andere deelnemer beheerder (bij Beheer, "
                "Beheerders); daarna kunt u opzeggen."
            )
            % {"group": group.name}
        )
    membership.delete()
    member_count_refresh(group)
    name = user.first_name  # in-app texts outlive the account: first names only
    notify(
        group_admins(group),
        lambda: _("%(name)s heeft %(group)s verlaten.") % {"name": name, "group": group.name},
        group_url("manage", group),
        audience=admins_of([group]),
    )


@transaction.atomic
def membership_remove(*, membership: Membership, admin) -> None:
    """An admin removes a member, who hears of it by e-mail and in the app."""
    group = membership.group
    admin_of(group, admin)
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one change to the admins at a time
    if membership.user_id == admin.pk:
        raise ValidationError(_("U kunt uzelf niet verwijderen. Wilt u stoppen, zeg dan zelf op."))
    if membership.is_admin and admin_count(group) <= 1:
        raise ValidationError(_("De laatste beheerder van een groep kan niet worden verwijderd."))
    person = membership.user
    membership.delete()
    member_count_refresh(group)
    notify([person], lambda: _("U bent verwijderd uit %(group)s.") % {"group": group.name}, group.get_absolute_url())
    mail_send("membership_removed", {"group": group}, [person])
