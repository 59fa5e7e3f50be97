"""The sticker pages per role: an admin requests from the group's manage pages; staff of the gemeente hand out,
refuse and keep the stock; police of the gemeente read; everyone else is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest
from buurtwacht.municipality.stickers.services import sticker_request_create
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db

CODE = "GM9901"
PERSONAS = ["anonymous", "resident", "member", "other_admin", "admin", "other_staff", "police", "staff"]
ROLES = {"other_staff", "police", "staff"}


@pytest.fixture
def open_request(sticker_world):
    return sticker_request_create(
        group=sticker_world.group, admin=sticker_world.admin, number=2, delivery="post", address="Molenweg 3"
    )


def sign_in(client, world, persona):
    if persona == "anonymous":
        return
    user = getattr(world, persona)
    if persona in ROLES:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)


def urls(world, request) -> dict[str, tuple[str, str]]:
    return {
        "group": ("get", reverse("stickers:group", kwargs={"slug": world.group.slug})),
        "gemeente": ("get", reverse("stickers:gemeente", kwargs={"code": CODE})),
        "settings": ("get", reverse("stickers:settings", kwargs={"code": CODE})),
        "sent": ("post", reverse("stickers:sent", kwargs={"code": CODE, "pk": request.pk})),
        "ready": ("post", reverse("stickers:ready", kwargs={"code": CODE, "pk": request.pk})),
        "refuse": ("get", reverse("stickers:refuse", kwargs={"code": CODE, "pk": request.pk})),
        "picked_up": ("post", reverse("stickers:picked_up", kwargs={"code": CODE, "pk": request.pk})),
        "delivery": ("post", reverse("stickers:delivery", kwargs={"code": CODE})),
    }


ALLOWED = {
    "group": {"admin"},
    "gemeente": {"staff", "police"},
    "settings": {"staff"},
    "sent": {"staff"},
    "ready": {"staff"},
    "refuse": {"staff"},
    "picked_up": {"staff"},
    "delivery": {"staff"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(ALLOWED))
def test_who_may_open_which_page(client, sticker_world, open_request, persona, name):
    sign_in(client, sticker_world, persona)
    method, url = urls(sticker_world, open_request)[name]
    response = getattr(client, method)(url)
    if persona in ALLOWED[name]:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))
    elif persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 403
    open_request.refresh_from_db()
    if not (persona == "staff" and name in ("sent", "ready")):
        assert open_request.status == RequestStatus.OPEN


def test_a_request_of_another_gemeente_is_not_found(client, sticker_world, open_request):
    login_with_second_factor(client, sticker_world.other_staff)
    url = reverse("stickers:sent", kwargs={"code": "GM9902", "pk": open_request.pk})
    assert client.post(url).status_code == 404


def test_the_manage_page_links_to_stickers(client, sticker_world):
    client.force_login(sticker_world.admin)
    page = client.get(reverse("groups:manage", kwargs={"slug": sticker_world.group.slug})).content.decode()
    assert reverse("stickers:group", kwargs={"slug": sticker_world.group.slug}) in page
    assert "Stickers aanvragen bij de gemeente" in page


def test_an_admin_requests_stickers_by_the_form(client, sticker_world):
    world = sticker_world
    client.force_login(world.admin)
    url = reverse("stickers:group", kwargs={"slug": world.group.slug})
    page = client.get(url).content.decode()
    assert "Nog aan te vragen" in page and "Balie Burgerzaken" in page
    response = client.post(url, {"number": 4, "delivery": "pickup"})
    assert response.status_code == 200
    assert "U kunt nog 3 stickers aanvragen" in response.content.decode()
    response = client.post(url, {"number": 3, "delivery": "pickup", "note": "Voor de hele straat"})
    assert response.status_code == 302
    request = StickerRequest.objects.get()
    assert (request.number, request.delivery, request.requested_by, request.note) == (
        3, "pickup", world.admin, "Voor de hele straat"
    )
    page = client.get(url).content.decode()
    assert "aangevraagd" in page and "alle stickers aangevraagd" in page
    assert 'name="number"' not in page  # nothing left to ask for


def test_staff_hand_out_from_the_stickers_page_and_police_only_read(client, sticker_world, open_request):
    world = sticker_world
    login_with_second_factor(client, world.police)
    page = client.get(reverse("stickers:gemeente", kwargs={"code": CODE})).content.decode()
    assert "Buurtpreventie Molenhoek" in page
    assert reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk}) not in page
    assert "Molenweg 3" not in page  # the delivery address is for the gemeente
    assert reverse("stickers:settings", kwargs={"code": CODE}) not in page

    login_with_second_factor(client, world.staff)
    page = client.get(reverse("stickers:gemeente", kwargs={"code": CODE})).content.decode()
    sent = reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk})
    assert f'action="{sent}"' in page and "Molenweg 3" in page
    response = client.post(sent)
    assert response["Location"] == reverse("stickers:gemeente", kwargs={"code": CODE})
    open_request.refresh_from_db()
    world.settings.refresh_from_db()
    assert open_request.status == RequestStatus.SENT and world.settings.stock == 98
    response = client.post(sent, follow=True)
    assert "al afgehandeld" in response.content.decode()
    world.settings.refresh_from_db()
    assert world.settings.stock == 98


def test_staff_see_the_refusal_of_the_stock_in_dutch(client, sticker_world, open_request):
    world = sticker_world
    world.settings.stock = 1
    world.settings.save()
    login_with_second_factor(client, world.staff)
    url = reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk})
    response = client.post(url, {"next": "dashboard"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("municipality:overview", kwargs={"code": CODE})
    assert "Er zijn nog 1 stickers op voorraad" in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.OPEN


def test_staff_refuse_with_a_reason(client, sticker_world, open_request):
    login_with_second_factor(client, sticker_world.staff)
    url = reverse("stickers:refuse", kwargs={"code": CODE, "pk": open_request.pk})
    assert "Reden" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Uw groep kreeg vorige maand al stickers."})
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.REFUSED
    assert open_request.reason == "Uw groep kreeg vorige maand al stickers."


def test_staff_keep_the_stock_and_settings(client, sticker_world):
    login_with_second_factor(client, sticker_world.staff)
    url = reverse("stickers:settings", kwargs={"code": CODE})
    data = {"stock": 8, "low_threshold": 10, "per_address": 2, "allow_pickup": "on", "pickup_text": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "Schrijf waar en wanneer" in response.content.decode()
    response = client.post(url, {**data, "pickup_text": "Stadhuis, balie 3."})
    assert response.status_code == 302
    sticker_world.settings.refresh_from_db()
    assert (sticker_world.settings.stock, sticker_world.settings.per_address) == (8, 2)
    assert not sticker_world.settings.allow_post
    page = client.get(reverse("stickers:gemeente", kwargs={"code": CODE})).content.decode()
    assert "Nog 8 stickers op voorraad." in page


def test_stickers_laid_ready_stay_open_until_picked_up(client, sticker_world, smtp, django_capture_on_commit_callbacks):
    world = sticker_world
    login_with_second_factor(client, world.staff)
    page_url = reverse("stickers:gemeente", kwargs={"code": CODE})
    request = sticker_request_create(group=world.group, admin=world.admin, number=2, delivery="pickup")
    client.post(reverse("stickers:ready", kwargs={"code": CODE, "pk": request.pk}))
    page = client.get(page_url).content.decode()
    open_part = page[page.index('id="open-heading"'):page.index('id="done-heading"')]
    picked_up = reverse("stickers:picked_up", kwargs={"code": CODE, "pk": request.pk})
    assert "klaar om op te halen" in open_part and f'action="{picked_up}"' in open_part
    assert "Nog niets afgehandeld." in page
    dashboard = client.get(reverse("municipality:overview", kwargs={"code": CODE})).content.decode()
    assert "1 klaar om op te halen" in dashboard

    with django_capture_on_commit_callbacks(execute=True):
        client.post(picked_up)
    request.refresh_from_db()
    assert request.status == RequestStatus.PICKED_UP and request.picked_up_at is not None
    page = client.get(page_url).content.decode()
    done_part = page[page.index('id="done-heading"'):]
    assert "opgehaald" in done_part and f'action="{picked_up}"' not in page
    mails = [m for m in smtp.messages if "opgehaald" in m["Subject"]]
    admins = set(world.group.memberships.filter(role="admin").values_list("user__email", flat=True))
    assert {m["To"] for m in mails} == admins
    assert "al afgehandeld" not in client.post(picked_up, follow=True).content.decode()
    assert "Alleen stickers die klaarliggen" in client.post(picked_up, follow=True).content.decode()


def test_a_delivery_is_added_to_the_stock(client, sticker_world):
    world = sticker_world
    login_with_second_factor(client, world.staff)
    response = client.post(reverse("stickers:delivery", kwargs={"code": CODE}), {"number": 250}, follow=True)
    world.settings.refresh_from_db()
    assert world.settings.stock == 350
    text = response.content.decode()
    assert "Levering ontvangen: 250 stickers bij de voorraad geteld. De voorraad is nu 350." in text
    response = client.post(reverse("stickers:delivery", kwargs={"code": CODE}), {"number": 0}, follow=True)
    world.settings.refresh_from_db()
    assert world.settings.stock == 350


def test_dates_are_written_out_everywhere(client, sticker_world, open_request):
    world = sticker_world
    login_with_second_factor(client, world.staff)
    client.post(reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk}))
    open_request.refresh_from_db()
    page = client.get(reverse("stickers:gemeente", kwargs={"code": CODE})).content.decode()
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    written = date_format(localtime(open_request.decided_at), "j F Y")
    numeric = date_format(localtime(open_request.decided_at), "j-n-Y")
    assert written in page and numeric not in page


def test_the_request_form_offers_the_admins_home_address(client, sticker_world):
    world = sticker_world
    client.force_login(world.admin)
    page = client.get(reverse("stickers:group", kwargs={"slug": world.group.slug})).content.decode()
    world.admin.refresh_from_db()
    assert f'value="{world.admin.address}"' in page.replace("&#x27;", "'")


def test_an_admin_without_a_home_address_gets_an_empty_field(client, sticker_world):
    world = sticker_world
    world.admin.address = None
    world.admin.save(update_fields=["address"])
    client.force_login(world.admin)
    page = client.get(reverse("stickers:group", kwargs={"slug": world.group.slug})).content.decode()
    field = page[page.index('name="address"'):]
    field = field[:field.index(">")]
    assert "value=" not in field
