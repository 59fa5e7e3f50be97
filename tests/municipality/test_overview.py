"""The municipal groups page (/gemeente/<code>/groepen/, moved there from the dashboard in issue 11): groups per wijk
and per woonplaats with their admins' contacts, never the members; the dashboard keeps the pending approvals."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from buurtwacht.groups.models import JoinRequest
from buurtwacht.municipality import selectors
from tests.factories import GroupFactory, UserFactory, cell, make_member

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("municipality:overview", kwargs={"code": "GM9901"})
GROUPS = reverse("municipality:groups", kwargs={"code": "GM9901"})
CSV = reverse("municipality:overview_csv", kwargs={"code": "GM9901"})


def test_the_overview_shows_admins_contacts_and_no_member(staff_client, world):
    JoinRequest.objects.create(group=world.group, user=UserFactory(first_name="Xanthippe", last_name="Aanvraag"))
    page = staff_client.get(GROUPS).content.decode()
    assert "Buurtpreventie Molenhoek" in page
    for contact in ["Anna Beheerder", "persoon", "06-11112222", "Bert Tweede", "06-33334444"]:
        assert contact in page
    assert world.admin.email in page
    assert "Zebulon" not in page and "Quaxworth" not in page and world.member.email not in page
    assert "Xanthippe" not in page


def test_the_overview_leaves_out_other_gemeenten_and_rejected_groups(staff_client, world):
    GroupFactory(name="Buurtpreventie Afgewezen", gemeente=world.town.gemeente, status="rejected")
    page = staff_client.get(GROUPS).content.decode()
    assert "Buurtpreventie Elders" not in page
    assert "Buurtpreventie Afgewezen" not in page


def test_pending_groups_come_first_with_approve_and_reject_for_staff(staff_client, world):
    page = staff_client.get(OVERVIEW).content.decode()
    approve = reverse("municipality:approve", kwargs={"code": "GM9901", "pk": world.pending.pk})
    reject = reverse("municipality:reject", kwargs={"code": "GM9901", "pk": world.pending.pk})
    assert f'action="{approve}"' in page and f'href="{reject}"' in page
    assert "Buurtpreventie Nieuw" in page
    assert "carla@example.org" in page  # who registered it
    groups_page = staff_client.get(GROUPS).content.decode()
    assert f'action="{approve}"' in groups_page
    assert groups_page.index("Buurtpreventie Nieuw") < groups_page.index("Buurtpreventie Molenhoek")


# Police of the gemeente used to see the admins' full names, e-mail addresses and phone numbers here. Issue 11: they
# see the dashboard read-only WITHOUT the admins' private contact details they do not need (first names and group
# names only); they reach an admin through the gemeente or a police message to the group's admins.
@pytest.mark.parametrize("url", [OVERVIEW, GROUPS])
def test_police_see_the_overview_read_only_without_private_contacts(police_client, world, url):
    page = police_client.get(url).content.decode()
    assert "Buurtpreventie Nieuw" in page and "Carla" in page  # the pending group and its registrant's first name
    assert reverse("municipality:approve", kwargs={"code": "GM9901", "pk": world.pending.pk}) not in page
    assert reverse("municipality:reject", kwargs={"code": "GM9901", "pk": world.pending.pk}) not in page
    assert reverse("municipality:contacts", kwargs={"code": "GM9901"}) not in page
    for private in [world.admin.email, "06-11112222", "06-33334444", "carla@example.org", "mailto:", "tel:"]:
        assert private not in page
    if url == GROUPS:
        assert "Buurtpreventie Molenhoek" in page
        assert "Anna" in page and "Bert" in page
        assert "Anna Beheerder" not in page and "Bert Tweede" not in page


def test_groups_with_too_few_admins_are_flagged(staff_client, world):
    lonely = GroupFactory(name="Buurtpreventie Alleen", gemeente=world.town.gemeente, wijk=world.town.wijken[0])
    make_member(lonely, admin=True)
    GroupFactory(name="Buurtpreventie Niemand", gemeente=world.town.gemeente, wijk=world.town.wijken[0])
    rows = {row.group.name: row for row in selectors.group_rows(world.town.gemeente, full_contacts=True)}
    assert rows["Buurtpreventie Alleen"].admin_warning == "één beheerder"
    assert rows["Buurtpreventie Niemand"].admin_warning == "geen beheerder"
    assert rows["Buurtpreventie Molenhoek"].admin_warning == ""
    page = staff_client.get(GROUPS).content.decode()
    assert "één beheerder" in page and "geen beheerder" in page


def test_the_counts(staff_client, world):
    town = world.town
    GroupFactory(name="Buurtpreventie Groot", gemeente=town.gemeente, geometry=cell(0, 0).union(cell(0, 1)),
                 member_count=4)
    data = selectors.overview(town.gemeente, full_contacts=True)
    assert data.active_count == 2
    assert data.pending_count == 1
    assert data.members_total == 3 + 4  # Molenhoek's two admins and member, and the large group's 4


def test_per_wijk_and_per_woonplaats(staff_client, world):
    town = world.town
    GroupFactory(name="Buurtpreventie Oost", gemeente=town.gemeente, wijk=town.wijken[1], place="Buitenveld")
    GroupFactory(name="Buurtpreventie Zwerver", gemeente=town.gemeente, wijk=None, place="")
    data = selectors.overview(town.gemeente, full_contacts=True)
    per_wijk = [(b.name, [r.group.name for r in b.rows]) for b in data.per_wijk()]
    assert per_wijk == [
        ("Proefdorp wijk 0", ["Buurtpreventie Molenhoek"]),
        ("Proefdorp wijk 1", ["Buurtpreventie Nieuw", "Buurtpreventie Oost"]),
        ("Onbekende wijk", ["Buurtpreventie Zwerver"]),
    ]
    per_place = [(b.name, [r.group.name for r in b.rows]) for b in data.per_woonplaats()]
    assert per_place == [
        ("Buitenveld", ["Buurtpreventie Oost"]),
        ("Proefdorp", ["Buurtpreventie Molenhoek", "Buurtpreventie Nieuw"]),
        ("Onbekende woonplaats", ["Buurtpreventie Zwerver"]),
    ]
    by_wijk = staff_client.get(GROUPS).content.decode()
    assert "Proefdorp wijk 1" in by_wijk and "Onbekende wijk" in by_wijk and "Onbekende woonplaats" not in by_wijk
    by_place = staff_client.get(GROUPS + "?per=woonplaats").content.decode()
    assert "Buitenveld" in by_place and "Onbekende woonplaats" in by_place and "Onbekende wijk" not in by_place


# --- CSV ----------------------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_csv_has_one_row_per_group_and_admin(staff_client, world):
    response = staff_client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["groep", "status", "wijk", "woonplaats", "opgericht", "deelnemers", "adressen", "beheerder",
                       "e-mail", "telefoon"]
    molenhoek = [row for row in rows[1:] if row[0] == "Buurtpreventie Molenhoek"]
    assert [row[7] for row in molenhoek] == ["Anna Beheerder", "Bert Tweede"]
    assert molenhoek[0][1:4] == ["Actief", "Proefdorp wijk 0", "Proefdorp"]
    assert molenhoek[0][5] == "3"
    assert molenhoek[0][8:] == [world.admin.email, "06-11112222"]
    assert {row[0] for row in rows[1:]} == {"Buurtpreventie Molenhoek", "Buurtpreventie Nieuw"}
    body = response.content.decode()
    assert "Zebulon" not in body and world.member.email not in body


def test_the_csv_guards_against_formulas(staff_client, world):
    group = GroupFactory(name="=HYPERLINK(\"http://kwaad.example\")", gemeente=world.town.gemeente, place="@dorp")
    make_member(group, UserFactory(first_name="-Min", phone="+31612345678"), admin=True)
    GroupFactory(name="Buurtpreventie Zonder", gemeente=world.town.gemeente)
    rows = read_csv(staff_client.get(CSV))
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0].startswith("'=")
    assert evil[3] == "'@dorp"
    assert evil[7].startswith("'-Min")
    assert evil[9] == "'+31612345678"
    without = [row for row in rows if row[0] == "Buurtpreventie Zonder"]
    assert len(without) == 1 and without[0][7:] == ["", "", ""]
