"""Pages of the network: a group's network for its admins (taking part, neighbours, the wijk's beheerdersgroep,
alerts passed on to it), passing an alert on, a passed-on alert with its forward button, and the gemeente's
network for staff and police (map and list, no people)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import can_see_admins_of, require, second_factor_required
from buurtwacht.alerts.models import Alert
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.permissions import administered_group, require_admin
from buurtwacht.kit.text import before_full_stop
from buurtwacht.networks import selectors, services
from buurtwacht.networks.models import PassOn


@never_cache
@login_required
def group(request, slug: str):
    group = administered_group(request.user, slug=slug)
    context = {
        "group": group,
        "network": selectors.group_network(group),
        "received": list(selectors.received_by(request.user, [group.pk])[:20]),
    }
    return render(request, "networks/group.html", context)


@require_POST
@login_required
def optin(request, slug: str):
    group = administered_group(request.user, slug=slug)
    try:
        if request.POST.get("opted_in") == "1":
            services.network_opt_in(group=group, by=request.user)
            messages.success(request, _("%(name)s doet mee aan het netwerk van buurgroepen.") % {"name": group.name})
        else:
            services.network_opt_out(group=group, by=request.user)
            messages.success(request, _("%(name)s doet niet meer mee aan het netwerk.") % {"name": group.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("networks:group", slug=group.slug)


@require_POST
@login_required
def pass_on_alert(request, slug: str, pk: int):
    alert = get_object_or_404(Alert.objects.select_related("group"), pk=pk, group__slug=slug)
    require_admin(request.user, alert.group)
    try:
        result = services.alert_pass_on(alert=alert, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.new:
            names = before_full_stop(", ".join(p.target_group.name for p in result.new))
            messages.success(
                request,
                ngettext(
                    "Doorgegeven aan de beheerders van %(names)s.",
                    "Doorgegeven aan de beheerders van %(names)s.",
                    len(result.new),
                )
                % {"names": names},
            )
        else:
            messages.info(
                request, _("Deze melding was al doorgegeven aan alle buurgroepen; niemand krijgt haar twee keer.")
            )
    return redirect(alert.get_absolute_url() + "#doorgeven")


def _received(request, pk: int) -> PassOn:
    pass_on = get_object_or_404(
        PassOn.objects.select_related(
            "alert", "alert__group", "source_group", "target_group", "forwarded_by", "forwarded_alert"
        ),
        pk=pk,
    )
    require_admin(request.user, pass_on.target_group)
    return pass_on


@never_cache
@login_required
def pass_on(request, pk: int):
    pass_on = _received(request, pk)
    context = {"pass_on": pass_on, "area_features": selectors.area_features(pass_on.source_group)}
    return render(request, "networks/pass_on.html", context)


@require_POST
@login_required
def forward(request, pk: int):
    pass_on = _received(request, pk)
    try:
        alert = services.pass_on_forward(pass_on=pass_on, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(pass_on.get_absolute_url())
    messages.success(
        request,
        _("Doorgestuurd naar de deelnemers van %(group)s.") % {"group": before_full_stop(pass_on.target_group.name)},
    )
    return redirect(alert.get_absolute_url())


@never_cache
@second_factor_required
def gemeente(request, code: str):
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_see_admins_of(request.user, gemeente))
    network = selectors.gemeente_network(gemeente)
    context = {
        "gemeente": gemeente,
        "network": network,
        "features": selectors.network_geojson(network),
        "api_url": reverse("api-v1:networks_gemeente", kwargs={"code": gemeente.code}),
    }
    return render(request, "networks/gemeente.html", context)
