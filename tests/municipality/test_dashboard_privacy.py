"""Police of the gemeente see the dashboard, the groups page, the CSV and the API read-only and without the admins'
private contact details (e-mail addresses, phone numbers, surnames); staff see everything. One selector decides."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CODE = "GM9901"
PAGES = [
    reverse("municipality:overview", kwargs={"code": CODE}),
    reverse("municipality:groups", kwargs={"code": CODE}),
    reverse("municipality:groups", kwargs={"code": CODE}) + "?per=woonplaats",
    reverse("municipality:overview_csv", kwargs={"code": CODE}),
    f"/api/v1/gemeenten/{CODE}/groups",
]


def private_details(world) -> list[str]:
    bert = world.group.memberships.get(user__first_name="Bert").user
    return [world.admin.email, bert.email, "06-11112222", "06-33334444", "carla@example.org"]


@pytest.mark.parametrize("url", PAGES)
def test_police_see_no_admin_email_or_phone(police_client, world, url):
    world.pending.contact_phone = "06-55556666"
    world.pending.save()
    response = police_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for detail in [*private_details(world), "06-55556666", "Quaxworth", "Zebulon"]:
        assert detail not in body, detail


@pytest.mark.parametrize("url", PAGES[1:])
def test_staff_see_the_admins_contacts(staff_client, world, url):
    body = staff_client.get(url).content.decode()
    for detail in private_details(world)[:4]:
        assert detail in body, detail


def test_the_police_csv_has_no_contact_columns(police_client, world):
    body = police_client.get(reverse("municipality:overview_csv", kwargs={"code": CODE})).content.decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["groep", "status", "wijk", "woonplaats", "opgericht", "deelnemers", "adressen", "beheerder"]
    molenhoek = [row for row in rows[1:] if row[0] == "Buurtpreventie Molenhoek"]
    assert [row[7] for row in molenhoek] == ["Anna", "Bert"]
