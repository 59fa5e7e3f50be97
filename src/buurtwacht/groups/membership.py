"""Writes about membership: join requests and their decision, leaving and removal, admins and the house rules.

Each function is one transaction and raises ValidationError (Dutch) for what a person can put right, and
PermissionDenied when someone acts on a group they do not manage. Mails go out after the commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from shapely.geometry import Point

from buurtwacht.accounts.models import User, normalise_email
from buurtwacht.accounts.notifications import notify
from buurtwacht.core.mail import mail_on_commit
from buurtwacht.geo.models import Address, Buurt
from buurtwacht.geo.selectors import buurt_at
from buurtwacht.geo.shapes import distance_m, to_geometry
from buurtwacht.groups.models import (
    AdminInvite,
    Group,
    GroupStatus,
    HouseRules,
    JoinRequest,
    JoinStatus,
    MemberRole,
    Membership,
)
from buurtwacht.groups.rules import default_rules_text, house_rules_current
from buurtwacht.groups.selectors import group_admins
from buurtwacht.groups.services import member_count_refresh

# DOMAIN.md: a group has one admin, better two or three. More than three is refused.
MAX_ADMINS = 3
ADMIN_INVITE_DAYS = 14
MIN_AGE, MAX_AGE = 18, 99


def _day(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _url(name: str, group: Group, **kwargs) -> str:
    return reverse(f"groups:{name}", kwargs={"slug": group.slug, **kwargs})


def _admin_of(group: Group, user) -> Membership:
    """The user's admin membership of the group; PermissionDenied for anyone else."""
    membership = Membership.objects.filter(group=group, user=user, role=MemberRole.ADMIN).first()
    if membership is None:
        raise PermissionDenied
    return membership


def _admin_count(group: Group) -> int:
    return Membership.objects.filter(group=group, role=MemberRole.ADMIN).count()


def _refuse_police(user) -> None:
    if user.is_police:
        raise ValidationError(
            _(
                "Politie is nooit lid van een buurtpreventiegroep. U bereikt de beheerders van de groepen via de "
                "berichten voor beheerders, en bewoners via een buurtalert."
            )
        )


def _check_rules_version(group: Group, rules_version: int | None) -> HouseRules:
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


def place_check(group: Group, address: Address) -> tuple[bool, float]:
    """Whether the address lies in the group's area, and if not, how many metres from it (rounded)."""
    area = to_geometry(group.area)
    if area.covers(Point(address.lon, address.lat)):
        return True, 0.0
    return False, float(round(distance_m(address.lon, address.lat, area)))


# Join requests


@transaction.atomic
def join_request_create(
    *, group: Group, user, address: Address | None, declared_min_age: bool, rules_version: int | None, message: str = ""
) -> JoinRequest:
    """A resident asks to join. An address outside the area is not refused: the admins see it, with the distance.
    The admins hear of the request in the app and by e-mail."""
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(_("%(group)s is niet actief en neemt geen nieuwe deelnemers aan.") % {"group": group.name})
    _refuse_police(user)
    if not user.email_verified:
        raise ValidationError(
            _("Bevestig eerst uw e-mailadres met de link die we u hebben gestuurd. Daarna kunt u lid worden.")
        )
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("U bent al deelnemer van %(group)s.") % {"group": group.name})
    open_request = JoinRequest.objects.filter(group=group, user=user, status=JoinStatus.PENDING).first()
    if open_request is not None:
        raise _duplicate(open_request.created_at)
    if address is None:
        raise ValidationError(
            {"address": _("Vul uw woonadres in (postcode en huisnummer). De beheerders zien zo of u in de buurt woont.")}
        )
    if not declared_min_age:
        raise ValidationError(
            {
                "declared_min_age": _(
                    "De minimumleeftijd van deze groep is %(age)s jaar. Alleen wie %(age)s jaar of ouder is, kan "
                    "deelnemer worden."
                )
                % {"age": group.min_age}
            }
        )
    rules = _check_rules_version(group, rules_version)
    message = (message or "").strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("Uw bericht is te lang; houd het onder de 1000 tekens.")})
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
    name = user.full_name
    notify(
        admins,
        lambda: _("%(name)s vraagt om deelnemer te worden van %(group)s.") % {"name": name, "group": group.name},
        _url("manage", group),
    )
    mail_on_commit(
        "membership_request",
        {"group": group, "join_request": request_obj, "applicant": user, "address": address},
        admins or [group.contact_email],
    )
    return request_obj


def _duplicate(created_at: dt.datetime) -> ValidationError:
    return ValidationError(
        _("U heeft al een aanvraag ingediend op %(date)s; de beheerders beslissen nog.") % {"date": _day(created_at)}
    )


