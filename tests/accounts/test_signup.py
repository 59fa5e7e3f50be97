"""Signing up, the verification mail (over real SMTP) and its link, and the limits on both."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from buurtwacht.accounts.models import User
from buurtwacht.accounts.tokens import VERIFY_SALT
from tests.accounts.conftest import link_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
GOOD = {
    "first_name": "Fatima",
    "last_name": "El Amrani",
    "email": "Fatima@Example.org",
    "password": "lantaarnpaal-42-molen",
    "password_again": "lantaarnpaal-42-molen",
}


def test_signing_up_mails_a_dutch_verification_link_that_signs_in(client, smtp, mails):
    with mails():
        response = client.post(SIGNUP, GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="fatima@example.org")  # one account per mailbox: stored in lower case
    assert user.first_name == "Fatima" and not user.email_verified and user.language == "nl"
    assert user.check_password("lantaarnpaal-42-molen")
    page = client.get(response["Location"]).content.decode()
    assert "fatima@example.org" in page and "Kijk in uw e-mail" in page

    [message] = smtp.to("fatima@example.org")
    assert message["Subject"] == "Bevestig uw e-mailadres voor Buurtwacht"
    assert "Beste Fatima," in smtp.text(message)
    assert "De link werkt 3 dagen" in smtp.text(message)
    assert 'lang="nl"' in smtp.parts(message)["text/html"]
    path = link_in(smtp, message, "/account/bevestigen/")
    assert path in smtp.parts(message)["text/html"]

    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user.refresh_from_db()
    assert user.email_verified
    assert client.get(reverse("accounts:home")).context["user"] == user


def test_the_mail_is_in_english_for_someone_who_signs_up_in_english(client, smtp, mails):
    client.cookies["django_language"] = "en"
    with mails():
        client.post(SIGNUP, {**GOOD, "email": "sam@example.org"})
    assert User.objects.get(email="sam@example.org").language == "en"
    [message] = smtp.to("sam@example.org")
    with translation.override("en"):
        expected = translation.gettext("Bevestig uw e-mailadres voor Buurtwacht")
    assert message["Subject"] == expected
    assert 'lang="en"' in smtp.parts(message)["text/html"]


def test_next_survives_sign_up_and_verification(client, smtp, mails):
    join_page = "/groepen/buurtpreventie-molenhoek/lid-worden/"
    form = client.get(SIGNUP, {"next": join_page}).content.decode()
    assert f'name="next" value="{join_page}"' in form
    with mails():
        client.post(SIGNUP, {**GOOD, "next": join_page})
    path = link_in(smtp, smtp.messages[0], "/account/bevestigen/")
    assert client.get(path)["Location"] == join_page


def test_a_next_to_another_site_is_dropped(client, smtp, mails):
    with mails():
        client.post(SIGNUP, {**GOOD, "next": "https://evil.example/steal"})
    path = link_in(smtp, smtp.messages[0], "/account/bevestigen/")
    assert client.get(path)["Location"] == reverse("accounts:home")


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_existing_address_gets_the_same_answer_as_a_new_one(client, smtp, mails):
    UserFactory(email="fatima@example.org")
    with mails():
        existing = client.post(SIGNUP, {**GOOD, "email": " FATIMA@example.org "})
        new = client.post(SIGNUP, {**GOOD, "email": "nieuw@example.org"})
    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"] == reverse("accounts:signup_done")
    page = without_csrf_token(client.get(reverse("accounts:signup_done")).content.decode())
    client.post(SIGNUP, {**GOOD, "email": "fatima@example.org"})
    page_existing = without_csrf_token(client.get(reverse("accounts:signup_done")).content.decode())
    assert page_existing == page.replace("nieuw@example.org", "fatima@example.org")
    assert "al een account" not in page_existing
    assert User.objects.filter(email="fatima@example.org").count() == 1


def test_the_owner_of_an_existing_address_is_told_by_mail(client, smtp, mails):
    owner = UserFactory(email="fatima@example.org", first_name="Fatima")
    with mails():
        client.post(SIGNUP, {**GOOD, "email": "Fatima@Example.org"})
    [message] = smtp.to("fatima@example.org")
    assert message["Subject"] == "Iemand probeerde een account aan te maken met uw e-mailadres"
    text = smtp.text(message)
    assert "Beste Fatima," in text and "Er is al een account met dit adres" in text
    assert link_in(smtp, message, "/account/inloggen/") == reverse("accounts:login")
    assert link_in(smtp, message, "/account/wachtwoord-vergeten/") == reverse("accounts:password_reset")
    assert "/account/bevestigen/" not in text
    owner.refresh_from_db()
    assert owner.check_password("geheim-wachtwoord-1"), "the existing account keeps its password"


def test_a_weak_password_is_refused_for_an_existing_address_too(client, smtp, mails):
    """Otherwise the weak-password message would tell a new address from an existing one."""
    UserFactory(email="fatima@example.org")
    with mails():
        response = client.post(SIGNUP, {**GOOD, "password": "kort1", "password_again": "kort1"})
    assert response.status_code == 200 and "Dit wachtwoord is te kort" in response.content.decode()
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1", "Dit wachtwoord is te kort"),
        ("12345678901", "Dit wachtwoord bevat alleen cijfers"),
        ("wachtwoord", "Dit wachtwoord is te algemeen"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(client, password, message):
    response = client.post(SIGNUP, {**GOOD, "password": password, "password_again": password})
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_the_two_passwords_must_match(client):
    response = client.post(SIGNUP, {**GOOD, "password_again": "iets-anders-99"})
    assert "De twee wachtwoorden zijn niet gelijk" in response.content.decode()
    assert not User.objects.exists()


def test_a_link_clicked_twice_does_not_sign_in_again(client, smtp, mails):
    with mails():
        client.post(SIGNUP, GOOD)
    path = link_in(smtp, smtp.messages[0], "/account/bevestigen/")
    client.get(path)
    client.post(reverse("accounts:logout"))
    response = client.get(path)
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_a_damaged_link_explains_and_offers_a_new_one(client):
    response = client.get(reverse("accounts:verify", kwargs={"token": "niet-echt"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze bevestigingslink klopt niet" in html
    assert reverse("accounts:verify_resend") in html


class OldSigner(signing.TimestampSigner):
    """Signs as if it were four days ago."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)


