"""Recruiting: the invite page, the QR code (decoded back), the A4 flyer (read back), and renewing the link."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageDraw
from pypdf import PdfReader

from buurtwacht.groups import recruiting
from buurtwacht.groups.models import Group
from tests.factories import GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(town):
    return GroupFactory(
        name="Buurtpreventie Molenhoek",
        description="Wij letten op de Molenweg en omgeving.",
        wijk=town.wijken[0],
        place="Proefdorp",
        min_age=21,
    )


@pytest.fixture
def admin(group):
    return make_member(group, UserFactory(first_name="Anna", last_name="Beheer"), admin=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def invite_url(group: Group) -> str:
    group.refresh_from_db()
    return settings.SITE_URL + reverse("groups:invite", kwargs={"slug": group.slug, "token": group.invite_token})


def decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "exactly one QR code expected"
    return results[0].text


def svg_to_image(svg: bytes) -> Image.Image:
    """Draw segno's SVG path (horizontal runs of dark modules: M x y, h n, m dx dy) as a bitmap, to decode it."""
    text = svg.decode()
    width = int(re.search(r'width="(\d+)"', text).group(1))
    scale = float(re.search(r'scale\((\d+(?:\.\d+)?)\)', text).group(1))
    path = re.search(r' d="([^"]+)"', text).group(1)
    modules = round(width / scale)
    pixels = 8
    image = Image.new("L", (modules * pixels, modules * pixels), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            row = int(y)
            draw.rectangle([x * pixels, row * pixels, (x + float(a)) * pixels - 1, (row + 1) * pixels - 1], fill=0)
            x += float(a)
    return image


# --- The invite page ----------------------------------------------------------------------------------------------


def test_the_invite_page_shows_the_group_and_the_way_in(client, group):
    response = client.get(invite_url(group).removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Buurtpreventie Molenhoek" in page
    assert "Wij letten op de Molenweg" in page
    assert "Proefdorp" in page
    assert "Wie kan meedoen" in page
    assert "21 jaar of ouder" in page
    assert "0900-8844" in page and "112" in page
    join = reverse("groups:join", kwargs={"slug": group.slug}) + f"?uitnodiging={group.invite_token}"
    assert f'href="{join}"' in page
    assert "Lid worden" in page


def test_a_member_following_the_link_is_told_they_are_in(client, group):
    member = make_member(group)
    client.force_login(member)
    page = client.get(invite_url(group).removeprefix(settings.SITE_URL)).content.decode()
    assert "U bent al deelnemer van deze groep." in page
    assert "?uitnodiging=" not in page


def test_a_wrong_token_is_a_404_that_points_to_the_group(client, group):
    response = client.get(reverse("groups:invite", kwargs={"slug": group.slug, "token": "verkeerd"}))
    assert response.status_code == 404
    page = response.content.decode()
    assert "niet meer geldig" in page
    assert f'href="{group.get_absolute_url()}"' in page
    assert "?uitnodiging=" not in page


@pytest.mark.parametrize("trait", ["pending", "inactive"])
def test_a_group_that_is_not_active_has_no_invite_page(client, town, trait):
    group = GroupFactory(**{trait: True})
    response = client.get(reverse("groups:invite", kwargs={"slug": group.slug, "token": group.invite_token}))
    assert response.status_code == 404
    assert group.name not in response.content.decode()


# --- QR codes -----------------------------------------------------------------------------------------------------


def test_the_png_qr_code_holds_the_absolute_invite_link(admin_client, group):
    response = admin_client.get(reverse("groups:invite_qr_png", kwargs={"slug": group.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.width >= 250  # scale ~10: sharp when pasted into a document
    assert decode(image) == invite_url(group)
    assert invite_url(group).startswith(f"{settings.SITE_URL}/groepen/{group.slug}/uitnodiging/")


def test_the_svg_qr_code_holds_the_absolute_invite_link(admin_client, group):
    response = admin_client.get(reverse("groups:invite_qr", kwargs={"slug": group.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert decode(svg_to_image(response.content)) == invite_url(group)


# --- The flyer ----------------------------------------------------------------------------------------------------


def flyer(client, group) -> tuple[PdfReader, str]:
    response = client.get(reverse("groups:flyer", kwargs={"slug": group.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="flyer-{group.slug}.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    return reader, reader.pages[0].extract_text()


def test_the_flyer_is_one_a4_page_with_the_qr_code_the_link_and_saar(admin_client, group):
    reader, text = flyer(admin_client, group)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 1 and abs(float(page.mediabox.height) - 841.9) < 1
    for expected in ["Buurtpreventie Molenhoek", "Proefdorp", "Zo doet u mee", "Signaleer", "Alarmeer", "112",
                     "0900-8844", "App", "Reageer", "21 jaar", "geen deelnemer"]:
        assert expected in text, expected
    # A long link may be set in two lines (or the PDF reader may split it): the characters are all there, in order.
    assert invite_url(group) in "".join(text.split())
    images = page.images
    assert len(images) == 1
    assert decode(images[0].image) == invite_url(group)


def test_the_flyer_follows_the_admins_language(admin_client, group):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _reader, english = flyer(admin_client, group)
    assert "Municipality:" in english and "District:" in english
    assert "Gemeente:" not in english
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    _reader, dutch = flyer(admin_client, group)
    assert "Gemeente:" in dutch and "Wijk:" in dutch


def test_a_name_outside_the_pdf_fonts_still_makes_a_flyer(town):
    group = GroupFactory(name="Buurtpreventie Łódź – “Øster” ✓")
    with translation.override("nl"):
        text = PdfReader(io.BytesIO(recruiting.flyer_pdf(group=group))).pages[0].extract_text()
    assert "Buurtpreventie Lódz – “Øster” ?" in text


# --- Who may ------------------------------------------------------------------------------------------------------

ADMIN_PAGES = ["invite_qr", "invite_qr_png", "flyer"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, group, name):
    url = reverse(f"groups:{name}", kwargs={"slug": group.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ADMIN_PAGES)
@pytest.mark.parametrize("persona", ["resident", "member", "admin-of-another-group"])
def test_only_the_groups_admins_get_its_qr_code_and_flyer(client, town, group, name, persona):
    user = UserFactory()
    if persona == "member":
        make_member(group, user)
    elif persona == "admin-of-another-group":
        make_member(GroupFactory(), user, admin=True)
    client.force_login(user)
    response = client.get(reverse(f"groups:{name}", kwargs={"slug": group.slug}))
    assert response.status_code == 403
    assert group.invite_token.encode() not in response.content


@pytest.mark.parametrize("persona", ["anonymous", "resident", "member"])
def test_only_admins_can_renew_the_link(client, group, persona):
    old = group.invite_token
    if persona != "anonymous":
        user = UserFactory()
        if persona == "member":
            make_member(group, user)
        client.force_login(user)
    response = client.post(reverse("groups:invite_rotate", kwargs={"slug": group.slug}))
    assert response.status_code == (302 if persona == "anonymous" else 403)
    group.refresh_from_db()
    assert group.invite_token == old


# --- Renewing the link --------------------------------------------------------------------------------------------


def test_renewing_the_link_retires_the_old_one(admin_client, group):
    old_path = invite_url(group).removeprefix(settings.SITE_URL)
    assert admin_client.get(old_path).status_code == 200

    response = admin_client.post(reverse("groups:invite_rotate", kwargs={"slug": group.slug}))
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:manage", kwargs={"slug": group.slug}) + "#uitnodigen"

    new_path = invite_url(group).removeprefix(settings.SITE_URL)
    assert new_path != old_path
    assert admin_client.get(old_path).status_code == 404
    assert admin_client.get(new_path).status_code == 200
    png = admin_client.get(reverse("groups:invite_qr_png", kwargs={"slug": group.slug})).content
    assert decode(Image.open(io.BytesIO(png))) == settings.SITE_URL + new_path


def test_renewing_takes_a_post(admin_client, group):
    old = group.invite_token
    assert admin_client.get(reverse("groups:invite_rotate", kwargs={"slug": group.slug})).status_code == 405
    group.refresh_from_db()
    assert group.invite_token == old


def test_the_service_refuses_someone_who_is_not_an_admin(group):
    from django.core.exceptions import PermissionDenied

    member = make_member(group)
    with pytest.raises(PermissionDenied):
        recruiting.invite_token_renew(group=group, admin=member)


# --- The partial on the admins' page ------------------------------------------------------------------------------


def test_the_recruiting_partial_offers_link_qr_flyer_and_renewal(rf, group, admin):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = admin
    html = render_to_string("groups/_recruiting.html", {"group": group}, request=request)
    assert f'value="{invite_url(group)}"' in html
    assert reverse("groups:invite_qr", kwargs={"slug": group.slug}) in html
    assert reverse("groups:flyer", kwargs={"slug": group.slug}) in html
    assert f'action="{reverse("groups:invite_rotate", kwargs={"slug": group.slug})}"' in html
    assert "csrfmiddlewaretoken" in html
