"""The demo municipality: a fictional gemeente that `buurtwacht demo` generates, with no network and no data files.

"Voorbeeldrecht (fictief)" (GM9999) lies on open water in the IJsselmeer south-west of Urk, where no real CBS buurt
lies, so that it never competes with imported real areas in a point lookup. Everything that marks demo data,
and so everything the demo removes when it is built again, is defined here.
"""

from __future__ import annotations

# CBS-like codes: no real gemeente has GM9999 (real codes run up to about GM2000).
GEMEENTE_CODE = "GM9999"
CBS_NUMBER = "9999"
GEMEENTE_NAME = "Voorbeeldrecht (fictief)"

# Postcodes 9990 QA .. 9999 QZ. The 999x areas do exist (villages in the north of Groningen), but letter pairs
# with F, I, O, Q, U or Y were not issued before 2005 and since then only for new locations, so a Q pair there is
# unlikely. The demo refuses to build when a non-demo address has one of its postcodes, and removes only
# addresses that carry both a demo postcode and the demo municipality name.
POSTCODE_NUMBERS = tuple(str(n) for n in range(9990, 10000))
POSTCODE_LETTER = "Q"
POSTCODE_REGEX = r"^999[0-9]Q[A-Z]$"

# One seed for everything random, so that the demo is the same every time.
SEED = 20_241_121
