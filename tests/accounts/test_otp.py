"""The second factor (TOTP) for municipal staff, police and administrators; residents are never asked."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory, make_role

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")
HOME = reverse("accounts:home")
PROFILE = reverse("accounts:profile")
STAFF_HOME = reverse("municipality:home")  # where municipal staff land after the second factor


def code_for(device, ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `ahead` steps later), computed from the device's secret."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.fixture
def staff(town):
    user = UserFactory(email="veiligheid@proefdorp.example")
    make_role(user, "municipal", town.gemeente)
    return user


def sign_in(client, user, **extra):
    return client.post(LOGIN, {"email": user.email, "password": PASSWORD, **extra})


def test_staff_without_a_device_are_sent_to_set_one_up(client, staff):
    response = sign_in(client, staff, next=PROFILE)
    assert response["Location"] == f"{SETUP}?next=%2Faccount%2Fprofiel%2F"
    # Nothing else opens before the second factor, not even their own pages.
    assert client.get(PROFILE)["Location"].startswith(SETUP)
    assert client.get(reverse("api-v1:account_me")).status_code == 403


def test_setting_up_with_the_right_code_confirms_and_shows_backup_codes_once(client, staff):
    sign_in(client, staff)
    page = client.get(SETUP, {"next": PROFILE})
    html = page.content.decode()
    assert "<svg" in html and "<path" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert client.get(SETUP).context["secret"] == page.context["secret"]  # a reload shows the same secret

    response = client.post(SETUP, {"code": code_for(device), "next": PROFILE})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert f'href="{PROFILE}"' in response.content.decode()
    assert client.get(PROFILE).status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(client, staff):
    sign_in(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"code": other_than(code_for(device))})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert client.get(PROFILE)["Location"].startswith(SETUP)


def confirmed_device(user, name="app"):
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def test_a_later_sign_in_asks_for_the_code_and_the_right_code_passes(client, staff):
    device = confirmed_device(staff)
    response = sign_in(client, staff, next=PROFILE)
    assert response["Location"] == f"{VERIFY}?next=%2Faccount%2Fprofiel%2F"
    response = client.post(VERIFY, {"code": code_for(device), "next": PROFILE})
    assert response["Location"] == PROFILE
    assert client.get(PROFILE).status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(client, staff):
    device = confirmed_device(staff)
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": other_than(code_for(device))})
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_a_code_is_not_accepted_twice(client, staff):
    device = confirmed_device(staff)
    code = code_for(device)
    sign_in(client, staff)
    assert client.post(VERIFY, {"code": code})["Location"] == STAFF_HOME
    client.post(reverse("accounts:logout"))
    sign_in(client, staff)
    assert "Deze code klopt niet" in client.post(VERIFY, {"code": code}).content.decode()


def test_a_backup_code_works_once(client, staff):
    confirmed_device(staff)
    backup = StaticDevice.objects.create(user=staff, name="backup", confirmed=True)
    StaticToken.objects.create(device=backup, token="abcd2345")
    StaticToken.objects.create(device=backup, token="efgh6789")
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": "ABCD 2345"}, follow=True)
    assert response.redirect_chain[0][0] == STAFF_HOME
    assert "U heeft nog 1 reservecode over." in response.content.decode()
    client.post(reverse("accounts:logout"))
    sign_in(client, staff)
    assert "Deze code klopt niet" in client.post(VERIFY, {"code": "abcd2345"}).content.decode()


def test_with_a_device_a_new_one_cannot_be_set_up_before_giving_a_code(client, staff):
    """Otherwise a stolen password would be enough to add the thief's own app."""
    confirmed_device(staff)
    sign_in(client, staff)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.parametrize("kind", ["wijkagent", "meldkamer"])
def test_police_sign_in_with_a_second_factor_too(client, town, kind):
    officer = UserFactory()
    make_role(officer, kind, town.gemeente)
    assert sign_in(client, officer)["Location"].startswith(SETUP)


def test_platform_administrators_sign_in_with_a_second_factor(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert sign_in(client, admin)["Location"].startswith(SETUP)


def test_a_resident_is_never_asked_for_a_code(client):
    resident = UserFactory()
    assert sign_in(client, resident)["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(VERIFY)["Location"] == HOME
    assert client.get(SETUP)["Location"] == HOME
    assert not TOTPDevice.objects.filter(user=resident).exists()


def test_the_header_asks_to_finish_signing_in(client, staff):
    sign_in(client, staff)
    html = client.get(reverse("core:home")).content.decode()
    assert "Inloggen afronden" in html and "Mijn account" not in html


DEMO_BOX = "Alleen in de demo:"


def test_the_demo_shows_the_code_of_a_demo_device_in_dev_mode(client, staff, settings):
    settings.DEV_MODE = True
    device = confirmed_device(staff, name="demo")
    sign_in(client, staff)
    html = client.get(VERIFY).content.decode()
    assert DEMO_BOX in html
    shown = re.search(r"de code is <code>(\d{6})</code>", html).group(1)
    assert shown in {code_for(device, ahead=step) for step in (-1, 0, 1)}  # a step may pass meanwhile
    assert client.post(VERIFY, {"code": shown})["Location"] == STAFF_HOME


def test_the_demo_code_is_never_shown_outside_dev_mode(client, staff, settings):
    settings.DEV_MODE = False
    device = confirmed_device(staff, name="demo")
    sign_in(client, staff)
    html = client.get(VERIFY).content.decode()
    assert DEMO_BOX not in html and code_for(device) not in html


def test_the_demo_code_is_not_shown_for_a_real_device(client, staff, settings):
    settings.DEV_MODE = True
    confirmed_device(staff, name="app")
    sign_in(client, staff)
    assert DEMO_BOX not in client.get(VERIFY).content.decode()


@pytest.mark.parametrize(
    "kind,landing",
    [
        ("municipal", reverse("municipality:home")),
        ("wijkagent", reverse("console:home")),
        ("meldkamer", reverse("console:home")),
    ],
)
def test_staff_and_police_land_on_their_own_pages_after_the_second_factor(client, town, kind, landing):
    user = UserFactory()
    make_role(user, kind, town.gemeente)
    device = confirmed_device(user)
    response = sign_in(client, user)
    assert response["Location"].startswith(VERIFY)
    next_url = response["Location"].split("next=", 1)[1]
    response = client.post(VERIFY, {"code": code_for(device), "next": next_url.replace("%2F", "/")})
    assert response["Location"] == landing


def test_a_given_next_still_wins_after_the_second_factor(client, staff):
    device = confirmed_device(staff)
    sign_in(client, staff, next=PROFILE)
    response = client.post(VERIFY, {"code": code_for(device), "next": PROFILE})
    assert response["Location"] == PROFILE


def test_a_resident_still_lands_on_the_account_page(client):
    user = UserFactory()
    assert sign_in(client, user)["Location"] == HOME
