"""The dashboard as a home for the rooms: a summary at the top with a line and a link per section, each section in
its own anchor, the stickers section (staff decide there, police read), the contacts, and the groups on their own
page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.municipality import dashboard
from buurtwacht.municipality.models import GemeenteSettings, WijkContact
from buurtwacht.municipality.stickers.models import RequestStatus
from buurtwacht.municipality.stickers.services import sticker_request_create
from tests.municipality.stickers.conftest import sticker_world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

CODE = "GM9901"
OVERVIEW = reverse("municipality:overview", kwargs={"code": CODE})


@pytest.fixture
def open_request(sticker_world):  # noqa: F811
    return sticker_request_create(
        group=sticker_world.group, admin=sticker_world.admin, number=2, delivery="post", address="Molenweg 3"
    )


def test_the_summary_names_every_section_with_a_link(staff_client, open_request):
    page = staff_client.get(OVERVIEW).content.decode()
    summary = page[page.index('id="summary-heading"'):page.index("</nav>", page.index('id="summary-heading"'))]
    stickers_url = reverse("stickers:gemeente", kwargs={"code": CODE})
    assert f'href="{stickers_url}"' in summary and "1 open aanvraag" in summary
    assert reverse("municipality:groups", kwargs={"code": CODE}) in summary
    assert "1 wacht op goedkeuring" in summary
    assert 'id="sectie-stickers"' in page


def _probe(settings, tmp_path, context):
    template_dir = tmp_path / "templates"
    (template_dir / "probe").mkdir(parents=True)
    (template_dir / "probe" / "section.html").write_text("<section><h2>Proefsectie</h2></section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]
    dashboard.register(dashboard.Section(key="probe", order=99, template="probe/section.html", context=context))


def test_a_section_without_url_links_to_its_place(staff_client, world, settings, tmp_path):
    _probe(settings, tmp_path, lambda g, u: {"title": "Proef", "summary": "alles goed"})
    try:
        page = staff_client.get(OVERVIEW).content.decode()
    finally:
        dashboard.sections.pop("probe")
    assert 'href="#sectie-probe">Proef</a>: alles goed' in page and 'id="sectie-probe"' in page


@pytest.mark.parametrize("context", [{}, {"title": "Proef"}, {"summary": "alles goed"}])
def test_a_section_without_title_or_summary_is_an_error(staff_client, world, settings, tmp_path, context):
    _probe(settings, tmp_path, lambda g, u: context)
    try:
        with pytest.raises(dashboard.MissingSummary):
            staff_client.get(OVERVIEW)
    finally:
        dashboard.sections.pop("probe")


def test_every_section_has_a_dutch_title_and_a_summary(staff_client, world, open_request):
    response = staff_client.get(OVERVIEW)
    shown = {section.key: section for section in response.context["sections"]}
    assert {"signs", "stickers", "coverage", "figures", "networks"} <= set(shown)
    assert shown["signs"].title == "Straatborden" and shown["signs"].summary == "0 aanvragen open, 0 borden geplaatst"
    assert shown["coverage"].title == "Dekking" and shown["coverage"].summary == "nog niet berekend"
    assert shown["figures"].title == "Cijfers" and shown["figures"].summary == "nog geen misdrijfcijfers"
    assert shown["networks"].title == "Netwerk van buurgroepen"
    assert shown["networks"].summary == "2 groepen, 1 paar buurgroepen nog niet allebei aangemeld"
    page = response.content.decode()
    summary = page[page.index('id="summary-heading"'):page.index("</nav>", page.index('id="summary-heading"'))]
    for english in (">Signs<", ">Coverage<", ">Figures<", ">Networks<"):
        assert english not in summary


def test_the_dashboard_in_english_has_no_dutch_headings(staff_client, open_request):
    staff_client.post(reverse("set_language"), {"language": "en"})
    page = staff_client.get(OVERVIEW).content.decode()
    assert 'lang="en"' in page
    assert "In één oogopslag" not in page


def test_police_get_their_own_intro(police_client):
    page = police_client.get(OVERVIEW).content.decode()
    assert "daar is zij ook niet verantwoordelijk voor" not in page
    assert "U bekijkt dit overzicht als politie" in page


def test_staff_get_the_municipal_intro(staff_client):
    page = staff_client.get(OVERVIEW).content.decode()
    assert "daar is zij ook niet verantwoordelijk voor" in page
    assert "U bekijkt dit overzicht als politie" not in page


def test_staff_see_the_open_request_on_the_dashboard_and_hand_it_out(staff_client, open_request):
    page = staff_client.get(OVERVIEW).content.decode()
    sent = reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk})
    assert f'action="{sent}"' in page and "Molenweg 3" in page
    response = staff_client.post(sent, {"next": "dashboard"})
    assert response["Location"] == OVERVIEW
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.SENT
    assert "geen open aanvragen" in staff_client.get(OVERVIEW).content.decode()


def test_police_read_the_stickers_section(police_client, open_request):
    page = police_client.get(OVERVIEW).content.decode()
    assert 'id="sectie-stickers"' in page and "Buurtpreventie Molenhoek" in page
    assert reverse("stickers:sent", kwargs={"code": CODE, "pk": open_request.pk}) not in page
    assert reverse("stickers:refuse", kwargs={"code": CODE, "pk": open_request.pk}) not in page
    assert "Molenweg 3" not in page


def test_low_stock_warns_on_the_dashboard(staff_client, sticker_world):  # noqa: F811
    assert "stickers op voorraad." not in staff_client.get(OVERVIEW).content.decode()
    sticker_world.settings.stock = 10
    sticker_world.settings.save()
    page = staff_client.get(OVERVIEW).content.decode()
    assert "Nog 10 stickers op voorraad." in page and "voorraad laag" in page


def test_the_contacts_on_the_dashboard(police_client, world):
    GemeenteSettings.objects.create(gemeente=world.town.gemeente, veiligheid_email="veiligheid@proefdorp.nl")
    WijkContact.objects.create(wijk=world.town.wijken[0], wijkwethouder_name="Jan de Wethouder",
                               wijkwethouder_email="jan@proefdorp.nl")
    page = police_client.get(OVERVIEW).content.decode()
    assert "veiligheid@proefdorp.nl" in page and "Jan de Wethouder" in page
    assert reverse("municipality:contacts", kwargs={"code": CODE}) not in page


def test_the_groups_page_is_linked_and_weak_groups_are_named(staff_client, world):
    from tests.factories import GroupFactory, make_member

    lonely = GroupFactory(name="Buurtpreventie Alleen", gemeente=world.town.gemeente)
    make_member(lonely, admin=True)
    page = staff_client.get(OVERVIEW).content.decode()
    assert reverse("municipality:groups", kwargs={"code": CODE}) in page
    assert "Buurtpreventie Alleen" in page and "één beheerder" in page


@pytest.mark.parametrize("persona", ["staff", "police"])
def test_a_gemeente_without_sticker_settings_is_asked_to_set_them(client, world, persona):
    from tests.factories import login_with_second_factor

    login_with_second_factor(client, getattr(world, persona))
    page = client.get(OVERVIEW).content.decode()
    assert "nog niet ingesteld" in page and "stickers op voorraad" not in page
    assert (reverse("stickers:settings", kwargs={"code": CODE}) in page) == (persona == "staff")
