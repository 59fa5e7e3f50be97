"""The two CSV formats of the municipality's rooms: for a Dutch spreadsheet (staff) and for programs (open data)."""

from __future__ import annotations

import csv
import io

from buurtwacht.municipality.csv_export import MACHINE, SPREADSHEET, csv_lines

ROWS = [["naam", "aandeel", "adressen"], ["Hoek, Oost", 55.56, 9], ["=SOM(A1)", 100.0, 0]]


def test_the_spreadsheet_format_has_semicolons_a_decimal_comma_and_a_bom():
    text = "".join(csv_lines(ROWS, SPREADSHEET))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1] == ["Hoek, Oost", "55,6", "9"]
    assert rows[2] == ["'=SOM(A1)", "100,0", "0"]


def test_the_machine_format_is_rfc_4180_with_a_decimal_point():
    text = "".join(csv_lines(ROWS, MACHINE))
    assert not text.startswith("\ufeff") and text.endswith("\r\n")
    assert text.splitlines()[1] == '"Hoek, Oost",55.6,9'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2] == ["'=SOM(A1)", "100.0", "0"]
