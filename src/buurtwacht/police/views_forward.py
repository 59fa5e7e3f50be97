"""Passing a police message on, and what the group sees of it.

An admin who received it posts it into their group ("Doorsturen naar de groep": once per group, however many
admins tap), shares it through WhatsApp (a link that records the share and then opens wa.me) or copies the text
(static/buurtwacht/police-share.js copies and records; without JavaScript the page shows the text to select).
The group's members see the post apart from their own alerts and can only mark it seen or say they called 112.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.alerts.events import clock
from buurtwacht.delivery.selectors import last_event_id
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_member
from buurtwacht.police import selectors, services, text
from buurtwacht.police.forms import ForwardForm, MarkForm
from buurtwacht.police.models import Forward, ForwardChannel, MarkKind, MemberMark, PoliceMessage
from buurtwacht.police.views_received import area_features, received_message

WHATSAPP = "https://wa.me/?text="


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _answer(request, message: PoliceMessage, *, ok: bool, detail: str, status: int = 200, anchor: str = "doorsturen"):
    if _wants_json(request):
        return JsonResponse({"ok": ok, "detail": detail}, status=status)
    (messages.success if ok else messages.error)(request, detail)
    return redirect(reverse("police:received", args=[message.pk]) + f"#{anchor}")


def already_posted(forward: Forward, user) -> str:
    """ "Al doorgestuurd door Anton om 14:05": who was first, for the admin who tapped second."""
    values = {"group": forward.group.name, "time": clock(forward.created_at)}
    if forward.user_id == user.pk:
        return _("U had dit bericht al doorgestuurd naar %(group)s, om %(time)s.") % values
    name = forward.user.first_name if forward.user else _("een andere beheerder")
    return _("Dit bericht was al doorgestuurd naar %(group)s door %(name)s, om %(time)s.") % (values | {"name": name})


@require_POST
@second_factor_required
def forward(request, pk: int):
    """ "Doorsturen naar de groep" (a form), or "Tekst kopiëren" (the script, or a form without it)."""
    message = received_message(request, pk)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, message, ok=False, detail=_("Kies een groep en hoe u het bericht doorstuurt."), status=400
        )
    group = get_object_or_404(Group, pk=form.cleaned_data["group"])
    channel = form.cleaned_data["channel"]
    before = selectors.post_of(message, group) if channel == ForwardChannel.GROUP else None
    try:
        done = services.message_forward(message=message, group=group, user=request.user, channel=channel)
    except ValidationError as exc:
        return _answer(request, message, ok=False, detail=" ".join(exc.messages), status=400)
    if channel == ForwardChannel.COPY:
        if _wants_json(request):
            detail = _("De tekst is gekopieerd. Plak hem in de groepsapp van %(group)s.") % {"group": group.name}
            return JsonResponse({"ok": True, "detail": detail})
        messages.info(request, _("Selecteer de tekst hieronder, kopieer hem en plak hem in de groepsapp."))
        return redirect(reverse("police:received", args=[message.pk]) + "?kopieer=1#tekst")
    if before is not None or done.user_id != request.user.pk:
        return _answer(request, message, ok=True, detail=already_posted(done, request.user))
    detail = _("Het bericht staat nu in %(group)s. De deelnemers krijgen het meteen.") % {"group": group.name}
    return _answer(request, message, ok=True, detail=detail)


@require_GET
@second_factor_required
def whatsapp(request, pk: int, group_pk: int):
    """ "Delen via WhatsApp": records the share for the group, then opens WhatsApp with the text. A link, not a
    form: the CSP's form-action lets a form lead to this site only, and a redirect after a form counts too."""
    message = received_message(request, pk)
    group = get_object_or_404(Group, pk=group_pk)
    services.message_forward(message=message, group=group, user=request.user, channel=ForwardChannel.WHATSAPP)
    return HttpResponseRedirect(WHATSAPP + quote(text.message_text(message), safe=""))


def _post(request, pk: int, slug: str) -> tuple[Forward, Group]:
    group = get_object_or_404(Group, slug=slug)
    require_member(request.user, group)
    message = get_object_or_404(PoliceMessage.objects.prefetch_related("updates"), pk=pk)
    posted = selectors.post_of(message, group)
    if posted is None:
        raise Http404
    posted.message = message  # with its updates
    return posted, group


@never_cache
@second_factor_required
def post(request, pk: int, slug: str):
    posted, group = _post(request, pk, slug)
    services.post_seen(forward=posted, user=request.user)
    counts = dict(posted.marks.values_list("kind").annotate(n=Count("pk")))
    mine = {mark.kind: mark for mark in MemberMark.objects.filter(forward=posted, user=request.user)}
    context = {
        "message": posted.message,
        "forward": posted,
        "group": group,
        "seen_count": counts.get(MarkKind.SEEN, 0),
        "called_count": counts.get(MarkKind.CALLED_112, 0),
        "my_seen": mine.get(MarkKind.SEEN),
        "my_called": mine.get(MarkKind.CALLED_112),
        "area_features": area_features(posted.message),
        "photo": bool(posted.message.photo),
        "live_since": last_event_id(request.user),
    }
    return render(request, "police/post.html", context)


@require_POST
@second_factor_required
def mark(request, pk: int, slug: str):
    """ "Gezien" or "Ik heb 112 gebeld": all a member can say about a police message in the group."""
    posted, group = _post(request, pk, slug)
    form = MarkForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    try:
        services.member_mark(forward=posted, user=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if kind == MarkKind.CALLED_112:
            messages.success(request, _("Genoteerd: u heeft 112 gebeld. Dank u."))
        else:
            messages.success(request, _("Genoteerd: u heeft het bericht gezien."))
    return redirect("police:post", pk=pk, slug=group.slug)
