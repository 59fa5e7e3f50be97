"""Pages of delivery: the service worker and the manifest that make Buurtwacht an installable web app, and the
member's page "how do I receive alerts" (push on this device, the devices that get push, e-mail)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buurtwacht.delivery.forms import AlertMailForm
from buurtwacht.delivery.models import AlertMail
from buurtwacht.delivery.subscriptions import alert_mail_set, push_subscription_remove
from buurtwacht.delivery.vapid import application_server_key
from buurtwacht.kit.second_factor import second_factor_required

THEME_COLOUR = "#12365f"  # --brand in site.css
BACKGROUND_COLOUR = "#ffffff"  # --paper


def _alerts_home() -> str:
    try:
        return reverse("alerts:home")
    except NoReverseMatch:  # the alerts app's pages are not mounted (a reduced set-up)
        return "/"


BROWSERS = [
    ("Edg", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("OPR", "Opera"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def device_name(user_agent: str) -> str:
    """The device as "Firefox op Android", from a User-Agent header ("Onbekend apparaat" without one)."""
    user_agent = user_agent or ""
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return _("%(browser)s op %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Onbekend apparaat")


@require_GET
def service_worker(request):
    """/sw.js, at the root so that its scope is the whole site."""
    context = {"offline_html": render_to_string("delivery/offline.html"), "home_url": _alerts_home()}
    response = HttpResponse(render_to_string("delivery/sw.js", context), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    home = _alerts_home()
    with translation.override("nl"):  # the installed app's name and description are Dutch
        description = _("Meldingen van uw buurtpreventiegroep. Bij spoed altijd eerst 112 bellen.")
    body = {
        "id": home,
        "name": "Buurtwacht",
        "short_name": "Buurtwacht",
        "description": description,
        "lang": "nl",
        "dir": "ltr",
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("buurtwacht/icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("buurtwacht/icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("buurtwacht/icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@second_factor_required
def settings_page(request):
    """/meldingen-ontvangen/: push on this device (push.js), the devices that get push, and e-mail."""
    user = request.user
    form = AlertMailForm(initial={"alert_mail": user.alert_mail})
    if request.method == "POST":
        if "remove" in request.POST:
            try:
                subscription_id = int(request.POST["remove"])
            except ValueError:
                subscription_id = 0
            if push_subscription_remove(user=user, subscription_id=subscription_id):
                messages.success(request, _("Dit apparaat krijgt geen pushberichten meer."))
            else:
                messages.error(request, _("Dit apparaat stond al niet (meer) in de lijst."))
            return redirect("delivery:settings")
        form = AlertMailForm(request.POST)
        if form.is_valid():
            try:
                alert_mail_set(user=user, alert_mail=form.cleaned_data["alert_mail"])
            except ValidationError as exc:
                form.add_error("alert_mail", exc)
            else:
                messages.success(request, _("Uw keuze voor e-mail is opgeslagen."))
                if form.cleaned_data["alert_mail"] == AlertMail.NEVER and not user.push_subscriptions.exists():
                    messages.warning(
                        request,
                        _(
                            "Let op: er staat geen apparaat met pushberichten aan. Zo krijgt u geen meldingen "
                            "meer, alleen als u Buurtwacht zelf opent. Zet hieronder pushberichten aan, of kies "
                            "e-mail."
                        ),
                    )
                return redirect("delivery:settings")
    subscriptions = list(user.push_subscriptions.order_by("-created_at"))
    for subscription in subscriptions:
        subscription.device_name = device_name(subscription.user_agent)
    context = {
        "form": form,
        "subscriptions": subscriptions,
        "public_key": application_server_key(),
    }
    return render(request, "delivery/settings.html", context)
