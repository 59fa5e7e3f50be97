"""The alert pages as members use them: the composer (SAAR), the nearby check, reactions, closing, photos."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtwacht.alerts.models import Alert, AlertStatus, Reaction
from buurtwacht.delivery.models import Event
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert

pytestmark = pytest.mark.django_db

LON, LAT = SPOT


@pytest.fixture
def hood(town):
    return make_neighbours()


def compose_url(hood):
    return reverse("alerts:compose", args=[hood.group.slug])


def form(**overrides):
    data = {
        "kind": "inbraak",
        "lat": f"{LAT}",
        "lon": f"{LON}",
        "location_text": "Molenweg 12",
        "police_call": "112",
        "description": "Man met koevoet bij de achterdeur.",
        "person-sex": "man",
        "person-clothing": "donkerblauwe jas, rugzak",
        "vehicle-plate": "12-bdf-3",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


def jpeg(name="foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_member_posts_through_the_composer(client, hood):
    client.force_login(hood.bram)
    page = client.get(compose_url(hood))
    assert page.status_code == 200
    text = page.content.decode()
    for step in ("1. Signaleer", "2. Alarmeer", "3. App", 'href="tel:112"', 'href="tel:09008844"'):
        assert step in text
    response = client.post(compose_url(hood), form())
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == alert.get_absolute_url()
    assert alert.person == {"sex": "man", "clothing": "donkerblauwe jas, rugzak"}
    assert alert.vehicle["plate"] == "12-BDF-3"
    detail = client.get(alert.get_absolute_url()).content.decode()
    assert "112 gebeld om" in detail and "12-BDF-3" in detail and "donkerblauwe jas" in detail


def test_the_address_is_a_place_too(client, hood):
    from tests.factories import AddressFactory

    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    client.force_login(hood.bram)
    client.post(compose_url(hood), form(lat="", lon="", location_text="", postcode="9901 ab", huisnummer="12"))
    alert = Alert.objects.get()
    assert (alert.lon, alert.lat) == (LON, LAT) and alert.location_text == "Molenweg 12"


def test_without_a_place_the_composer_says_how_to_give_one(client, hood):
    client.force_login(hood.bram)
    response = client.post(compose_url(hood), form(lat="", lon=""))
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "zet een punt op de kaart" in response.content.decode()


def test_an_urgent_alert_without_the_112_answer_is_sent_back(client, hood):
    client.force_login(hood.bram)
    response = client.post(compose_url(hood), form(police_call="niet_nodig"))
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "eerst 112 bellen" in response.content.decode()


def test_a_nearby_open_alert_is_shown_before_a_second_one_is_posted(client, hood):
    first = post_alert(hood.group, hood.carla)
    client.force_login(hood.bram)
    fragment = client.get(reverse("alerts:nearby", args=[hood.group.slug]), {"lat": LAT, "lon": LON + 0.001})
    assert "Gaat het om hetzelfde voorval?" in fragment.content.decode()
    assert f'data-nearby-ids="{first.pk}"' in fragment.content.decode()
    shown = client.post(compose_url(hood), form())
    assert shown.status_code == 200 and Alert.objects.count() == 1
    text = shown.content.decode()
    assert "Dit is hetzelfde: aanvullen" in text and "112 gebeld om" in text and "Carla" in text
    client.post(compose_url(hood), form(seen_nearby=str(first.pk)))
    assert Alert.objects.count() == 2


def test_the_nearby_fragment_is_for_members_only(client, hood):
    client.force_login(hood.dirk)
    assert client.get(reverse("alerts:nearby", args=[hood.group.slug]), {"lat": LAT, "lon": LON}).status_code == 403


def test_a_photo_needs_the_confirmation_and_is_served_to_members_only(client, hood, settings, tmp_path):
    client.force_login(hood.bram)
    refused = client.post(compose_url(hood), form(photos=jpeg()))
    assert refused.status_code == 200 and not Alert.objects.exists()
    assert "huisregel 8" in refused.content.decode()
    client.post(compose_url(hood), form(photos=jpeg(), photo_needed="on"))
    photo = Alert.objects.get().photos.get()
    assert str(settings.MEDIA_ROOT) not in photo.image.path
    url = reverse("alerts:photo", args=[hood.group.slug, photo.alert_id, photo.pk, "groot"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    client.force_login(hood.dirk)
    assert client.get(url).status_code == 403


def test_reacting_from_the_page_script_answers_json(client, hood):
    alert = post_alert(hood.group, hood.bram)
    client.force_login(hood.carla)
    url = reverse("alerts:react", args=[hood.group.slug, alert.pk])
    answer = client.post(url, {"kind": "zie_het_ook"}, headers={"X-Requested-With": "fetch"})
    assert answer.status_code == 200 and answer.json()["ok"]
    again = client.post(url, {"kind": "zie_het_ook"}, headers={"X-Requested-With": "fetch"})
    assert again.status_code == 400 and "al gereageerd" in again.json()["detail"]
    plain = client.post(url, {"kind": "kijk_uit"})
    assert plain.status_code == 302 and Reaction.objects.filter(alert=alert).count() == 2


def test_closing_is_for_the_author_and_admins(client, hood):
    alert = post_alert(hood.group, hood.bram)
    url = reverse("alerts:close", args=[hood.group.slug, alert.pk])
    client.force_login(hood.carla)
    assert "Melding afsluiten" not in client.get(alert.get_absolute_url()).content.decode()
    client.post(url, {"close-outcome": "opgelost"})
    assert Alert.objects.get().status == AlertStatus.OPEN
    client.force_login(hood.bram)
    assert "Melding afsluiten" in client.get(alert.get_absolute_url()).content.decode()
    client.post(url, {"close-outcome": "vertrokken", "close-text": "Weggefietst richting dorp."})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED and alert.outcome_text == "Weggefietst richting dorp."


def test_members_see_the_feed_outsiders_do_not(client, hood):
    post_alert(hood.group, hood.bram, description="Ruit ingegooid <b>vet</b>")
    client.force_login(hood.carla)
    home = client.get(reverse("alerts:home")).content.decode()
    assert "Ruit ingegooid &lt;b&gt;vet&lt;/b&gt;" in home and "data-live-stream" in home
    assert client.get(reverse("alerts:list", args=[hood.group.slug])).status_code == 200
    client.force_login(hood.dirk)
    assert "Ruit ingegooid" not in client.get(reverse("alerts:home")).content.decode()
    assert client.get(reverse("alerts:list", args=[hood.group.slug])).status_code == 403


def test_an_alert_of_another_group_is_not_found_under_this_one(client, hood):
    from tests.factories import GroupFactory

    alert = post_alert(hood.group, hood.bram)
    other = GroupFactory(name="Elders")
    client.force_login(hood.bram)
    assert client.get(reverse("alerts:detail", args=[other.slug, alert.pk])).status_code == 404


def test_admins_post_notices_members_cannot(client, hood):
    url = reverse("alerts:notice", args=[hood.group.slug])
    client.force_login(hood.bram)
    assert client.post(url, {"text": "Hallo allemaal"}).status_code == 403
    client.force_login(hood.anna)
    client.post(url, {"text": "Bijeenkomst dinsdag"})
    assert Event.objects.get().payload["list"] == "notices"
    assert "Bijeenkomst dinsdag" in client.get(reverse("alerts:list", args=[hood.group.slug])).content.decode()