def test_an_expired_link_says_so_and_a_new_one_can_be_asked(client, smtp, mails):
    user = UserFactory(email="laat@example.org", email_verified_at=None)
    token = OldSigner(salt=VERIFY_SALT).sign_object({"u": user.pk, "e": user.email}, compress=True)
    response = client.get(reverse("accounts:verify", kwargs={"token": token}))
    assert response.status_code == 400
    assert "Deze bevestigingslink is verlopen" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified

    with mails():
        response = client.post(reverse("accounts:verify_resend"), {"email": "laat@example.org"})
    assert response["Location"] == reverse("accounts:signup_done")
    [message] = smtp.to("laat@example.org")
    client.get(link_in(smtp, message, "/account/bevestigen/"))
    user.refresh_from_db()
    assert user.email_verified


def test_a_link_for_an_address_that_changed_no_longer_works(client, smtp, mails):
    with mails():
        client.post(SIGNUP, GOOD)
    User.objects.filter(email="fatima@example.org").update(email="nieuw@example.org")
    response = client.get(link_in(smtp, smtp.messages[0], "/account/bevestigen/"))
    assert response.status_code == 400
    assert not User.objects.get(email="nieuw@example.org").email_verified


def test_asking_a_new_link_reveals_nothing_about_other_addresses(client, smtp, mails):
    UserFactory(email="bevestigd@example.org")  # verified already: no mail
    with mails():
        unknown = client.post(reverse("accounts:verify_resend"), {"email": "niemand@example.org"}, follow=True)
        known = client.post(reverse("accounts:verify_resend"), {"email": "bevestigd@example.org"}, follow=True)
    assert smtp.messages == []
    assert unknown.status_code == known.status_code == 200
    text = "een account hoort dat nog niet is bevestigd"
    assert text in unknown.content.decode() and text in known.content.decode()


def test_sign_up_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/h"}
    for n in range(2):
        assert client.post(SIGNUP, {**GOOD, "email": f"p{n}@example.org"}).status_code == 302
    response = client.post(SIGNUP, {**GOOD, "email": "p3@example.org"})
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd" in response.content.decode()
    assert not User.objects.filter(email="p3@example.org").exists()


def test_an_unverified_person_may_sign_in_and_sees_a_banner(client):
    UserFactory(email="nog@example.org", email_verified_at=None)
    response = client.post(
        reverse("accounts:login"), {"email": "nog@example.org", "password": "geheim-wachtwoord-1"}, follow=True
    )
    html = response.content.decode()
    assert "Bevestig uw e-mailadres" in html
    assert reverse("accounts:verify_resend") in html


def test_a_signed_in_person_can_ask_for_a_new_link_from_the_banner(client, smtp, mails):
    user = UserFactory(email="nog@example.org", email_verified_at=None)
    client.force_login(user)
    with mails():
        client.post(reverse("accounts:verify_resend"), {"next": "/"})
    assert len(smtp.to("nog@example.org")) == 1


def test_asking_new_links_counts_towards_the_sign_up_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "1/h"}
    client.post(SIGNUP, GOOD)
    response = client.post(reverse("accounts:verify_resend"), {"email": "fatima@example.org"})
    assert response.status_code == 429
