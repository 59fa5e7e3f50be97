"""Recruiting: a group's invite link, its QR code and the printable A4 flyer, and renewing the link.

The invite link carries `Group.invite_token`; renewing the token makes every printed flyer and shared link stop
working (for a flyer that reached the wrong hands). The flyer is written in the active language (the admin's).
"""

from __future__ import annotations

import io
import unicodedata

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from buurtwacht.groups.models import Group, new_token
from buurtwacht.groups.permissions import is_admin

BRAND = (18, 54, 95)  # --brand in site.css
MUTED = (74, 82, 92)
INK = (27, 31, 36)


def invite_path(group: Group) -> str:
    return reverse("groups:invite", kwargs={"slug": group.slug, "token": group.invite_token})


def invite_url(group: Group) -> str:
    """The absolute invite link, as printed on the flyer and held by the QR code."""
    return settings.SITE_URL + invite_path(group)


def _qr(url: str) -> segno.QRCode:
    # Level M survives a crease or a smudge on a printed flyer and keeps the code small enough to scan easily.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=6, border=4, title=url)
    return buffer.getvalue()


def qr_png(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@transaction.atomic
def invite_token_renew(*, group: Group, admin) -> Group:
    """Give the group a new invite token: the old link and QR code (and flyers printed with them) stop working."""
    if not is_admin(admin, group):
        raise PermissionDenied
    group.invite_token = new_token()
    group.save(update_fields=["invite_token"])
    return group


# --- The flyer --------------------------------------------------------------------------------------------------

PDF_ENCODING = "windows-1252"  # the PDF core fonts' WinAnsi encoding: Latin-1 plus dashes, quotes and the euro
# Letters that have no accent to strip but a plain look-alike.
PLAIN_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"})


def pdf_text(text: str) -> str:
    """Text the PDF core fonts can show: characters outside Windows-1252 lose their accents, or become '?'."""
    out = []
    for char in text.translate(PLAIN_LETTERS):
        try:
            char.encode(PDF_ENCODING)
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            try:
                plain.encode(PDF_ENCODING)
            except UnicodeEncodeError:
                plain = "?"
            char = plain or "?"
        out.append(char)
    return "".join(out)


def area_line(group: Group) -> str:
    parts = []
    if group.place:
        parts.append(f"{_('Woonplaats')}: {group.place}")
    if group.wijk_id:
        parts.append(f"{_('Wijk')}: {group.wijk.display_name}")
    parts.append(f"{_('Gemeente')}: {group.gemeente.display_name}")
    return " \u00b7 ".join(parts)


def flyer_texts(group: Group) -> dict:
    """Every text on the flyer, in the active language."""
    return {
        "kicker": _("Buurtpreventie"),
        "name": group.name,
        "area": area_line(group),
        "tagline": _("Samen letten we op onze buurt. Doet u ook mee?"),
        "scan": _("Scan de code met de camera van uw telefoon, of open deze link:"),
        "url": invite_url(group),
        "how": _("Zo doet u mee"),
        "steps": [
            _("Scan de QR-code of open de link hierboven."),
            _("Maak een account aan op Buurtwacht met uw e-mailadres."),
            _("Vul uw adres in en accepteer de huisregels van de groep."),
            _("Een beheerder van de groep laat u toe; u krijgt daarvan bericht."),
        ],
        "saar": _("Zo werken we: SAAR"),
        "saar_lines": [
            _("S - Signaleer: ziet u iets verdachts, let dan goed op."),
            _("A - Alarmeer: bel bij spoed eerst 112; geen spoed: politie 0900-8844."),
            _("A - App: meld het daarna in de groep."),
            _("R - Reageer: laat zien dat u er bent, maar neem nooit risico's."),
        ],
        "age": _("Meedoen kan vanaf %(age)d jaar, als u in de buurt van de groep woont.") % {"age": group.min_age},
        "footer": _(
            "De gemeente en de politie zijn geen deelnemer van de groep. Een bericht in de groep vervangt nooit "
            "een melding bij 112."
        ),
    }


class _Flyer(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = PDF_ENCODING
        self.set_auto_page_break(False)
        self.set_margins(18, 15, 18)
        self.set_creator("Buurtwacht")

    def write_lines(self, text: str, size: float, *, style: str = "", color=INK, align: str = "L", height=None):
        self.set_font("Helvetica", style=style, size=size)
        self.set_text_color(*color)
        self.multi_cell(0, height or size * 0.5, pdf_text(text), align=align, new_x="LMARGIN", new_y="NEXT")

    def fitted_line(self, text: str, size: float, *, color=INK, smallest: float = 7) -> None:
        """One centred line, in a smaller type if needed so that it does not wrap (a link is easier to type whole);
        a text too long even in the smallest type wraps after all."""
        text = pdf_text(text)
        width = self.w - self.l_margin - self.r_margin
        self.set_text_color(*color)
        while True:
            self.set_font("Helvetica", size=size)
            if self.get_string_width(text) <= width or size <= smallest:
                break
            size -= 0.5
        self.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def flyer_pdf(*, group: Group) -> bytes:
    """The A4 flyer for letterboxes and notice boards: name, area, QR code and link, how to join, SAAR.
    One page always: a long name or link makes the QR code smaller rather than push text off the page."""
    texts = flyer_texts(group)
    qr = qr_png(texts["url"])
    for size in (88, 76, 64, 52):
        pdf = _flyer(texts, qr, size, name_size=26 if len(group.name) <= 36 else 19)
        if pdf.get_y() <= pdf.h - FOOTER_HEIGHT - 2:
            break
    _footer(pdf, texts["footer"])
    return bytes(pdf.output())


FOOTER_HEIGHT = 24


def _flyer(texts: dict, qr: bytes, size: float, name_size: float) -> _Flyer:
    pdf = _Flyer()
    pdf.set_title(pdf_text(f"{texts['kicker']} {texts['name']}"))
    pdf.add_page()

    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_xy(pdf.l_margin, 4)
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(0, 6, pdf_text(texts["kicker"].upper()))
    pdf.set_y(22)
    pdf.write_lines(texts["name"], name_size, style="B", color=BRAND)
    pdf.ln(1)
    pdf.write_lines(texts["area"], 11, color=MUTED)
    pdf.ln(2)
    pdf.write_lines(texts["tagline"], 14)

    top = pdf.get_y() + 3
    pdf.image(io.BytesIO(qr), x=(pdf.w - size) / 2, y=top, w=size, h=size)
    pdf.set_y(top + size + 1)
    pdf.fitted_line(texts["scan"], 10, color=MUTED)
    pdf.ln(1)
    pdf.fitted_line(texts["url"], 11)

    pdf.ln(7)
    pdf.write_lines(texts["how"], 16, style="B", color=BRAND)
    pdf.ln(1.5)
    for number, step in enumerate(texts["steps"], start=1):
        pdf.write_lines(f"{number}. {step}", 12.5, height=6.8)
    pdf.ln(6)
    pdf.write_lines(texts["saar"], 16, style="B", color=BRAND)
    pdf.ln(1.5)
    for line in texts["saar_lines"]:
        pdf.write_lines(line, 12.5, height=6.8)
    pdf.ln(6)
    pdf.write_lines(texts["age"], 12.5, style="B")
    return pdf


def _footer(pdf: _Flyer, text: str) -> None:
    pdf.set_y(pdf.h - FOOTER_HEIGHT)
    pdf.set_draw_color(*MUTED)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.write_lines(text, 9, color=MUTED, height=4.5)


def flyer_filename(group: Group) -> str:
    return f"flyer-{group.slug}.pdf"
