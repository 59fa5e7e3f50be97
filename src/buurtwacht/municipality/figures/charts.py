"""Bar charts drawn on the server as SVG: no script, no library in the browser, no CDN.

Accessible: the SVG has role="img" with a <title> and <desc>; series differ by pattern as well as colour (solid,
hatched, dotted) and the legend shows both; a value that is unknown or not reliable is drawn as a "?" on the axis
instead of a bar; and the page shows a table with the same numbers next to every chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH = 400
HEIGHT = 240
LEFT = 40
RIGHT = 8
TOP = 30
BOTTOM = 30
STYLES = ("solid", "hatch", "dots")
COLOURS = ("#1f4e79", "#9a4a00", "#2e6b30")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    style: str
    colour: str
    missing: bool
    label: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    bars: list[Bar]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    legend: list[tuple[float, str, str, str]]  # x, name, style, colour
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT
    empty_text: str = ""  # what the page says instead of the chart when there is nothing to draw

    @property
    def empty(self) -> bool:
        """Nothing to draw: every value is zero or unknown (an empty 0-1 axis tells nobody anything)."""
        return not any(not bar.missing and bar.height > 0 for bar in self.bars)

    @property
    def has_unknown(self) -> bool:
        return any(bar.missing for bar in self.bars)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    *,
    key: str,
    title: str,
    desc: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    empty_text: str = "",
) -> Chart:
    known = [v for _name, values in series for v in values if v is not None]
    top = _nice_max(max(known, default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(categories), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    bars = []
    for index, (name, values) in enumerate(series):
        style, colour = STYLES[index % len(STYLES)], COLOURS[index % len(COLOURS)]
        for position, value in enumerate(values):
            x = LEFT + position * slot + slot * 0.1 + index * bar_width
            if value is None:
                bars.append(Bar(x, HEIGHT - BOTTOM - 4, bar_width, 0, style, colour, True, f"{name}: ?"))
                continue
            height = plot_height * value / top
            label = f"{name}: {number_format(value, decimal_pos=1 if value % 1 else 0)}"
            bars.append(Bar(x, HEIGHT - BOTTOM - height, bar_width, height, style, colour, False, label))
    step = max(1, math.ceil(len(categories) / 8))  # at most 8 labels: they must stay readable on a phone
    x_labels = [(LEFT + i * slot + slot / 2, c) for i, c in enumerate(categories) if i % step == 0]
    y_ticks = [
        (HEIGHT - BOTTOM - plot_height * f, number_format(top * f, decimal_pos=1 if (top * f) % 1 else 0))
        for f in (0, 0.5, 1)
    ]
    legend = [(LEFT + i * 180, name, STYLES[i % 3], COLOURS[i % 3]) for i, (name, _v) in enumerate(series)]
    return Chart(key, title, desc, bars, x_labels, y_ticks, legend, empty_text=empty_text)
