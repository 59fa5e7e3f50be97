"""Writes about a group's admins and its house rules: inviting co-admins, accepting, promoting, stepping down,
editing the rules, the group's settings. Each function is one transaction (see membership.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.accounts.models import User, normalise_email
from buurtwacht.delivery.inbox import notify
from buurtwacht.delivery.mail import mail_send
from buurtwacht.groups.membership.audiences import admins_of
from buurtwacht.groups.membership.checks import (
    ADMIN_INVITE_DAYS,
    MAX_ADMINS,
    MAX_AGE,
    MIN_AGE,
    admin_count,
    admin_of,
    group_url,
    refuse_police,
    rules_version_check,
)
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


@transaction.atomic
def admin_invite_create(*, group: Group, admin, email: str) -> AdminInvite:
    """Invite someone by e-mail to become a co-admin: a single-use link, valid for two weeks."""
    admin_membership = admin_of(group, admin)
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one invitation at a time per group
    email = normalise_email(email or "")
    if not email:
        raise ValidationError({"email": _("Vul het e-mailadres in van wie u wilt uitnodigen.")})
    if group.status == GroupStatus.REJECTED:
        raise ValidationError(_("Deze groep is afgewezen; er kunnen geen beheerders bij komen."))
    if admin_count(group) >= MAX_ADMINS:
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
        group=group,
        email=email,
        invited_by=admin_membership.user,
        expires_at=now + dt.timedelta(days=ADMIN_INVITE_DAYS),
    )
    mail_send(
        "membership_admin_invite",
        {
            "group": group,
            "invite": invite,
            "inviter": admin,
            "url": reverse("groups:admin_invite_accept", args=[invite.token]),
        },
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
    refuse_police(user)
    if normalise_email(user.email) != normalise_email(invite.email):
        raise ValidationError(
            _("Deze uitnodiging is verstuurd aan %(email)s. Meld u aan met dat e-mailadres om haar te accepteren.")
            % {"email": invite.email}
        )
    return invite


@transaction.atomic
def admin_invite_accept(*, token: str, user, rules_version: int | None) -> Membership:
    """The invited person becomes admin (and member, if not yet), accepting the current house rules."""
    invite = AdminInvite.objects.select_for_update().select_related("group").filter(token=token).first()
    invite = admin_invite_check(invite, user)
    group = invite.group
    rules = rules_version_check(group, rules_version)
    if admin_count(group) >= MAX_ADMINS:
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
    name = user.first_name  # in-app texts outlive the account: first names only
    others = [admin for admin in group_admins(group) if admin.pk != user.pk]
    notify(
        others,
        lambda: _("%(name)s is nu beheerder van %(group)s.") % {"name": name, "group": group.name},
        group_url("admins", group),
        audience=admins_of([group]),
    )
    return membership


@transaction.atomic
def admin_promote(*, membership: Membership, admin) -> Membership:
    """An admin makes an existing member co-admin."""
    group = membership.group
    admin_of(group, admin)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    membership.refresh_from_db()
    refuse_police(membership.user)
    if membership.is_admin:
        raise ValidationError(_("%(name)s is al beheerder.") % {"name": membership.user.first_name})
    if admin_count(group) >= MAX_ADMINS:
        raise _too_many_admins()
    membership.role = MemberRole.ADMIN
    membership.save(update_fields=["role"])
    notify(
        [membership.user],
        lambda: _("U bent nu beheerder van %(group)s.") % {"group": group.name},
        group_url("manage", group),
    )
    return membership


@transaction.atomic
def admin_step_down(*, group: Group, user) -> Membership:
    """An admin becomes an ordinary member again, if another admin remains."""
    membership = admin_of(group, user)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    if admin_count(group) <= 1:
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
    admin_of(group, admin)
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
        follows_default = text == current.text.strip() == default_rules_text(group).strip()
        group.min_age = min_age
        group.save(update_fields=["min_age"])
        if follows_default:
            text = default_rules_text(group).strip()
    if text == current.text.strip():
        return current
    return HouseRules.objects.create(group=group, version=current.version + 1, text=text, created_by=admin)


# Settings


@transaction.atomic
def group_settings_update(*, group: Group, admin, police_messages: bool) -> Group:
    """The group's own choices: whether its admins receive the police's messages about the area (to pass on to
    the group). A group that turns them off is counted apart in the police's reach preview."""
    admin_of(group, admin)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.police_messages != police_messages:
        group.police_messages = police_messages
        group.save(update_fields=["police_messages"])
    return group
