"""An admin reads in the group's WhatsApp export on a 390 px phone: the privacy statement before the upload, the
result after; then staff see the WhatsApp series on the figures page. Every page visited is checked by axe-core and
for sideways scrolling (conftest.Tab)."""

from __future__ import annotations

import pytest

from buurtwacht.municipality.chathistory.models import ChatMonth
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.factories import GroupFactory, UserFactory, cell, make_member, make_role, make_town
from tests.municipality.chathistory.test_import import export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_reads_in_a_whatsapp_export_and_staff_see_the_counts(open_tab, tmp_path):
    town = make_town(name="Voorbeeldrecht (fictief)")
    group = GroupFactory(name="Buurtpreventie Merelbuurt", gemeente=town.gemeente, geometry=cell(0, 0))
    admin = make_member(group, UserFactory(first_name="Anna"), admin=True)
    staff = UserFactory(first_name="Gerda")
    make_role(staff, "municipal", town.gemeente)
    chat = tmp_path / "WhatsApp-chat met Buren.txt"
    chat.write_bytes(export({1: 12, 2: 3}))

    page = signed_in(open_tab(PHONE), admin).open(f"/groepen/{group.slug}/beheer/")
    page.get_by_role("link", name="Geschiedenis van de WhatsApp-groep inlezen").click()
    page.wait_for_url(f"**/groepen/{group.slug}/beheer/whatsapp-geschiedenis/")
    assert "geen namen en geen telefoonnummers" in page.locator("main").inner_text()
    page.get_by_label("Chatexport van WhatsApp (.txt of .zip)").set_input_files(str(chat))
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state()
    assert "15 berichten in 2 maanden" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert ChatMonth.objects.filter(group=group).count() == 2

    figures = signed_in(open_tab(PHONE), staff, second_factor=True).open(f"/gemeente/{town.gemeente.code}/cijfers/")
    section = figures.locator("section[aria-labelledby=whatsapp-heading]")
    assert "Berichten in WhatsApp-groepen" in section.inner_text()
    assert "<\u00a05" in section.inner_text()  # "< 5" kept on one line