@transaction.atomic
def join_request_submit(
    *,
    group: Group,
    user,
    first_name: str,
    last_name: str,
    phone: str,
    address: Address | None,
    declared_min_age: bool,
    rules_version: int | None,
    message: str = "",
) -> JoinRequest:
    """The join form: keep the name, phone and home address in the person's profile, then ask to join.
    All or nothing: a refused request leaves the profile as it was."""
    first_name, last_name, phone = first_name.strip(), last_name.strip(), phone.strip()
    if not first_name:
        raise ValidationError({"first_name": _("Vul uw voornaam in.")})
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    fields = ["first_name", "last_name", "phone"]
    if address is not None and address.pk != user.address_id:
        user.address = address
        ref = buurt_at(address.lon, address.lat)
        user.buurt = Buurt.objects.filter(code=ref.buurt.code).first() if ref else None
        fields += ["address", "buurt"]
    user.save(update_fields=fields)
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
    _admin_of(request_obj.group, admin)
    request_obj = _pending_locked(request_obj)
    group, applicant = request_obj.group, request_obj.user
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Geef een reden voor de weigering; de aanvrager krijgt die te lezen.")}
        )
    if len(reason) > 1000:
        raise ValidationError({"reason": _("De reden is te lang; houd die onder de 1000 tekens.")})
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
            _url("join", group),
        )
    template = "membership_approved" if approve else "membership_refused"
    mail_on_commit(template, {"group": group, "join_request": request_obj}, [applicant])
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
    return request_obj


# Leaving and removal


@transaction.atomic
def membership_leave(*, group: Group, user) -> None:
    """A member leaves. The last admin of a group with other members first appoints another admin."""
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
    name = user.full_name
    notify(
        group_admins(group),
        lambda: _("%(name)s heeft %(group)s verlaten.") % {"name": name, "group": group.name},
        _url("manage", group),
    )


@transaction.atomic
def membership_remove(*, membership: Membership, admin) -> None:
    """An admin removes a member, who hears of it by e-mail and in the app."""
    group = membership.group
    _admin_of(group, admin)
    if membership.user_id == admin.pk:
        raise ValidationError(_("U kunt uzelf niet verwijderen. Wilt u stoppen, zeg dan zelf op."))
    if membership.is_admin and _admin_count(group) <= 1:
        raise ValidationError(_("De laatste beheerder van een groep kan niet worden verwijderd."))
    person = membership.user
    membership.delete()
    member_count_refresh(group)
    notify([person], lambda: _("U bent verwijderd uit %(group)s.") % {"group": group.name}, group.get_absolute_url())
    mail_on_commit("membership_removed", {"group": group}, [person])


# Admins


@transaction.atomic
def admin_invite_create(*, group: Group, admin, email: str) -> AdminInvite:
    """Invite someone by e-mail to become a co-admin: a single-use link, valid for two weeks."""
    admin_membership = _admin_of(group, admin)
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one invitation at a time per group
    email = normalise_email(email or "")
    if not email:
        raise ValidationError({"email": _("Vul het e-mailadres in van wie u wilt uitnodigen.")})
    if group.status == GroupStatus.REJECTED:
        raise ValidationError(_("Deze groep is afgewezen; er kunnen geen beheerders bij komen."))
    if _admin_count(group) >= MAX_ADMINS:
        raise _too_many_admins()
    invitee = User.objects.filter(email=email).first()
    if invitee is not None:
        if invitee.is_police:
            raise ValidationError({"email": _("Politie kan geen beheerder van een buurtpreventiegroep worden.")})
        if Membership.objects.filter(group=group, user=invitee, role=MemberRole.ADMIN).exists():
            raise ValidationError({"email": _("%(email)s is al beheerder van deze groep.") % {"email": email}})
    now = timezone.now()
    # A new invitation replaces an open one to the same address.
    AdminInvite.objects.filter(group=group, email=email, accepted_at=None, expires_at__gt=now).update(expires_at=now)
    invite = AdminInvite.objects.create(
        group=group, email=email, invited_by=admin_membership.user, expires_at=now + dt.timedelta(days=ADMIN_INVITE_DAYS)
    )
    mail_on_commit(
        "membership_admin_invite",
        {"group": group, "invite": invite, "inviter": admin, "url": reverse("groups:admin_invite_accept", args=[invite.token])},
        [invitee or email],
    )
    return invite


def _too_many_admins() -> ValidationError:
    return ValidationError(
        _(
            "Deze groep heeft al %(max)s beheerders. Meer beheerders maakt afspraken lastig; laat eerst iemand "
            "stoppen als beheerder."
        )
        % {"max": MAX_ADMINS}
    )


