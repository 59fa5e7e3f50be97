"""Reading a group's WhatsApp history in: the admin's page and API, what is stored (counts, never text or names),
re-uploads, bad files, and the counts on the municipality's figures (page, CSV, API) with "< 5" masking."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from buurtwacht.municipality.chathistory.models import ChatMonth
from buurtwacht.municipality.chathistory.services import chat_history_import
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db

NAMES = ("Anna de Vries", "Bert Bakker", "Carla", "+31 6 12345678")


def _month(n: int) -> dt.date:
    """The first day of the month n months before this one."""
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def export(months: dict[int, int], *, police_every: int = 3) -> bytes:
    """A fictional Android export: months back -> number of messages, by the four NAMES in turn."""
    lines = ["01-01-2020 09:00 - Berichten en oproepen worden end-to-end versleuteld. Tik voor meer informatie."]
    for back, count in sorted(months.items(), reverse=True):
        month = _month(back)
        for i in range(count):
            name = NAMES[i % len(NAMES)]
            text = "Politie is gebeld over een inbraak" if i % police_every == 0 else "Fijne avond allemaal"
            lines.append(f"{month.day + i % 27:02d}-{month:%m-%Y} 20:{i % 60:02d} - {name}: {text}")
    return ("\n".join(lines) + "\n").encode()


def test_only_counts_are_stored(world):
    result = chat_history_import(group=world.group, data=export({1: 12, 2: 3}))
    assert (result.months, result.messages) == (2, 15)
    rows = list(ChatMonth.objects.filter(group=world.group).order_by("month"))
    assert [(r.month, r.messages, r.police_mentions, r.participants, r.alert_like) for r in rows] == [
        (_month(2), 3, 1, 3, {"inbraak": 1}),
        (_month(1), 12, 4, 4, {"inbraak": 4}),
    ]
    stored = repr([list(vars(r).values()) for r in rows])
    for word in (*NAMES, "Anna", "Politie", "inbraak gebeld", "Fijne avond", "12345678"):
        assert word not in stored
    assert all(r.source == "whatsapp" for r in rows)


def test_a_longer_export_replaces_the_months_it_covers(world):
    chat_history_import(group=world.group, data=export({1: 12, 2: 3}))
    chat_history_import(group=world.group, data=export({1: 12, 2: 3}))
    assert ChatMonth.objects.filter(group=world.group).count() == 2
    chat_history_import(group=world.group, data=export({0: 2, 1: 20, 2: 3}))
    counts = dict(ChatMonth.objects.filter(group=world.group).values_list("month", "messages"))
    assert counts == {_month(0): 2, _month(1): 20, _month(2): 3}


def test_a_bad_file_changes_nothing(world):
    chat_history_import(group=world.group, data=export({1: 12}))
    with pytest.raises(ValidationError, match="geen WhatsApp-chatexport"):
        chat_history_import(group=world.group, data=b"Boodschappenlijst\nmelk\n")
    assert list(ChatMonth.objects.values_list("messages", flat=True)) == [12]


def _upload(client, world, data: bytes, name="WhatsApp-chat met Buren.txt"):
    url = reverse("chathistory:upload", kwargs={"slug": world.group.slug})
    return client.post(url, {"export": SimpleUploadedFile(name, data)}, follow=True)


def test_the_admin_reads_in_a_zip_and_sees_the_result(client, world, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # force Django's temporary file: it must not be left behind
    client.force_login(world.admin)
    page = client.get(reverse("chathistory:upload", kwargs={"slug": world.group.slug}))
    assert "geen tekst van berichten, geen namen en geen telefoonnummers" in page.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("WhatsApp Chat - Buren.txt", export({1: 7}))
    response = _upload(client, world, buffer.getvalue(), name="WhatsApp Chat - Buren.zip")
    html = response.content.decode()
    assert "7 berichten in 1 maand" in html
    assert "Het bestand is niet bewaard" in html
    assert ChatMonth.objects.get(group=world.group).messages == 7
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "leeg"), (b"\x00\x01\x02binary", "geen tekstbestand"), (b"PK\x03\x04kapot", "beschadigd")],
)
def test_the_page_explains_a_bad_file_in_dutch(client, world, data, message):
    client.force_login(world.admin)
    response = _upload(client, world, data)
    assert message in response.content.decode()
    assert not ChatMonth.objects.exists()


def test_the_manage_page_links_to_the_upload(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("groups:manage", kwargs={"slug": world.group.slug})).content.decode()
    assert reverse("chathistory:upload", kwargs={"slug": world.group.slug}) in html


@pytest.mark.parametrize("persona", ["member", "resident", "staff", "police"])
def test_only_admins_may_upload(client, world, persona):
    client.force_login(getattr(world, persona))
    response = _upload(client, world, export({1: 7}))
    assert response.status_code in (403, 404)
    api = client.post(f"/api/v1/groups/{world.group.pk}/whatsapp-history",
                      {"export": SimpleUploadedFile("chat.txt", export({1: 7}))})
    assert api.status_code in (403, 404)
    assert not ChatMonth.objects.exists()


def test_the_api_reads_a_multipart_upload(client, world):
    client.force_login(world.admin)
    url = f"/api/v1/groups/{world.group.pk}/whatsapp-history"
    response = client.post(url, {"export": SimpleUploadedFile("_chat.txt", export({1: 7, 3: 2}))})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "months": 2, "messages": 9, "first_month": _month(3).isoformat(), "last_month": _month(1).isoformat(),
    }
    bad = client.post(url, {"export": SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\x00\x00")})
    assert bad.status_code == 400
    assert "geen tekstbestand" in bad.content.decode()


def test_the_figures_show_the_whatsapp_series_masked(client, world):
    chat_history_import(group=world.group, data=export({1: 12, 2: 3}))
    login_with_second_factor(client, world.staff)
    html = client.get(reverse("figures:gemeente", kwargs={"code": "GM9901"})).content.decode()
    assert "Berichten in WhatsApp-groepen" in html
    assert "WhatsApp-berichten over 112/politie" in html
    assert "Anna" not in html and "Fijne avond" not in html
    data = client.get("/api/v1/gemeenten/GM9901/figures").json()
    months = {m["month"]: m for m in data["whatsapp_months"]}
    assert months[_month(1).isoformat()] == {
        "month": _month(1).isoformat(), "source": "whatsapp", "messages": 12, "police_mentions": "< 5",
        "alert_like": "< 5",
    }
    assert months[_month(2).isoformat()]["messages"] == "< 5"
    buurt = client.get(reverse("figures:buurt", kwargs={"code": "GM9901", "buurt": "BU99010000"})).content.decode()
    assert "Berichten in WhatsApp-groepen" in buurt
    other = client.get(reverse("figures:buurt", kwargs={"code": "GM9901", "buurt": "BU99010101"}))
    assert other.status_code == 200 and "Berichten in WhatsApp-groepen" not in other.content.decode()
    csv = client.get(reverse("figures:csv", kwargs={"code": "GM9901"})).content.decode()
    assert "berichten in WhatsApp-groepen" in csv.splitlines()[0]
