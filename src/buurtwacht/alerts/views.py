"""Pages of the alerts: the feed of one's groups, a group's alerts, the SAAR composer, one alert with its
timeline, reacting, closing, photos, and admins' notices. Only members get in (alerts.permissions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.alerts import hooks, selectors
from buurtwacht.alerts.events import alert_topic, receipts_line
from buurtwacht.alerts.forms import (
    AlertForm,
    CloseForm,
    NearbyQueryForm,
    NoticeForm,
    ReactionForm,
    composer_errors,
)
from buurtwacht.alerts.forms_signalement import PersonForm, VehicleForm
from buurtwacht.alerts.models import URGENT_KINDS, Alert
from buurtwacht.alerts.permissions import can_close, can_see_receipts
from buurtwacht.alerts.rules import Place, whatsapp_only_message
from buurtwacht.alerts.services import (
    alert_close,
    alert_create,
    inactive_message,
    notice_post,
    rate_limit_message,
    reaction_add,
)
from buurtwacht.delivery.outbound import deliveries_mark_seen
from buurtwacht.groups.models import AlertPlace, Group, GroupStatus
from buurtwacht.groups.permissions import require_admin, require_member
from buurtwacht.groups.selectors import groups_of
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.storage import private_jpeg


def _live_since(user) -> dict:
    """Where the page's live stream starts: events after the last one the page was rendered with."""
    return {"live_since": selectors.last_event_id(user)}


def _area_features(group: Group) -> dict:
    """The group's area as background of the composer's and the alert's map."""
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": group.area, "properties": {}}]}


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@never_cache
@second_factor_required
def home(request):
    """All alerts of one's groups, live: the page a member keeps open (or installs as an app)."""
    memberships = [] if request.user.is_police else groups_of(request.user)
    group_ids = [membership.group_id for membership in memberships]
    groups = [membership.group for membership in memberships]
    context = {
        "memberships": memberships,
        "entries": hooks.feed_merge(selectors.feed(group_ids), groups, request.user),
        "sections": hooks.sections_of(request.user),
        "notices": selectors.notices(group_ids),
        "show_group": len(group_ids) > 1,
    }
    return render(request, "alerts/home.html", context | _live_since(request.user))