def admin_invite_check(invite: AdminInvite | None, user) -> AdminInvite:
    """Why an invitation cannot be accepted (ValidationError), or the invitation."""
    if invite is None:
        raise ValidationError(_("Deze uitnodiging bestaat niet. Controleer de link in de e-mail."))
    if invite.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt. Een uitnodiging werkt maar één keer."))
    if invite.expires_at <= timezone.now():
        raise ValidationError(
            _("Deze uitnodiging is verlopen. Vraag een beheerder van %(group)s om een nieuwe uitnodiging.")
            % {"group": invite.group.name}
        )
    if invite.group.status in (GroupStatus.REJECTED, GroupStatus.INACTIVE):
        raise ValidationError(_("%(group)s is niet actief.") % {"group": invite.group.name})
    _refuse_police(user)
    if normalise_email(user.email) != normalise_email(invite.email):
        raise ValidationError(
            _(
                "Deze uitnodiging is verstuurd aan %(email)s. Meld u aan met dat e-mailadres om haar te "
                "accepteren."
            )
            % {"email": invite.email}
        )
    return invite


@transaction.atomic
def admin_invite_accept(*, token: str, user, rules_version: int | None) -> Membership:
    """The invited person becomes admin (and member, if not yet), accepting the current house rules."""
    invite = AdminInvite.objects.select_for_update().select_related("group").filter(token=token).first()
    invite = admin_invite_check(invite, user)
    group = invite.group
    rules = _check_rules_version(group, rules_version)
    if _admin_count(group) >= MAX_ADMINS:
        raise _too_many_admins()
    membership, _created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": MemberRole.ADMIN, "rules": rules}
    )
    if membership.role != MemberRole.ADMIN or membership.rules_id != rules.pk:
        membership.role, membership.rules = MemberRole.ADMIN, rules
        membership.save(update_fields=["role", "rules"])
    invite.accepted_at, invite.accepted_by = timezone.now(), user
    invite.save(update_fields=["accepted_at", "accepted_by"])
    # An open request to join is answered by this.
    JoinRequest.objects.filter(group=group, user=user, status=JoinStatus.PENDING).update(
        status=JoinStatus.APPROVED, decided_at=invite.accepted_at, decided_by=invite.invited_by
    )
    member_count_refresh(group)
    name = user.full_name
    others = [admin for admin in group_admins(group) if admin.pk != user.pk]
    notify(others, lambda: _("%(name)s is nu beheerder van %(group)s.") % {"name": name, "group": group.name},
           _url("admins", group))
    return membership


@transaction.atomic
def admin_promote(*, membership: Membership, admin) -> Membership:
    """An admin makes an existing member co-admin."""
    group = membership.group
    _admin_of(group, admin)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    membership.refresh_from_db()
    if membership.is_admin:
        raise ValidationError(_("%(name)s is al beheerder.") % {"name": membership.user.first_name})
    if _admin_count(group) >= MAX_ADMINS:
        raise _too_many_admins()
    membership.role = MemberRole.ADMIN
    membership.save(update_fields=["role"])
    notify([membership.user], lambda: _("U bent nu beheerder van %(group)s.") % {"group": group.name},
           _url("manage", group))
    return membership


@transaction.atomic
def admin_step_down(*, group: Group, user) -> Membership:
    """An admin becomes an ordinary member again, if another admin remains."""
    membership = _admin_of(group, user)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    if _admin_count(group) <= 1:
        raise ValidationError(
            _("U bent de enige beheerder van %(group)s. Maak eerst iemand anders beheerder.") % {"group": group.name}
        )
    membership.role = MemberRole.MEMBER
    membership.save(update_fields=["role"])
    return membership


# House rules


@transaction.atomic
def house_rules_update(*, group: Group, admin, text: str, min_age: int) -> HouseRules:
    """Edit the group's house rules and minimum age. Changed text makes a new version; members keep the version
    they accepted, and whoever joins from now on accepts the new one."""
    _admin_of(group, admin)
    group = Group.objects.select_for_update().get(pk=group.pk)
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("De huisregels mogen niet leeg zijn.")})
    if len(text) > 10000:
        raise ValidationError({"text": _("De huisregels zijn te lang; houd ze onder de 10.000 tekens.")})
    if min_age is None or not MIN_AGE <= min_age <= MAX_AGE:
        raise ValidationError(
            {"min_age": _("De minimumleeftijd ligt tussen %(min)s en %(max)s jaar.") % {"min": MIN_AGE, "max": MAX_AGE}}
        )
    current = house_rules_current(group)
    if min_age != group.min_age:
        # Rules never edited by hand name the minimum age: they follow it.
        if text == current.text.strip() and current.text == default_rules_text(group):
            group.min_age = min_age
            text = default_rules_text(group).strip()
        group.min_age = min_age
        group.save(update_fields=["min_age"])
    if text == current.text.strip():
        return current
    return HouseRules.objects.create(group=group, version=current.version + 1, text=text, created_by=admin)
