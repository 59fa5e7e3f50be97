"""Changing the password while signed in: the current one, the new one twice; this browser stays signed in and
sessions elsewhere end."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from buurtwacht.accounts.services import password_change
from tests.factories import PASSWORD, UserFactory, login_with_second_factor, make_role

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
HOME = reverse("accounts:home")
NEW = "een-ander-wachtwoord-7"


def form(current=PASSWORD, new=NEW, again=NEW):
    return {"current_password": current, "new_password": new, "new_password_again": again}


@pytest.fixture
def anna(client):
    user = UserFactory(first_name="Anna")
    client.force_login(user)
    return user


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(CHANGE)["Location"] == f"{reverse('accounts:login')}?next={CHANGE}"


def test_the_account_page_links_to_the_change_form_not_to_the_forgotten_password_page(client, anna):
    html = client.get(HOME).content.decode()
    assert f'href="{CHANGE}"' in html
    assert reverse("accounts:password_reset") not in html


def test_a_resident_changes_the_password_and_stays_signed_in_while_other_sessions_end(client, anna):
    elsewhere = Client()
    elsewhere.force_login(anna)
    assert elsewhere.get(HOME).status_code == 200

    response = client.post(CHANGE, form(), follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    assert client.get(HOME).status_code == 200
    assert elsewhere.get(HOME)["Location"].startswith(reverse("accounts:login"))
    anna.refresh_from_db()
    assert anna.check_password(NEW) and not anna.check_password(PASSWORD)


def test_every_mistake_shows_at_once_and_nothing_changes(client, anna):
    response = client.post(CHANGE, form(current="fout", again="iets-anders-9"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uw huidige wachtwoord klopt niet." in html
    assert "De twee nieuwe wachtwoorden zijn niet gelijk." in html
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)


def test_django_validators_refuse_a_weak_password_in_dutch(client, anna):
    html = client.post(CHANGE, form(new="kort", again="kort")).content.decode()
    assert "Dit wachtwoord is te kort. Gebruik minstens 8 tekens." in html
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)


def test_the_service_refuses_the_same_password_again():
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        password_change(user=user, current_password=PASSWORD, new_password=PASSWORD, new_password_again=PASSWORD)
    assert "Kies een ander wachtwoord dan uw huidige." in refused.value.message_dict["new_password"]


def test_staff_give_their_second_factor_first(client, town):
    staff = UserFactory()
    make_role(staff, "municipal", town.gemeente)
    client.force_login(staff)
    assert reverse("accounts:otp_verify") in client.get(CHANGE)["Location"]


def test_staff_with_their_second_factor_change_the_password_and_keep_it(client, town):
    staff = UserFactory()
    make_role(staff, "municipal", town.gemeente)
    login_with_second_factor(client, staff)
    assert client.post(CHANGE, form())["Location"] == HOME
    assert client.get(CHANGE).status_code == 200  # still signed in, second factor included
    staff.refresh_from_db()
    assert staff.check_password(NEW)
