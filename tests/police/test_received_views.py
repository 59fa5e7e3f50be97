"""The pages of the admins and residents a police message reached: the message itself, passing it on (into the
group once, WhatsApp and copying recorded each time), the photo, "Ik heb informatie" and the list of messages."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from buurtwacht.delivery.models import Event, EventRecipient
from buurtwacht.police import services
from buurtwacht.police.models import Forward, Tip
from tests.factories import login_with_second_factor
from tests.police.conftest import message_input

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def dispatch(police_world):
    return services.message_send(sender=police_world.sender, data=message_input())


@pytest.fixture
def area_alert(police_world):
    return services.message_send(sender=police_world.sender, data=message_input(kind="area_alert"))


def forward_url(message) -> str:
    return reverse("police:forward", args=[message.pk])


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response) -> list[str]:
    return [str(m) for m in client.get(response["Location"]).context["messages"]]


# --- the message's page ----------------------------------------------------------------------------------------


def test_an_admin_sees_the_text_as_the_police_wrote_it_with_the_three_actions(client, police_world, dispatch):
    admin = police_world.near_admins[0]
    client.force_login(admin)
    response = client.get(reverse("police:received", args=[dispatch.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vanwege een woninginbraak bij" in page and "Heeft u informatie? Bel 112." in page
    assert 'href="tel:112"' in page
    assert "Doorsturen naar de groep" in page and "Delen via WhatsApp" in page and "Tekst kopiëren" in page
    assert reverse("police:whatsapp", args=[dispatch.pk, police_world.near.pk]) in page
    assert 'data-map data-features="police-area"' in page
    assert "Ik heb informatie" not in page  # a dispatch asks the admins to pass it on, not to answer the police
    assert EventRecipient.objects.get(event_id=dispatch.event_id, user=admin).seen_at is not None


@pytest.mark.parametrize("who", ["far_admin", "near_member", "resident_in", "officer"])
def test_someone_it_did_not_reach_is_told_nothing(client, police_world, dispatch, who):
    w = police_world
    user = {"far_admin": w.far_admin, "near_member": w.near_members[0], "resident_in": w.resident_in}.get(who)
    if who == "officer":
        login_with_second_factor(client, w.officer)
    else:
        client.force_login(user)
    assert client.get(reverse("police:received", args=[dispatch.pk])).status_code == 404
    assert client.post(forward_url(dispatch), {"group": w.near.pk, "channel": "groep"}).status_code == 404
    assert not Forward.objects.exists()


def test_updates_and_the_outcome_show_on_the_page(client, police_world, dispatch):
    w = police_world
    services.message_update(sender=w.sender, message=dispatch, text_="Verdachte rent richting het station.")
    services.message_close(sender=w.sender, message=dispatch, outcome="aangehouden")
    client.force_login(w.near_admins[0])
    page = client.get(reverse("police:received", args=[dispatch.pk])).content.decode()
    assert "Verdachte rent richting het station." in page
    assert "Afgelopen: Aangehouden" in page
    assert "doorsturen naar de groep kan niet meer" in page


# --- passing it on ---------------------------------------------------------------------------------------------


def test_two_admins_tapping_forward_make_one_post_and_the_second_hears_who_was_first(client, police_world, dispatch):
    w = police_world
    first, second = w.near_admins
    client.force_login(first)
    response = client.post(forward_url(dispatch), {"group": w.near.pk, "channel": "groep"})
    assert response.status_code == 302
    assert "Het bericht staat nu in Buurtpreventie Molenhoek." in " ".join(follow_messages(client, response))
    client.force_login(second)
    response = client.post(forward_url(dispatch), {"group": w.near.pk, "channel": "groep"})
    said = " ".join(follow_messages(client, response))
    assert f"al doorgestuurd naar Buurtpreventie Molenhoek door {first.first_name}, om" in said
    assert Forward.objects.filter(channel="groep").count() == 1
    assert Event.objects.filter(kind="police-post").count() == 1
    page = client.get(reverse("police:received", args=[dispatch.pk])).content.decode()
    assert f"Al doorgestuurd naar de groep door {first.first_name} om" in page


def test_an_admin_cannot_post_into_a_group_they_do_not_run(client, police_world, dispatch):
    w = police_world
    client.force_login(w.near_admins[0])
    assert client.post(forward_url(dispatch), {"group": w.far.pk, "channel": "groep"}).status_code == 403
    assert not Forward.objects.exists()


def test_a_closed_message_is_not_posted_into_the_group_any_more(client, police_world, dispatch):
    w = police_world
    services.message_close(sender=w.sender, message=dispatch, outcome="niet_gevonden")
    client.force_login(w.near_admins[0])
    response = client.post(forward_url(dispatch), {"group": w.near.pk, "channel": "groep"})
    assert "Dit bericht is al beëindigd." in " ".join(follow_messages(client, response))
    assert not Forward.objects.exists()


@pytest.mark.parametrize("data", [{}, {"group": "x", "channel": "groep"}, {"group": "1", "channel": "fax"}])
def test_bad_input_is_refused_in_dutch_and_writes_nothing(client, police_world, dispatch, data):
    client.force_login(police_world.near_admins[0])
    response = client.post(forward_url(dispatch), data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400
    assert response.json() == {"ok": False, "detail": "Kies een groep en hoe u het bericht doorstuurt."}
    assert not Forward.objects.exists()


def test_the_whatsapp_link_records_the_share_and_opens_whatsapp_with_the_text(client, police_world, dispatch):
    w = police_world
    client.force_login(w.near_admins[0])
    response = client.get(reverse("police:whatsapp", args=[dispatch.pk, w.near.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("https://wa.me/?text=Bericht%20van%20de%20politie.%0AVanwege")
    assert unquote(response["Location"].split("=", 1)[1]).endswith("Heeft u informatie? Bel 112.")
    client.get(reverse("police:whatsapp", args=[dispatch.pk, w.near.pk]))
    assert Forward.objects.filter(channel="whatsapp", user=w.near_admins[0]).count() == 2


def test_whatsapp_for_a_group_one_does_not_run_is_refused(client, police_world, dispatch):
    w = police_world
    client.force_login(w.near_admins[0])
    assert client.get(reverse("police:whatsapp", args=[dispatch.pk, w.far.pk])).status_code == 403
    assert not Forward.objects.exists()


def test_copying_is_recorded_from_the_script_and_without_it(client, police_world, dispatch):
    w = police_world
    client.force_login(w.near_admins[0])
    data = {"group": w.near.pk, "channel": "kopie"}
    answer = client.post(forward_url(dispatch), data, headers={"X-Requested-With": "fetch"}).json()
    assert answer == {
        "ok": True,
        "detail": "De tekst is gekopieerd. Plak hem in de groepsapp van Buurtpreventie Molenhoek.",
    }
    response = client.post(forward_url(dispatch), data)
    assert response["Location"].endswith("?kopieer=1#tekst")
    page = client.get(response["Location"]).content.decode()
    assert '<details id="tekst" class="police-share__text" open>' in page
    assert "readonly" in page and "Heeft u informatie? Bel 112.</textarea>" in page
    assert Forward.objects.filter(channel="kopie").count() == 2
    assert not Forward.objects.filter(channel="groep").exists()


def test_an_admin_who_got_an_area_alert_as_resident_can_pass_it_into_their_group(client, police_world):
    from tests.police.conftest import HERE, opt_in

    w = police_world
    admin = w.near_admins[0]
    opt_in(admin, HERE[0], HERE[1] + 0.001)
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    client.force_login(admin)
    page = client.get(reverse("police:received", args=[message.pk])).content.decode()
    assert "Doorsturen naar de groep" in page and "Ik heb informatie" in page
    client.post(forward_url(message), {"group": w.near.pk, "channel": "groep"})
    assert Forward.objects.get(channel="groep").group == w.near


# --- the photo ---------------------------------------------------------------------------------------------------


@pytest.fixture
def with_photo(dispatch):
    dispatch.photo.save("vermist.jpg", ContentFile(jpeg()))
    return dispatch


def test_the_photo_is_for_recipients_members_of_the_group_it_went_to_and_the_police(client, police_world, with_photo):
    w = police_world
    url = reverse("police:photo", args=[with_photo.pk])
    services.message_forward(message=with_photo, group=w.near, user=w.near_admins[0], channel="groep")
    for user in (w.near_admins[1], w.near_members[0]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
    login_with_second_factor(client, w.officer)
    assert client.get(url).status_code == 200
    for user in (w.far_admin, w.resident_in):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_photo_is_gone_once_the_message_is_closed(client, police_world, with_photo):
    w = police_world
    services.message_close(sender=w.sender, message=with_photo, outcome="aangehouden")
    client.force_login(w.near_admins[0])
    assert client.get(reverse("police:photo", args=[with_photo.pk])).status_code == 404
    assert "police:photo" not in client.get(reverse("police:received", args=[with_photo.pk])).content.decode()


# --- "Ik heb informatie" -----------------------------------------------------------------------------------------


def test_a_resident_sends_information_that_only_the_police_read(client, police_world, area_alert):
    w = police_world
    client.force_login(w.resident_in)
    page = client.get(reverse("police:received", args=[area_alert.pk])).content.decode()
    assert "Ik heb informatie" in page and "Alleen de politie leest wat u hier stuurt." in page
    assert "Doorsturen naar de groep" not in page
    photo = ContentFile(jpeg(), name="fiets.jpg")
    response = client.post(
        reverse("police:tip", args=[area_alert.pk]), {"text": "Ik zag hem bij de bakker.", "photo": photo}
    )
    assert response.status_code == 302
    assert "alleen de politie leest het" in " ".join(follow_messages(client, response))
    tip = Tip.objects.get()
    assert tip.text == "Ik zag hem bij de bakker." and tip.user == w.resident_in and tip.photo


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"text": "   "}, "Schrijf wat u weet."),
        ({"text": "x" * 1001}, "Hooguit 1.000 tekens; dit zijn er 1.001. Maak de tekst korter."),
        (
            {"text": "Zag iets.", "photo": ContentFile(b"geen foto", name="foto.jpg")},
            "Dit bestand is geen foto die we kunnen plaatsen. Kies een foto in JPEG, PNG of WebP.",
        ),
    ],
)
def test_a_tip_with_bad_input_is_refused_in_dutch_on_its_field(client, police_world, area_alert, data, said):
    client.force_login(police_world.resident_in)
    response = client.post(reverse("police:tip", args=[area_alert.pk]), data)
    assert response.status_code == 200
    field = "photo" if "photo" in data else "text"
    assert response.context["tip_form"].errors[field] == [said]
    assert said in response.content.decode()
    assert not Tip.objects.exists()


def test_no_tips_on_a_dispatch_or_from_a_resident_outside(client, police_world, dispatch, area_alert):
    w = police_world
    client.force_login(w.near_admins[0])
    assert client.post(reverse("police:tip", args=[dispatch.pk]), {"text": "Iets"}).status_code == 404
    client.force_login(w.resident_out)
    assert client.post(reverse("police:tip", args=[area_alert.pk]), {"text": "Iets"}).status_code == 404
    assert not Tip.objects.exists()


# --- the list ------------------------------------------------------------------------------------------------


def test_the_list_shows_what_the_person_received(client, police_world, dispatch, area_alert):
    w = police_world
    client.force_login(w.near_admins[0])
    page = client.get(reverse("police:received_list")).content.decode()
    assert f'id="police-{dispatch.pk}"' in page and f'id="police-{area_alert.pk}"' not in page
    assert 'data-live-list="police"' in page
    client.force_login(w.resident_out)
    page = client.get(reverse("police:received_list")).content.decode()
    assert "U heeft nog geen berichten van de politie gekregen." in page


def test_the_police_have_no_list_of_received_messages(client, police_world):
    login_with_second_factor(client, police_world.officer)
    assert client.get(reverse("police:received_list")).status_code == 403
