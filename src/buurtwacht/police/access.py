"""Who may see a police message besides the police who sent it: the admins or residents it reached (its
recipients), and the members of a group an admin passed it into. Its photo also to the police of its gemeente.
The police never see a group's content; members never see the message's other groups."""

from __future__ import annotations

from buurtwacht.accounts.permissions import police_gemeenten
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import is_member
from buurtwacht.police.models import Forward, ForwardChannel, PoliceMessage
from buurtwacht.police.services import is_recipient


def groups_passed_into(message: PoliceMessage, user) -> list[Group]:
    """The groups the message was posted into that this person is a member of."""
    if not user.is_authenticated or user.is_police:
        return []
    ids = Forward.objects.filter(message=message, channel=ForwardChannel.GROUP).values("group_id")
    return [group for group in Group.objects.filter(pk__in=ids) if is_member(user, group)]


def can_see_photo(message: PoliceMessage, user) -> bool:
    if not user.is_authenticated or not message.photo:
        return False
    if message.gemeente_id in police_gemeenten(user):
        return True
    return is_recipient(message=message, user=user) or bool(groups_passed_into(message, user))
