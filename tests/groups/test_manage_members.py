"""The manage page with a real group's worth of members (75): paged, searchable by name or street, one form to make
someone admin, and the CSV export still complete."""

import re

import pytest
from django.urls import reverse

from buurtwacht.groups.models import MemberRole, Membership
from tests.factories import AddressFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def url(name, group):
    return reverse(f"groups:{name}", kwargs={"slug": group.slug})


def cards(html: str) -> list[str]:
    """The names on the member cards shown, in order."""
    return [name.strip() for name in re.findall(r'<li class="card member-card">\s*<h3>([^<]+)', html)]


@pytest.fixture
def seventy_five(group, admin, town):
    """Anna (admin) and 74 members: Lid00 .. Lid73 on Kerkstraat (even) or Dorpsweg (odd)."""
    for n in range(74):
        street = "Kerkstraat" if n % 2 == 0 else "Dorpsweg"
        make_member(
            group, UserFactory(first_name=f"Lid{n:02d}", last_name="Jansen", address=AddressFactory(street=street))
        )
    return group


def test_the_member_list_comes_in_pages_of_25(client, seventy_five, admin):
    client.force_login(admin)
    first = client.get(url("manage", seventy_five)).content.decode()
    assert "Deelnemers (75)" in first
    assert len(cards(first)) == 25 and cards(first)[0] == "Anna de Vries"
    assert "Pagina 1 van 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get(url("manage", seventy_five), {"pagina": "3"}).content.decode()
    assert len(cards(last)) == 25 and cards(last)[-1] == "Lid73 Jansen"
    assert "Pagina 3 van 3" in last and 'rel="next"' not in last
    assert len(cards(client.get(url("manage", seventy_five), {"pagina": "99"}).content.decode())) == 25  # last page


def test_an_admin_finds_members_by_name_or_street(client, seventy_five, admin):
    client.force_login(admin)
    by_name = client.get(url("manage", seventy_five), {"zoek": "lid07"}).content.decode()
    assert cards(by_name) == ["Lid07 Jansen"]
    assert "1 deelnemer gevonden voor ‘lid07’." in by_name
    by_street = client.get(url("manage", seventy_five), {"zoek": "dorpsweg"}).content.decode()
    assert len(cards(by_street)) == 25 and "37 deelnemers gevonden" in by_street
    paged = client.get(url("manage", seventy_five), {"zoek": "dorpsweg", "pagina": "2"}).content.decode()
    assert len(cards(paged)) == 12 and "zoek=dorpsweg&amp;pagina=1" in paged
    nobody = client.get(url("manage", seventy_five), {"zoek": "Onbekend"}).content.decode()
    assert cards(nobody) == [] and "Geen deelnemers gevonden." in nobody


def test_one_form_makes_a_member_admin_instead_of_a_button_each(client, seventy_five, admin):
    client.force_login(admin)
    html = client.get(url("admins", seventy_five)).content.decode()
    assert html.count('value="promote"') == 1
    assert len(re.findall(r'<option value="\d+">', html)) == 74
    chosen = Membership.objects.get(user__first_name="Lid42")
    client.post(url("admins", seventy_five), {"action": "promote", "membership": str(chosen.pk)})
    chosen.refresh_from_db()
    assert chosen.role == MemberRole.ADMIN


def test_the_csv_export_still_holds_every_member(client, seventy_five, admin):
    client.force_login(admin)
    body = client.get(url("members_csv", seventy_five)).content.decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 1 + 75
