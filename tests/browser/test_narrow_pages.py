"""Pages with narrow cards and long lists, on a 390 px phone (and the group page's side column on a tablet): words
stay whole, the manage page of a 75-member group fits and pages, and the account pages work. Every page visited
is also checked by axe-core and for sideways scrolling (conftest.Tab)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from buurtwacht.groups.models import JoinRequest, JoinStatus
from tests.browser.conftest import PHONE
from tests.browser.test_search_and_map import screenshot
from tests.factories import (
    PASSWORD,
    AddressFactory,
    GroupFactory,
    UserFactory,
    cell,
    login_with_second_factor,
    make_member,
    make_role,
    make_town,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 700, "height": 900}

# Words (split at spaces, hyphens, dots, slashes and @) whose letters are drawn on more than one line.
BROKEN_WORDS = """
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[^\\s\\-\\/@.]{3,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}
"""


@pytest.fixture
def voorbeeldrecht(transactional_db):
    town = make_town(name="Voorbeeldrecht (fictief)")
    group = GroupFactory(
        name="Buurtpreventie Merelbuurt", geometry=cell(0, 0), founded_on=dt.date(2016, 12, 12), member_count=75
    )
    GroupFactory(name="Buurtwacht Wilgenweide", geometry=cell(1, 1), pending=True)
    AddressFactory(street="Vinkendreef", number=1, place="Voorbeeldrecht")
    return town, group


def signed_in(tab, user, *, second_factor: bool = False):
    client = Client()
    if second_factor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    tab.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": tab.base_url}])
    return tab


def assert_words_whole(page, name: str) -> None:
    screenshot(page, name)
    assert page.evaluate(BROKEN_WORDS) == [], f"words broken mid-word on {name}"


def test_words_stay_whole_in_the_cards_of_the_address_result_group_page_and_municipal_overview(
    open_tab, voorbeeldrecht
):
    town, group = voorbeeldrecht
    tab = open_tab(PHONE)
    page = tab.open("/?postcode=9901AB&huisnummer=1")
    page.locator("article.card", has_text="Buurtpreventie Merelbuurt").wait_for()
    assert_words_whole(page, "narrow-result-phone")

    page.goto(f"{tab.base_url}{group.get_absolute_url()}")
    assert_words_whole(page, "narrow-group-phone")

    staff = UserFactory(first_name="Greet")
    make_role(staff, "municipal", town.gemeente)
    page = signed_in(open_tab(PHONE), staff, second_factor=True).open(f"/gemeente/{town.gemeente.code}/")
    page.get_by_text("Buurtwacht Wilgenweide").first.wait_for()
    assert_words_whole(page, "narrow-municipal-phone")


def test_the_group_page_side_column_keeps_words_whole_on_a_tablet(open_tab, voorbeeldrecht):
    _town, group = voorbeeldrecht
    page = open_tab(TABLET).open(group.get_absolute_url())
    assert_words_whole(page, "narrow-group-tablet")


@pytest.fixture
def big_group(transactional_db):
    make_town()
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    admin = make_member(group, UserFactory(first_name="Anna", last_name="de Vries"), admin=True)
    for n in range(74):
        street = "Kerkstraat" if n % 2 else "Burgemeester van Voorbeeldrechtlaan"
        user = UserFactory(first_name=f"Lid{n:02d}", email=f"lid.met.een.lang.adres.{n}@example.org")
        user.address = AddressFactory(street=street)
        user.save()
        make_member(group, user)
    return group, admin


def test_the_manage_page_of_75_members_fits_a_phone_pages_and_searches(open_tab, big_group):
    from playwright.sync_api import expect

    group, admin = big_group
    page = signed_in(open_tab(PHONE), admin).open(f"/groepen/{group.slug}/beheer/")
    cards = page.locator(".member-card")
    expect(cards).to_have_count(25)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "manage-75-phone")

    page.get_by_role("link", name="Volgende").click()
    expect(page.get_by_text("Pagina 2 van 3")).to_be_visible()
    expect(cards.first).to_contain_text("Lid24")

    page.get_by_label("Zoek op naam of straat").fill("lid07")
    page.get_by_role("button", name="Zoeken").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Lid07")

    page.goto(page.url.split("/groepen/")[0] + reverse("groups:admins", kwargs={"slug": group.slug}))
    page.get_by_label("Deelnemer").select_option(label="Lid43 Jansen, Kerkstraat")
    page.get_by_role("button", name="Beheerder maken").click()
    expect(page.get_by_text("Lid43 Jansen is nu beheerder.")).to_be_visible()


def test_a_resident_changes_the_password_on_a_phone(open_tab, voorbeeldrecht):
    from playwright.sync_api import expect

    _town, group = voorbeeldrecht
    bram = UserFactory(first_name="Bram")
    page = signed_in(open_tab(PHONE), bram).open("/account/")
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-ander-wachtwoord-7")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("iets-anders")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_text("De twee nieuwe wachtwoorden zijn niet gelijk.")).to_be_visible()
    screenshot(page, "password-change-refused-phone")

    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-ander-wachtwoord-7")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("een-ander-wachtwoord-7")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_text("Uw wachtwoord is gewijzigd.")).to_be_visible()
    bram.refresh_from_db()
    assert bram.check_password("een-ander-wachtwoord-7")


def test_the_admins_messages_show_a_withdrawn_request_as_settled(open_tab, voorbeeldrecht):
    from playwright.sync_api import expect

    from buurtwacht.groups.membership import services as membership

    _town, group = voorbeeldrecht
    anna = make_member(group, UserFactory(first_name="Anna"), admin=True)
    bram = UserFactory(first_name="Bram", address=AddressFactory())
    request_obj = membership.join_request_create(
        group=group, user=bram, address=bram.address, declared_min_age=True, rules_version=1
    )
    membership.join_request_withdraw(request_obj=request_obj, user=bram)
    assert JoinRequest.objects.get().status == JoinStatus.WITHDRAWN

    page = signed_in(open_tab(PHONE), anna).open("/account/berichten/")
    expect(page.get_by_text("Aanvraag: Ingetrokken")).to_be_visible()
    expect(page.locator(".notification--new")).to_have_count(0)
    screenshot(page, "messages-withdrawn-phone")
