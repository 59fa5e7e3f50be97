"""Keys for control-room systems: `buurtwacht police-token` prints one once and keeps only its hash; a key is
found by its hash, refused when revoked, records its use at most once a minute; the back office names, binds and
revokes keys but never makes or shows one."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from buurtwacht.police import services
from buurtwacht.police.models import PoliceMessage, PoliceToken
from buurtwacht.police.tokens import TokenRefused, token_authenticate, token_revoke
from tests.factories import UserFactory, login_with_second_factor
from tests.police.conftest import message_input
from tests.police.keys import get, make_key

pytestmark = pytest.mark.django_db


def printed_key(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.strip().startswith("bwp_"))


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_a_key_that_works_and_stores_only_its_hash(town, client, tmp_path):
    """`buurtwacht police-token` as an operator runs it: its own process, against this test's database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtwacht.settings",
        "DATABASE_URL": database_url(),
        "BUURTWACHT_DEV": "1",
        "BUURTWACHT_DATA_DIR": str(tmp_path),
        "CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "buurtwacht.cli", "police-token"]
    command += ["--gemeente", town.gemeente.code, "--label", "Meldkamer Oost"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)  # noqa: S603
    key = printed_key(done.stdout)
    token = PoliceToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(getattr(token, f.attname)) for f in PoliceToken._meta.concrete_fields]
    assert not any(key in value for value in stored)  # the key itself is nowhere in the row
    assert token.prefix == key[:12] and token.label == "Meldkamer Oost"
    assert list(token.gemeenten.all()) == [town.gemeente]
    assert "niet nog eens getoond" in done.stdout
    # It opens the API: a message that does not exist is a 404, not a 401.
    response = get(client, "/dispatches/999", key)
    assert response.status_code == 404


def test_the_command_takes_several_gemeenten_and_codes_without_gm(town):
    from tests.police.keys import far_gemeente

    far, _buurt = far_gemeente()
    call_command("police_token", "--gemeente", "9901", "--gemeente", far.code, "--label", "Meldkamer Twee")
    assert set(PoliceToken.objects.get().gemeenten.all()) == {town.gemeente, far}


def test_the_command_refuses_an_unknown_gemeente_and_makes_nothing(town):
    with pytest.raises(CommandError, match="Deze gemeentecodes kennen we niet: GM0000"):
        call_command("police_token", "--gemeente", town.gemeente.code, "--gemeente", "GM0000", "--label", "Meldkamer")
    assert not PoliceToken.objects.exists()


def test_every_key_is_different(town):
    keys = {make_key(town.gemeente)[1] for _attempt in range(3)}
    assert len(keys) == 3


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "missing"),
        ("geheim", "malformed"),
        ("bwp_" + "A" * 42, "malformed"),
        ("bwp_" + "A" * 43, "unknown"),
    ],
)
def test_a_key_that_is_not_one_is_refused_with_its_reason(town, key, reason):
    make_key(town.gemeente)
    with pytest.raises(TokenRefused) as refused:
        token_authenticate(key)
    assert refused.value.reason == reason
    assert refused.value.message  # Dutch, for the 401's detail


def test_a_revoked_key_is_refused(town):
    token, key = make_key(town.gemeente)
    assert token_authenticate(key) == token
    assert token_revoke(token=token) is True
    with pytest.raises(TokenRefused) as refused:
        token_authenticate(key)
    assert refused.value.reason == "revoked"
    assert token_revoke(token=token) is False  # once is enough; the first time stays


def test_the_use_is_recorded_at_most_once_a_minute(town, django_assert_num_queries):
    token, key = make_key(town.gemeente)
    assert token.last_used_at is None
    token_authenticate(key)
    first = PoliceToken.objects.get().last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only: no write within the minute
        token_authenticate(key)
    assert PoliceToken.objects.get().last_used_at == first
    PoliceToken.objects.update(last_used_at=first - dt.timedelta(minutes=2))
    token_authenticate(key)
    assert PoliceToken.objects.get().last_used_at > first - dt.timedelta(seconds=1)


# --- the back office ----------------------------------------------------------------------------------------


@pytest.fixture
def platform(client):
    paula = UserFactory(first_name="Paula", is_staff=True, is_superuser=True)
    login_with_second_factor(client, paula)
    return client


def test_the_back_office_lists_keys_without_their_hash_and_cannot_make_one(town, platform):
    token, key = make_key(town.gemeente)
    listing = platform.get("/beheer/police/policetoken/").content.decode()
    assert token.label in listing and token.prefix in listing and town.gemeente.name in listing
    change = platform.get(f"/beheer/police/policetoken/{token.pk}/change/").content.decode()
    for page in (listing, change):
        assert token.key_hash not in page and key not in page
    assert platform.get("/beheer/police/policetoken/add/").status_code == 403
    assert platform.post(f"/beheer/police/policetoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PoliceToken.objects.filter(pk=token.pk).exists()


def test_the_back_office_revokes_a_key_and_it_stops_working_at_once(town, platform, client):
    token, key = make_key(town.gemeente)
    other, other_key = make_key(town.gemeente, label="Meldkamer Reserve")
    response = platform.post(
        "/beheer/police/policetoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "1 sleutel ingetrokken." in response.content.decode()
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None
    client.logout()
    refused = get(client, "/dispatches/1", key)
    assert refused.status_code == 401 and "ingetrokken" in refused.json()["detail"]
    assert get(client, "/dispatches/1", other_key).status_code == 404


def test_the_back_office_shows_police_messages_without_their_content(police_world, platform):
    message = services.message_send(sender=police_world.sender, data=message_input())
    listing = platform.get("/beheer/police/policemessage/").content.decode()
    detail = platform.get(f"/beheer/police/policemessage/{message.pk}/change/").content.decode()
    assert "Wim Wijkagent" in listing and "Wim Wijkagent" in detail
    for page in (listing, detail):
        assert "richting het park" not in page and "witte sneakers" not in page
    assert platform.post(f"/beheer/police/policemessage/{message.pk}/change/", {"description": "x"}).status_code == 403
    assert PoliceMessage.objects.get().description.startswith("Verdachte vlucht")
