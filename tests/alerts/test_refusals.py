"""What a member is told when something is refused, and where: beside the field it concerns, before filling in
everything, with what they typed kept; and what an inactive group no longer takes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtwacht.alerts import services
from buurtwacht.alerts.models import Alert, Notice, Reaction, ReactionKind
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert

pytestmark = pytest.mark.django_db

LON, LAT = SPOT


@pytest.fixture
def hood(town):
    return make_neighbours()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "Die kankerlijer bij de achterdeur"}, "description"),
        ({"description": "Een donkere man", "person": {"skin": "donker"}}, "description"),
        ({"location_text": "bij die kankerlijer"}, "location_text"),
        ({"police_call": "niet_nodig"}, "police_call"),
        ({"happened_at": timezone.now() - dt.timedelta(days=2)}, "happened_at"),
    ],
)
def test_a_refusal_names_the_field_it_concerns(hood, overrides, field):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, **overrides)
    assert list(refused.value.error_dict) == [field]
    assert not Alert.objects.exists()


def test_a_time_without_zone_is_taken_as_dutch_time(hood):
    naive = timezone.localtime().replace(tzinfo=None, microsecond=0) - dt.timedelta(minutes=10)
    alert = post_alert(hood.group, hood.bram, happened_at=naive)
    assert timezone.localtime(alert.happened_at).replace(tzinfo=None) == naive


def test_the_composer_says_at_once_when_the_limit_is_reached(hood, client, settings):
    settings.ALERT_RATE_LIMIT = "1/10m"
    client.force_login(hood.bram)
    url = reverse("alerts:compose", args=[hood.group.slug])
    assert "probeer het om" not in client.get(url).content.decode()
    post_alert(hood.group, hood.bram)
    assert "U heeft al 1 melding geplaatst" in client.get(url).content.decode()


def test_a_refused_addition_comes_back_with_the_text_and_the_reason(hood, client):
    alert = post_alert(hood.group, hood.carla)
    client.force_login(hood.bram)
    response = client.post(
        reverse("alerts:react", args=[hood.group.slug, alert.pk]),
        {"kind": ReactionKind.ADDITION, "text": "Die kankerlijer rent weg"},
    )
    assert response.status_code == 200 and not Reaction.objects.exists()
    text = response.content.decode()
    assert "Die kankerlijer rent weg</textarea>" in text and "plaatsen we niet" in text


def test_an_inactive_group_takes_no_reactions_or_notices(hood):
    alert = post_alert(hood.group, hood.carla)
    hood.group.status = "inactive"
    hood.group.save()
    with pytest.raises(ValidationError):
        services.reaction_add(alert=alert, author=hood.bram, kind=ReactionKind.WATCHING)
    with pytest.raises(ValidationError):
        services.notice_post(group=hood.group, author=hood.anna, text="Bijeenkomst dinsdag")
    assert not Reaction.objects.exists() and not Notice.objects.exists()


def test_reactions_closing_and_notices_refuse_on_their_field_in_the_service(hood):
    alert = post_alert(hood.group, hood.carla)
    with pytest.raises(ValidationError) as long_addition:
        services.reaction_add(alert=alert, author=hood.bram, kind=ReactionKind.ADDITION, text="x" * 1001)
    assert "Hooguit 1.000 tekens" in long_addition.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as no_kind:
        services.reaction_add(alert=alert, author=hood.bram, kind="hoera")
    assert list(no_kind.value.message_dict) == ["kind"]
    with pytest.raises(ValidationError) as both:
        services.alert_close(alert=alert, by=hood.anna, outcome="weet niet", text="Die kankerlijer is weg")
    assert set(both.value.message_dict) == {"outcome", "text"}
    with pytest.raises(ValidationError) as empty:
        services.notice_post(group=hood.group, author=hood.anna, text="   ")
    assert empty.value.message_dict == {"text": ["Schrijf de mededeling."]}
    assert not Reaction.objects.exists() and not Notice.objects.exists() and Alert.objects.get().is_open


def test_a_refused_reaction_reads_the_same_on_the_page_and_in_the_api(hood, client):
    import json

    alert = post_alert(hood.group, hood.carla)
    text = "Die kankerlijer rent weg"
    with pytest.raises(ValidationError) as refused:
        services.reaction_add(alert=alert, author=hood.bram, kind=ReactionKind.ADDITION, text=text)
    client.force_login(hood.bram)
    page = client.post(reverse("alerts:react", args=[hood.group.slug, alert.pk]), {"kind": "aanvulling", "text": text})
    api = client.post(
        f"/api/v1/alerts/{alert.pk}/reactions",
        data=json.dumps({"kind": "aanvulling", "text": text}),
        content_type="application/json",
    )
    assert list(page.context["reaction_form"].errors["text"]) == refused.value.message_dict["text"]
    assert api.status_code == 400 and api.json()["errors"] == refused.value.message_dict
