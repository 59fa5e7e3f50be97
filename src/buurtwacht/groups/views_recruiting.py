"""Recruiting pages: the public invite page behind a group's link and QR code, and for its admins the QR code,
the flyer and renewing the link."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.groups import recruiting
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import administered_group, is_member


def invite(request, slug: str, token: str):
    """Where the link and the QR code lead: who the group is, who may join, and the way in."""
    group = get_object_or_404(Group.objects.active().select_related("gemeente", "wijk"), slug=slug)
    valid = secrets.compare_digest(token.encode(), group.invite_token.encode())
    context = {"group": group, "valid": valid}
    if valid:
        context["join_url"] = reverse("groups:join", kwargs={"slug": group.slug}) + f"?uitnodiging={group.invite_token}"
        context["already_member"] = is_member(request.user, group)
    return render(request, "groups/invite.html", context, status=200 if valid else 404)


@never_cache
@login_required
def invite_qr(request, slug: str):
    group = administered_group(request.user, slug=slug)
    return HttpResponse(recruiting.qr_svg(recruiting.invite_url(group)), content_type="image/svg+xml")


@never_cache
@login_required
def invite_qr_png(request, slug: str):
    group = administered_group(request.user, slug=slug)
    response = HttpResponse(recruiting.qr_png(recruiting.invite_url(group)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{group.slug}.png"'
    return response


@never_cache
@login_required
def flyer(request, slug: str):
    group = administered_group(request.user, slug=slug)
    response = HttpResponse(recruiting.flyer_pdf(group=group), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{recruiting.flyer_filename(group)}"'
    return response


@login_required
@require_POST
def invite_rotate(request, slug: str):
    group = administered_group(request.user, slug=slug)
    recruiting.invite_token_renew(group=group, admin=request.user)
    messages.success(
        request,
        _(
            "De uitnodigingslink is vernieuwd. De oude link en QR-code werken niet meer; "
            "print zo nodig een nieuwe flyer."
        ),
    )
    return redirect(reverse("groups:manage", kwargs={"slug": group.slug}) + "#uitnodigen")
