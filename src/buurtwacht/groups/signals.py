"""Keeping memberships right when they end outside the membership services: an account deleted in /beheer/
(its memberships go with it), and a person who becomes police (police are never members)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from buurtwacht.accounts.models import Role, RoleKind
from buurtwacht.groups.models import Group, Membership
from buurtwacht.groups.services import member_count_refresh


@receiver(post_delete, sender=Membership, dispatch_uid="groups.membership_deleted")
def membership_deleted(sender, instance: Membership, **kwargs) -> None:
    group = Group.objects.filter(pk=instance.group_id).first()
    if group is not None:  # not when the group itself is being deleted
        member_count_refresh(group)


@receiver(post_save, sender=Role, dispatch_uid="groups.police_role_granted")
def police_role_granted(sender, instance: Role, created: bool, **kwargs) -> None:
    if instance.kind in RoleKind.police():
        with transaction.atomic():
            for membership in Membership.objects.filter(user_id=instance.user_id):
                membership.delete()  # post_delete refreshes the group's count
