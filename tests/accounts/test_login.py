"""Signing in and out, the rate limit on signing in, and the password reset by mail (over real SMTP)."""

import re

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import User
from tests.accounts.conftest import link_in
from tests.factories import PASSWORD, UserFactory, leave_message

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_a_resident_signs_in_and_lands_on_the_account_page(client):
    user = UserFactory(email="anna@example.org")
    response = sign_in(client, "Anna@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Mijn account" in html and "Uitloggen" in html


def test_signing_in_goes_on_to_next_but_never_to_another_site(client):
    UserFactory(email="anna@example.org")
    assert sign_in(client, "anna@example.org", next="/account/profiel/")["Location"] == "/account/profiel/"
    client.post(reverse("accounts:logout"))
    assert sign_in(client, "anna@example.org", next="//evil.example/")["Location"] == reverse("accounts:home")


def test_a_wrong_password_gets_a_clear_dutch_message(client):
    UserFactory(email="anna@example.org")
    response = sign_in(client, "anna@example.org", "fout-wachtwoord")
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_message(client):
    response = sign_in(client, "niemand@example.org")
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()


def test_signing_in_is_rate_limited(client, settings):
    # "3/h" rather than "3/m": the same limit, without a minute's edge falling between the attempts.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/h"}
    UserFactory(email="anna@example.org")
    for _attempt in range(3):
        assert sign_in(client, "anna@example.org", "fout").status_code == 200
    response = sign_in(client, "anna@example.org")  # even the right password waits now
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd. Probeer het over ongeveer" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_429_page_says_how_long_to_wait(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "1/h"}
    sign_in(client, "anna@example.org", "fout")
    response = sign_in(client, "anna@example.org", "fout")
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= 3600, "the wait comes from the limit that was hit (an hour's window)"
    minutes = -(-seconds // 60)
    unit = "minuut" if minutes == 1 else "minuten"
    assert f"Probeer het over ongeveer {minutes} {unit} opnieuw." in response.content.decode()


def test_many_clients_together_cannot_guess_one_accounts_password(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "100/h", "login_account": "3/h"}
    UserFactory(email="anna@example.org")
    for n in range(3):
        response = client.post(LOGIN, {"email": " Anna@Example.org ", "password": "fout"}, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 200
    # a fourth client, with the right password
    response = client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd." in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(LOGIN, {"email": "bob@example.org", "password": "fout"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200, "another account is not held up"


def test_the_interface_follows_the_language_of_the_account(client):
    UserFactory(email="sam@example.org", language="en")
    response = sign_in(client, "sam@example.org")
    assert response.cookies["django_language"].value == "en"


def test_signing_out_takes_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session


def test_the_header_shows_sign_in_or_the_account_with_unread_messages(client):
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{LOGIN}?next=/"' in html
    user = UserFactory()
    leave_message(user, "Nieuwe aanvraag")
    leave_message(user, "Nog een aanvraag")
    client.force_login(user)
    html = client.get(reverse("core:home")).content.decode()
    assert "2 nieuwe berichten" in html and reverse("accounts:notifications") in html
    assert f'action="{reverse("accounts:logout")}"' in html


def test_password_reset_mails_a_link_that_sets_a_new_password(client, smtp, mails):
    user = UserFactory(email="anna@example.org", first_name="Anna")
    with mails():
        response = client.post(RESET, {"email": "anna@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = smtp.to("anna@example.org")
    assert message["Subject"] == "Nieuw wachtwoord kiezen voor Buurtwacht"
    assert "Beste Anna," in smtp.text(message)
    assert "De link werkt 24 uur" in smtp.text(message)
    path = link_in(smtp, message, "/account/wachtwoord/")
    assert path in smtp.parts(message)["text/html"]

    form_url = client.get(path)["Location"]  # Django swaps the token for a session key
    response = client.post(form_url, {"new_password1": "nieuwe-zomer-2025!", "new_password2": "nieuwe-zomer-2025!"})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("nieuwe-zomer-2025!")
    assert sign_in(client, "anna@example.org", "nieuwe-zomer-2025!").status_code == 302
    # The link works once.
    assert "Deze link werkt niet meer" in client.get(path, follow=True).content.decode()


def test_a_reset_link_also_confirms_the_address(client, smtp, mails):
    user = UserFactory(email="nog@example.org", email_verified_at=None)
    with mails():
        client.post(RESET, {"email": "nog@example.org"})
    form_url = client.get(link_in(smtp, smtp.messages[0], "/account/wachtwoord/"))["Location"]
    client.post(form_url, {"new_password1": "nieuwe-zomer-2025!", "new_password2": "nieuwe-zomer-2025!"})
    user.refresh_from_db()
    assert user.email_verified


def test_a_weak_new_password_is_refused_in_dutch(client, smtp, mails):
    user = UserFactory(email="anna@example.org")
    with mails():
        client.post(RESET, {"email": "anna@example.org"})
    form_url = client.get(link_in(smtp, smtp.messages[0], "/account/wachtwoord/"))["Location"]
    response = client.post(form_url, {"new_password1": "kort1", "new_password2": "kort1"})
    assert "Dit wachtwoord is te kort" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_reset_mail_is_in_the_language_of_the_account(client, smtp, mails):
    UserFactory(email="sam@example.org", language="en")
    with mails():
        client.post(RESET, {"email": "sam@example.org"})
    [message] = smtp.to("sam@example.org")
    assert 'lang="en"' in smtp.parts(message)["text/html"]


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, smtp, mails):
    UserFactory(email="anna@example.org")
    with mails():
        known = client.post(RESET, {"email": "anna@example.org"}, follow=True)
        unknown = client.post(RESET, {"email": "niemand@example.org"}, follow=True)
    assert [m["To"] for m in smtp.messages] == ["anna@example.org"]
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known) == without_csrf(unknown)


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_password_reset_is_rate_limited(client, settings, smtp, mails):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    UserFactory(email="anna@example.org")
    with mails():
        for _attempt in range(2):
            client.post(RESET, {"email": "anna@example.org"})
        response = client.post(RESET, {"email": "anna@example.org"})
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd" in response.content.decode()
    assert len(smtp.messages) == 2


def test_an_inactive_account_cannot_sign_in(client):
    UserFactory(email="weg@example.org", is_active=False)
    assert "klopt niet" in sign_in(client, "weg@example.org").content.decode()
    assert User.objects.filter(email="weg@example.org").exists()
