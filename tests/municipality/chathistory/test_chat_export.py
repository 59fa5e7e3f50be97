"""The WhatsApp export parser against every file in ../shared/data/whatsapp/ (skipped, saying so, without them),
chat-miner's golden target.json for its five date formats, counts checked by hand for two files, and bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from buurtwacht.municipality.chathistory.chat_export import ExportError, parse_text, read_export
from buurtwacht.municipality.chathistory.counts import count_per_month

DATA = Path(os.environ.get("BUURTWACHT_SHARED_DATA") or Path(__file__).resolve().parents[4] / "shared" / "data")
WHATSAPP = DATA / "whatsapp"
FILES = sorted(WHATSAPP.glob("*/*.txt")) if WHATSAPP.is_dir() else []
needs_data = pytest.mark.skipif(not WHATSAPP.is_dir(), reason=f"real data not found: {WHATSAPP} does not exist")

# Messages per file (system lines left out), counted by reading each file: every header line with a "Name: " part,
# less WhatsApp's own encryption notice; continuation lines belong to the message above.
EXPECTED_MESSAGES = {
    "chat-analytics/1A_3M.txt": 3,
    "chat-analytics/2A_5M.txt": 5,
    "chat-analytics/4A_11M.txt": 11,
    "chat-miner/test_bracket_mmddyy_24hrs.txt": 6,
    "chat-miner/test_ddmmyy_24hrs.txt": 6,
    "chat-miner/test_mmddyy_24hrs.txt": 6,
    "chat-miner/test_mmddyyyy_12hrs.txt": 6,
    "chat-miner/test_yyyymmdd_24hrs.txt": 6,
    "langchain/whatsapp_chat.txt": 8,
    "whats_json/english_android.txt": 59,
    "whats_json/english_ios.txt": 22,
    "whats_json/english_ios_media.txt": 22,  # and two security-code notices left out
    "whats_json/nl_android_WhatsApp-chat_met_Dmitry_S.txt": 40,
    "whatsapp-chat-parser/short-chat.txt": 3,
    "whatsbook/_chat.txt": 41,
    "whatstk/lorem.txt": 500,
    "whatstk/pokemon.txt": 18,
}


@needs_data
def test_every_file_in_the_folder_is_known_here():
    assert {str(f.relative_to(WHATSAPP)) for f in FILES} == set(EXPECTED_MESSAGES)


@needs_data
@pytest.mark.parametrize("name", sorted(EXPECTED_MESSAGES))
def test_every_file_parses(name):
    messages = read_export((WHATSAPP / name).read_bytes())
    assert len(messages) == EXPECTED_MESSAGES[name]
    assert all(m.author and isinstance(m.at, dt.datetime) for m in messages)
    assert all(m.at.year >= 2016 for m in messages)
    assert not any("end-to-end" in m.text for m in messages)


@needs_data
@pytest.mark.parametrize("name", [f.name for f in sorted((WHATSAPP / "chat-miner").glob("test_*.txt"))] or ["none"])
def test_chat_miner_target(name):
    target = json.loads((WHATSAPP / "chat-miner" / "target.json").read_text())
    messages = read_export((WHATSAPP / "chat-miner" / name).read_bytes())
    got = [{"timestamp": m.at.isoformat(), "author": m.author, "message": m.text} for m in reversed(messages)]
    assert got == target


@needs_data
def test_pokemon_counted_by_hand():
    """whatstk/pokemon.txt, 20 header lines read one by one: line 1 is WhatsApp's encryption notice under the group's
    name and line 2 a notice without a name: left out. August 2016 (06.08 to 11.08, lines 3-17): 15 messages by Ash
    Ketchum, Brock, Misty, Prof. Oak, Jessie & James and Raichu (6 people); September: 1 (Meowth); October: 2 (Prof.
    Oak, Wobbuffet). No line names the police or 112, none has an alert word."""
    months = count_per_month(read_export((WHATSAPP / "whatstk" / "pokemon.txt").read_bytes()))
    assert [(m.month, m.messages, m.participants, m.police_mentions, m.alert_like_total) for m in months] == [
        (dt.date(2016, 8, 1), 15, 6, 0, 0),
        (dt.date(2016, 9, 1), 1, 1, 0, 0),
        (dt.date(2016, 10, 1), 2, 2, 0, 0),
    ]


@needs_data
def test_short_chat_counted_by_hand():
    """whatsapp-chat-parser/short-chat.txt, 7 lines: lines 1-2 are notices without a name (left out); lines 3, 4 and 5
    are one message each, line 7 continues line 5. No day above 12 (06/03, 08/05, 09/04), so day first: March,
    May, April 2017, one message and one person each."""
    messages = read_export((WHATSAPP / "whatsapp-chat-parser" / "short-chat.txt").read_bytes())
    assert messages[2].text == "How are you? Is everything alright?"
    months = count_per_month(messages)
    assert [(m.month, m.messages, m.participants) for m in months] == [
        (dt.date(2017, 3, 1), 1, 1), (dt.date(2017, 4, 1), 1, 1), (dt.date(2017, 5, 1), 1, 1),
    ]


@needs_data
def test_a_phone_zip_is_read(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("IMG-001.jpg", b"\xff\xd8\xff")
        archive.writestr("_chat.txt", (WHATSAPP / "whatsbook" / "_chat.txt").read_bytes())
    assert len(read_export(buffer.getvalue())) == 41


DUTCH = (
    "\u200e[12-03-25, 21:04:11] Buurtpreventie Fuutdreef: \u200eBerichten en oproepen worden end-to-end "
    "versleuteld.\r\n"
    "[12-03-25, 21:05:00] Anna: Net ingebroken bij nr 12, politie is gebeld (112)\r\n"
    "[13-03-25, 08:10:00] Bert: Verdachte auto met draaiende motor\r\nbij de speeltuin\r\n"
    "[13-03-25, 9:10:00\u202fPM] Anna: \u200eafbeelding weggelaten\r\n"
    "[02-04-25, 10:00:00] ~\u202fCarla: Wijkagent komt dinsdag langs, bel 0900-8844 voor vragen\r\n"
)


def test_dutch_ios_with_marks_and_crlf():
    messages = parse_text(DUTCH)
    assert [m.author for m in messages] == ["Anna", "Bert", "Anna", "Carla"]
    assert messages[1].text == "Verdachte auto met draaiende motor bij de speeltuin"
    assert messages[2].at == dt.datetime(2025, 3, 13, 21, 10)
    months = count_per_month(messages)
    assert (months[0].messages, months[0].police_mentions, months[0].participants) == (3, 1, 2)
    assert months[0].alert_like == {"inbraak": 1, "verdacht": 1}
    assert (months[1].messages, months[1].police_mentions, months[1].alert_like) == (1, 1, {})


def test_us_order_is_decided_from_a_day_above_12():
    text = "1/5/24, 10:00 - A: een\n1/23/24, 11:00 - B: twee\n"
    assert [m.at.date() for m in parse_text(text)] == [dt.date(2024, 1, 5), dt.date(2024, 1, 23)]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"   \n\n", "leeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "geen tekstbestand"),
        (b"\xff\xfe\xfa not utf-8", "geen leesbare tekst"),
        (b"Boodschappen: melk, brood\nkaas\n", "geen WhatsApp-chatexport"),
        (b"12-03-2025 10:00 - Berichten en oproepen worden end-to-end versleuteld.\n", "alleen meldingen"),
        (_zip({"foto.jpg": b"\xff\xd8\xff", "notities.txt": b"hallo"}), "geen WhatsApp-chat"),
        (b"PK\x03\x04 kapot", "beschadigd"),
        (_zip({"_chat.txt": b"0" * (21 * 1024 * 1024)}), "te groot"),
        (b"x" * (20 * 1024 * 1024 + 1), "te groot"),
    ],
    ids=["empty", "blank", "binary", "latin", "foreign", "only-system", "zip-without-chat", "broken-zip", "zip-bomb",
         "huge"],
)
def test_bad_files_give_a_dutch_message(data, message):
    with pytest.raises(ExportError, match=message):
        read_export(data)


def test_a_zip_bomb_is_not_unpacked_beyond_the_limit():
    """The header may lie about the size: the reader stops at the limit, whatever the header says."""
    bomb = _zip({"WhatsApp Chat met Buren.txt": b"0" * (21 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ExportError, match="te groot"):
        read_export(bomb)
