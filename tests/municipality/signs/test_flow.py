"""Every step of a request and a sign is kept as history and mailed to the group's admins (a real SMTP server),
sent after the commit through delivery; members and the municipality's own people get none of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.delivery.models import Delivery
from buurtwacht.municipality.models import GemeenteSettings
from buurtwacht.municipality.signs import services
from buurtwacht.municipality.signs.models import SignEvent, SignStatus, Step
from tests.factories import UserFactory, make_member
from tests.municipality.signs.conftest import INSIDE, INSIDE_2, approved_days_ago

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def co_admin(world):
    return make_member(world.group, UserFactory(first_name="Bert", email="bert@example.org"), admin=True)


def subjects(smtp, address):
    return [m["Subject"] for m in smtp.to(address)]


def test_each_step_is_mailed_to_every_admin_of_the_group(world, co_admin, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.sign_request_create(
            group=world.group, user=world.admin, reason="Inbrekers via de Molenweg.", spots=[INSIDE, INSIDE_2]
        )
    assert subjects(smtp, "anna@example.org") == ["Aanvraag voor straatborden ontvangen (Buurtpreventie Molenhoek)"]
    assert subjects(smtp, "bert@example.org") == subjects(smtp, "anna@example.org")
    assert "heeft de aanvraag voor 2 straatborden ontvangen" in smtp.text(smtp.to("anna@example.org")[0])

    with django_capture_on_commit_callbacks(execute=True):
        first, second = services.sign_request_approve(
            request=created, user=world.staff, spots=[INSIDE, INSIDE_2], note="Afgesproken met Anna."
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_place(sign=first, user=world.staff, on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_move(sign=first, user=world.staff, on=TODAY, lat=52.0052, lon=5.0052, note="Beter zichtbaar.")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_remove(sign=second, user=world.staff, on=TODAY, reason="Stond in de weg van de vuilniswagen.")

    assert subjects(smtp, "bert@example.org") == [
        "Aanvraag voor straatborden ontvangen (Buurtpreventie Molenhoek)",
        "Straatborden goedgekeurd (Buurtpreventie Molenhoek)",
        "Straatbord geplaatst (Buurtpreventie Molenhoek)",
        "Straatbord verplaatst (Buurtpreventie Molenhoek)",
        "Straatbord verwijderd (Buurtpreventie Molenhoek)",
    ]
    texts = [smtp.text(m) for m in smtp.to("anna@example.org")]
    assert "heeft 2 straatborden goedgekeurd" in texts[1] and "Afgesproken met Anna." in texts[1]
    assert "Stond in de weg van de vuilniswagen." in texts[4]
    assert f"/groepen/{world.group.slug}/beheer/borden/" in texts[4]
    everyone = {m["To"] for m in smtp.messages}
    assert everyone == {"anna@example.org", "bert@example.org"}  # not the member, not the staff


def test_team_veiligheid_hears_of_a_new_request_and_of_nothing_else(world, smtp, django_capture_on_commit_callbacks):
    GemeenteSettings.objects.create(gemeente=world.town.gemeente, veiligheid_email="veiligheid@proefdorp.nl")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.sign_request_create(
            group=world.group, user=world.admin, reason="Inbrekers via de Molenweg.", spots=[INSIDE, INSIDE_2]
        )
    [mail] = smtp.to("veiligheid@proefdorp.nl")
    assert mail["Subject"] == "Nieuwe aanvraag voor straatborden van Buurtpreventie Molenhoek"
    text = smtp.text(mail)
    assert "vraagt 2 straatborden aan" in text and "Inbrekers via de Molenweg." in text
    assert reverse("signs:request_detail", kwargs={"code": "GM9901", "pk": created.pk}) in text
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_request_refuse(request=created, user=world.staff, note="Er staat al een bord op de hoek.")
    assert len(smtp.to("veiligheid@proefdorp.nl")) == 1  # the decision goes to the admins only


def test_a_refusal_is_mailed_with_its_reason(world, smtp, django_capture_on_commit_callbacks):
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_request_refuse(request=created, user=world.staff, note="Er staat al een bord op de hoek.")
    (refusal,) = [m for m in smtp.to("anna@example.org") if "afgewezen" in m["Subject"]]
    assert "Er staat al een bord op de hoek." in smtp.text(refusal)
    assert "Er staat al een bord op de hoek." in smtp.parts(refusal)["text/html"]


def test_no_mail_leaves_before_the_commit(world, smtp):
    """Inside the transaction the mail is only recorded (queued); without the commit nothing is sent."""
    services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    assert smtp.messages == []
    assert Delivery.objects.filter(address="anna@example.org").count() == 1


def test_the_history_keeps_who_when_what_and_where(world):
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    (sign,) = services.sign_request_approve(request=created, user=world.staff, spots=[INSIDE_2])
    approved_days_ago(created, 5)
    services.sign_place(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=2), lat=52.0061, lon=5.0041)
    services.sign_move(sign=sign, user=world.staff, on=TODAY, lat=52.0071, lon=5.0031)
    rows = list(SignEvent.objects.filter(request=created).values_list("step", "actor__first_name", "on", "lat", "lon"))
    assert rows == [
        (Step.REQUESTED, "Anna", None, None, None),
        (Step.APPROVED, "Gerda", None, INSIDE_2.lat, INSIDE_2.lon),
        (Step.PLACED, "Gerda", TODAY - dt.timedelta(days=2), 52.0061, 5.0041),
        (Step.MOVED, "Gerda", TODAY, 52.0071, 5.0031),
    ]
    sign.refresh_from_db()
    assert (sign.status, sign.lat, sign.lon) == (SignStatus.PLACED, 52.0071, 5.0031)


def test_steps_out_of_order_are_refused(world):
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    (sign,) = services.sign_request_approve(request=created, user=world.staff, spots=[INSIDE])
    with pytest.raises(ValidationError):
        services.sign_request_refuse(request=created, user=world.staff, note="Toch niet.")
    with pytest.raises(ValidationError):
        services.sign_move(sign=sign, user=world.staff, on=TODAY, lat=52.0052, lon=5.0052)
    with pytest.raises(ValidationError) as future:
        services.sign_place(sign=sign, user=world.staff, on=TODAY + dt.timedelta(days=1))
    assert "toekomst" in " ".join(future.value.messages)
    with pytest.raises(ValidationError):
        services.sign_place(sign=sign, user=world.staff, on=TODAY, lat=52.5, lon=5.5)  # outside the gemeente
    services.sign_remove(sign=sign, user=world.staff, on=TODAY, reason="Niet meer nodig.")
    with pytest.raises(ValidationError):
        services.sign_remove(sign=sign, user=world.staff, on=TODAY, reason="Nog eens.")