@never_cache
@second_factor_required
def group_alerts(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    membership = require_member(request.user, group)
    context = {
        "group": group,
        "membership": membership,
        "entries": hooks.feed_merge(selectors.feed([group.pk]), [group], request.user),
        "notices": selectors.notices([group.pk]),
        "notice_form": NoticeForm() if membership.is_admin else None,
        "can_post": group.status == GroupStatus.ACTIVE and group.alerts_in_buurtwacht,
    }
    return render(request, "alerts/group.html", context | _live_since(request.user))


def _same_incident(request, group: Group, place: Place) -> list:
    try:
        return selectors.same_incident(group=group, viewer=request.user, place=place)
    except ValidationError:
        return []  # alert_create says what is wrong with the place


@never_cache
@second_factor_required
def compose(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    require_member(request.user, group)
    if group.status != GroupStatus.ACTIVE:
        messages.error(request, inactive_message())
        return redirect("alerts:list", slug=group.slug)
    if group.alert_place == AlertPlace.WHATSAPP:
        messages.error(request, whatsapp_only_message())
        return redirect("alerts:list", slug=group.slug)
    nearby = []
    if request.method == "POST":
        form = AlertForm(request.POST, request.FILES)
        person, vehicle = PersonForm(request.POST, prefix="person"), VehicleForm(request.POST, prefix="vehicle")
        if form.is_valid():
            data = form.alert_input(timezone.now(), person=person.parsed(), vehicle=vehicle.parsed())
            nearby = _same_incident(request, group, data.place)
            unseen = [item for item in nearby if item.alert.pk not in form.cleaned_data["seen_nearby"]]
            if unseen:
                # The member has not seen these yet: show them first ("is this the same incident?").
                form.data = form.data.copy()
                form.data["seen_nearby"] = ",".join(str(item.alert.pk) for item in nearby)
                messages.warning(
                    request, _("Kijk eerst of uw melding over hetzelfde gaat als een open melding hieronder.")
                )
            else:
                try:
                    alert = alert_create(
                        group=group, author=request.user, data=data, photos=form.cleaned_data["photos"]
                    )
                except ValidationError as exc:
                    composer_errors(exc, form, person, vehicle)
                else:
                    messages.success(
                        request, _("Uw melding is verstuurd naar de deelnemers van %(group)s.") % {"group": group.name}
                    )
                    return redirect(alert.get_absolute_url())
    else:
        form = AlertForm()
        person, vehicle = PersonForm(prefix="person"), VehicleForm(prefix="vehicle")
    context = {
        "group": group,
        "form": form,
        "rate_limit_message": rate_limit_message(request.user),
        "person_form": person,
        "vehicle_form": vehicle,
        "nearby": nearby,
        "urgent_kinds": sorted(URGENT_KINDS),
        "area_features": _area_features(group),
    }
    return render(request, "alerts/compose.html", context)


@require_GET
@second_factor_required
def nearby(request, slug: str):
    """The composer asks, once the place is known and when the member leaves step 1: may I alert about this place,
    and which open alerts are near it? A fragment: the nearby alerts, or (400) why the place is refused, per
    field ("place", "postcode", "house_number")."""
    group = get_object_or_404(Group, slug=slug)
    require_member(request.user, group)
    query = NearbyQueryForm(request.GET)
    query.is_valid()  # text fields only: always valid
    try:
        items = selectors.same_incident(group=group, viewer=request.user, place=query.place())
    except ValidationError as exc:
        return render(request, "alerts/_place_refused.html", {"refusals": exc.message_dict}, status=400)
    return render(request, "alerts/_nearby.html", {"group": group, "nearby": items})


def _member_alert(request, slug: str, pk: int) -> tuple[Alert, object]:
    alert = selectors.alert_with_timeline(pk)
    if alert is None or alert.group.slug != slug:
        raise Http404
    return alert, require_member(request.user, alert.group)


@never_cache
@second_factor_required
def detail(request, slug: str, pk: int):
    alert, membership = _member_alert(request, slug, pk)
    deliveries_mark_seen(user=request.user, topic=alert_topic(alert))
    return _detail_page(request, alert, membership, ReactionForm())


def _detail_page(request, alert: Alert, membership, reaction_form: ReactionForm):
    context = {
        "alert": alert,
        "group": alert.group,
        "membership": membership,
        "close_form": CloseForm(prefix="close") if alert.is_open and can_close(request.user, alert) else None,
        "reaction_form": reaction_form,
        "area_features": _area_features(alert.group),
        "receipts": _receipts(request.user, alert),
        "parts": hooks.parts_of(request, alert),
    }
    return render(request, "alerts/detail.html", context | _live_since(request.user))


def _receipts(user, alert: Alert) -> str:
    """ "Bezorgd bij 70, gezien door 12 van 75 deelnemers", for the author and the admins only."""
    return receipts_line(selectors.alert_receipts(alert)) if can_see_receipts(user, alert) else ""


@require_POST
@second_factor_required
def react(request, slug: str, pk: int):
    """A reaction. From the page's script the answer is JSON (the card itself changes through the live stream);
    from a plain form it is the alert page with a message."""
    alert, membership = _member_alert(request, slug, pk)
    form = ReactionForm(request.POST)
    form.is_valid()  # text fields only: always valid
    error = ""
    try:
        reaction_add(alert=alert, author=request.user, **form.cleaned_data)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        add_service_error(form, exc)
    if _wants_json(request):
        detail = error or _("Uw reactie is geplaatst.")
        return JsonResponse({"ok": not error, "detail": detail}, status=400 if error else 200)
    if error and "text" in form.errors:
        # A refused addition: the page again with the text kept and the reason beside it.
        return _detail_page(request, selectors.alert_with_timeline(alert.pk), membership, form)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Uw reactie is geplaatst."))
    return redirect(alert.get_absolute_url())


@second_factor_required
def close(request, slug: str, pk: int):
    alert, membership = _member_alert(request, slug, pk)
    if not can_close(request.user, alert):
        messages.error(request, _("Alleen de melder of een beheerder kan deze melding afsluiten."))
        return redirect(alert.get_absolute_url())
    form = CloseForm(request.POST or None, prefix="close")
    if request.method == "POST" and form.is_valid():
        try:
            alert_close(alert=alert, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De melding is afgesloten; de deelnemers horen hoe het afliep."))
            return redirect(alert.get_absolute_url())
    return render(request, "alerts/close.html", {"alert": alert, "group": alert.group, "close_form": form})


@require_GET
@second_factor_required
def photo(request, slug: str, pk: int, photo_pk: int, size: str):
    alert, _membership = _member_alert(request, slug, pk)
    item = next((p for p in alert.photos.all() if p.pk == photo_pk), None)
    if item is None or size not in ("groot", "klein"):
        raise Http404
    return private_jpeg(item.image if size == "groot" else item.thumbnail)


@require_POST
@second_factor_required
def notice(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    require_admin(request.user, group)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice_post(group=group, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De mededeling is verstuurd naar de deelnemers."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("alerts:list", slug=group.slug)
