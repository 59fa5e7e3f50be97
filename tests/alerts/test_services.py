"""The alert services: posting under SAAR, the 112 call, reactions, closing, notices, limits and escaping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtwacht.alerts import services
from buurtwacht.alerts.models import Alert, AlertKind, AlertStatus, Outcome, PoliceCall, Reaction, ReactionKind
from buurtwacht.delivery.models import Event
from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def hood(town):
    return make_neighbours()


def test_a_member_posts_an_alert_that_every_member_receives(hood, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alert = post_alert(hood.group, hood.bram)
    assert alert.author == hood.bram and alert.status == AlertStatus.OPEN
    assert alert.called_112_by == hood.bram and alert.called_112_at is not None
    event = Event.objects.get(topic=f"alert:{alert.pk}")
    assert event.kind == "alert" and event.payload["group"] == hood.group.pk
    assert set(event.payload["html"]) == {"nl", "en"}
    assert "Inbraak" in event.payload["html"]["nl"] and "Burglary" in event.payload["html"]["en"]
    assert "112 gebeld om" in event.payload["html"]["nl"] and "Bram" in event.payload["html"]["nl"]
    assert event.payload["message"]["nl"]["title"] == "Inbraak: Buurtpreventie Molenhoek"
    assert "Molenweg 12" in event.payload["message"]["nl"]["body"]
    assert len(callbacks) == 1  # publishing waits for the commit


def test_the_surname_never_reaches_the_card(hood):
    alert = post_alert(hood.group, hood.bram)
    html = Event.objects.get(topic=f"alert:{alert.pk}").payload["html"]["nl"]
    assert "Bram" in html and "Bakker" not in html


def test_text_is_escaped_in_every_fragment(hood):
    alert = post_alert(hood.group, hood.bram, description='Zie <script>alert("x")</script> & "meer"')
    for html in Event.objects.get(topic=f"alert:{alert.pk}").payload["html"].values():
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize("role", ["outsider", "police", "municipal-member-without-code"])
def test_only_members_post(hood, role):
    user = hood.dirk
    if role == "police":
        make_role(user, "wijkagent", hood.group.gemeente)
    elif role == "municipal-member-without-code":
        user = hood.carla
        make_role(user, "municipal", hood.group.gemeente)
    with pytest.raises(PermissionDenied):
        post_alert(hood.group, user)
    assert not Alert.objects.exists()


def test_an_urgent_alert_needs_an_answer_about_112(hood):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, police_call=PoliceCall.NOT_NEEDED)
    assert "112" in refused.value.messages[0]
    alert = post_alert(hood.group, hood.bram, police_call=PoliceCall.NOT_YET)
    assert alert.called_112_at is None
    html = Event.objects.get(topic=f"alert:{alert.pk}").payload["html"]["nl"]
    assert "112 is nog niet gebeld" in html and 'href="tel:112"' in html


def test_a_non_urgent_alert_may_say_0900(hood):
    alert = post_alert(hood.group, hood.bram, kind=AlertKind.YOUTH, police_call=PoliceCall.CALLED_0900)
    assert not alert.is_urgent and alert.called_112_at is None


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"lon": 13.4, "lat": 52.5}, "niet in Nederland"),
        ({"happened_at": timezone.now() + dt.timedelta(hours=1)}, "nog niet geweest"),
        ({"happened_at": timezone.now() - dt.timedelta(hours=30)}, "24 uur"),
        ({"kind": "schietpartij"}, "Kies wat er aan de hand is"),
        ({"description": "", "location_text": ""}, "Beschrijf kort"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_writes_nothing(hood, overrides, text):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, **overrides)
    assert text in " ".join(refused.value.messages)
    assert not Alert.objects.exists() and not Event.objects.exists()


def test_abusive_language_is_refused_with_the_house_rule(hood):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, description="Die klootzak staat weer bij de auto's")
    assert "huisregel 6" in " ".join(refused.value.messages).lower()
    assert not Alert.objects.exists()


def test_origin_alone_is_refused_behaviour_and_clothing_pass(hood):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, description="Een Marokkaanse jongen in de straat")
    assert "8" in " ".join(refused.value.messages)
    alert = post_alert(
        hood.group,
        hood.bram,
        description="Een Marokkaanse jongen in de straat",
        person={"clothing": "rode jas, witte sneakers", "behaviour": "voelt aan autodeuren"},
    )
    assert alert.person["clothing"] == "rode jas, witte sneakers"


def test_a_member_posts_at_most_the_limit_in_the_period(hood, settings):
    settings.ALERT_RATE_LIMIT = "2/10m"
    post_alert(hood.group, hood.bram)
    post_alert(hood.group, hood.bram, kind=AlertKind.VANDALISM, police_call=PoliceCall.NOT_NEEDED)
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram)
    message = refused.value.messages[0]
    assert "2 meldingen" in message and "10 minuten" in message and "112" in message
    post_alert(hood.group, hood.carla)  # someone else is not held back
    Alert.objects.filter(author=hood.bram).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    post_alert(hood.group, hood.bram)


def test_parse_rate():
    assert services.parse_rate("3/10m") == (3, 600)
    assert services.parse_rate("5/h") == (5, 3600)
    with pytest.raises(ValueError):
        services.parse_rate("veel")


def test_reactions_build_the_timeline_once_per_kind(hood):
    alert = post_alert(hood.group, hood.bram, police_call=PoliceCall.NOT_YET)
    services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.SEE_TOO)
    with pytest.raises(ValidationError) as twice:
        services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.SEE_TOO)
    assert "al gereageerd" in twice.value.messages[0]
    services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.ADDITION, text="Hij loopt naar het park")
    services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.ADDITION, text="Nu bij de brug")
    assert Reaction.objects.filter(alert=alert).count() == 3
    last = Event.objects.filter(topic=f"alert:{alert.pk}").latest("id")
    assert last.kind == "reaction" and "message" not in last.payload
    html = last.payload["html"]["nl"]
    assert "Ik zie het ook" in html and "Nu bij de brug" in html and "Carla" in html


def test_an_addition_needs_text(hood):
    alert = post_alert(hood.group, hood.bram)
    with pytest.raises(ValidationError):
        services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.ADDITION, text="  ")


def test_the_first_112_reaction_marks_the_alert_called(hood):
    alert = post_alert(hood.group, hood.bram, police_call=PoliceCall.NOT_YET)
    services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.CALLED_112)
    services.reaction_add(alert=alert, author=hood.anna, kind=ReactionKind.CALLED_112)
    alert.refresh_from_db()
    assert alert.police_call == PoliceCall.CALLED_112 and alert.called_112_by == hood.carla
    html = Event.objects.filter(topic=f"alert:{alert.pk}").latest("id").payload["html"]["nl"]
    assert "112 gebeld om" in html and "door Carla" in html


def test_the_author_or_an_admin_closes_with_an_outcome(hood):
    alert = post_alert(hood.group, hood.bram)
    with pytest.raises(PermissionDenied):
        services.alert_close(alert=alert, by=hood.carla, outcome=Outcome.RESOLVED)
    services.alert_close(alert=alert, by=hood.anna, outcome=Outcome.ARREST, text="Twee mannen aangehouden.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED and alert.closed_by == hood.anna
    event = Event.objects.filter(topic=f"alert:{alert.pk}").latest("id")
    assert event.kind == "closed"
    assert event.payload["message"]["nl"]["body"] == "Verdachte aangehouden: Twee mannen aangehouden."
    with pytest.raises(ValidationError):
        services.alert_close(alert=alert, by=hood.bram, outcome=Outcome.RESOLVED)
    with pytest.raises(ValidationError) as closed:
        services.reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.WATCHING)
    assert "afgesloten" in closed.value.messages[0]


def test_the_author_closes_their_own(hood):
    alert = post_alert(hood.group, hood.bram)
    services.alert_close(alert=alert, by=hood.bram, outcome=Outcome.FALSE_ALARM)
    with pytest.raises(ValidationError):
        services.alert_close(alert=post_alert(hood.group, hood.bram), by=hood.bram, outcome="weet niet")


def test_only_admins_post_notices(hood):
    with pytest.raises(PermissionDenied):
        services.notice_post(group=hood.group, author=hood.bram, text="Koffie?")
    notice = services.notice_post(group=hood.group, author=hood.anna, text="Bijeenkomst dinsdag 20:00 in het buurthuis")
    event = Event.objects.get(topic=f"notice:{notice.pk}")
    assert event.kind == "notice" and event.payload["list"] == "notices"
    assert "Bijeenkomst dinsdag" in event.payload["html"]["nl"]


def test_inactive_groups_take_no_alerts(hood):
    hood.group.status = "pending"
    hood.group.save()
    with pytest.raises(ValidationError):
        post_alert(hood.group, hood.bram)


def test_more_than_three_photos_are_refused(hood):
    with pytest.raises(ValidationError):
        post_alert(hood.group, hood.bram, photos=[object()] * 4)
    assert not Alert.objects.exists()


def _jpeg(name="foto.jpg"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_photo_needs_the_confirmation_of_house_rule_8(hood):
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, photos=[_jpeg()])
    assert "huisregel 8" in refused.value.message_dict["photo_needed"][0]
    assert post_alert(hood.group, hood.bram, photos=[_jpeg()], photo_needed=True).photos.count() == 1


def test_a_photo_with_too_many_pixels_is_refused_from_its_header(hood):
    from tests.alerts.test_photos import png_header_only, upload

    bomb = upload(png_header_only(12_000, 12_000), "bom.png", "image/png")
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, photos=[bomb], photo_needed=True)
    assert "te veel beeldpunten" in refused.value.message_dict["photos"][0]
    assert not Alert.objects.exists()


def test_a_photo_is_checked_before_anything_else_is_said(hood):
    """Every refusal at once: the photo and the description together, so the member corrects both in one go."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 geen foto", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, photos=[text], photo_needed=True, description="Die klootzak weer")
    assert set(refused.value.message_dict) == {"photos", "description"}


@pytest.mark.django_db(transaction=True)
def test_photos_are_re_encoded_outside_the_transaction(town, monkeypatch):
    """Decoding a photo takes memory and time; the database's write lock must not wait for it."""
    from django.db import connection

    from buurtwacht.alerts import photos

    hood = make_neighbours()
    inside = []
    encode = photos.process_photo

    def watched(upload):
        inside.append(connection.in_atomic_block)
        return encode(upload)

    monkeypatch.setattr(services, "process_photo", watched)
    alert = post_alert(hood.group, hood.bram, photos=[_jpeg()], photo_needed=True)
    assert inside == [False] and alert.photos.count() == 1


def test_an_over_the_limit_member_is_told_before_photos_are_decoded(hood, settings, monkeypatch):
    settings.ALERT_RATE_LIMIT = "1/10m"
    post_alert(hood.group, hood.bram)
    decoded = []
    monkeypatch.setattr(services, "process_photo", lambda upload: decoded.append(upload))
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, photos=[_jpeg()], photo_needed=True)
    assert "U heeft al 1 melding geplaatst" in refused.value.messages[0] and decoded == []
