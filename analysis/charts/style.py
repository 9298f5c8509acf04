"""The house style of every chart: one style sheet, one colour-blind-safe palette, one marker set.

Static charts (matplotlib) and interactive ones (plotly) take their colours, markers and
labels from here, so an event type looks the same in an article PNG and in a report.
Colours come from matplotlib's Okabe–Ito sequence, one colour per measure and one meaning per
colour in every figure; event types and levels differ by marker shape, so no chart relies on
colour alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.style
from cycler import cycler
from matplotlib.axes import Axes

from analysis.spec.layout import LABEL_PT as LAYOUT_LABEL_PT
from analysis.spec.vocabulary import COLOURS, LEVEL_NAMES

#: The style sheet shipped in the package (``analysis/house.mplstyle``).
STYLE_PATH = Path(__file__).with_name("house.mplstyle")

#: Smallest font size, in points, any chart text may use (9 pt = 12.5 px at 640 px width).
MIN_FONT_PT = 9.0
#: Font size of labels on marks (the swimlane layout is measured with it).
LABEL_PT = LAYOUT_LABEL_PT
#: Charts are laid out at this width (inches); 1 inch = 100 CSS px, so 6.4 in = 640 px.
ARTICLE_WIDTH_IN = 6.4
#: CSS pixels per inch used to convert export widths to figure inches.
PX_PER_IN = 100

_OKABE_ITO_HEX = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)


def _okabe_ito() -> list[str]:
    seq = mpl.color_sequences.get("okabe_ito") if hasattr(mpl, "color_sequences") else None
    if seq is None:  # matplotlib < 3.11 has no okabe_ito sequence
        return list(_OKABE_ITO_HEX)
    return [mcolors.to_hex(c) for c in seq]


#: Okabe–Ito colours as hex: black, orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple.
OKABE_ITO: list[str] = _okabe_ito()
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = OKABE_ITO
#: Yellow is too light for marks on white; it only fills shapes with a dark edge.
GREY = "#8c8c8c"
LIGHT_GREY = "#d9d9d9"
TEXT_GREY = "#555555"

#: One colour, one meaning, in every figure: the vocabulary of ``analysis.spec.vocabulary``.
CROWD_COLOR = COLOURS["crowd"]  # reported crowd sizes
TOTAL_COLOR = COLOURS["total"]  # daily totals of crowd sizes (a tint of the crowd colour)
PROTESTER_COLOR = COLOURS["protesters"]  # protesters arrested
DETAINED_COLOR = COLOURS["immigration"]  # people detained by immigration agents
RESPONSE_COLOR = COLOURS["response"]  # official responses
CLAIM_COLOR = COLOURS["claim"]  # an official's claim, not a count
CUT_COLOR = "#f0f0f0"  # the band where the time axis is cut
LAND_COLOR, NEIGHBOUR_COLOR, WATER_COLOR = "#e4e4e4", "#f1f1f1", "#ffffff"  # the locator map

#: Demonstration types: (matplotlib marker, plotly marker symbol, legend label).
EVENT_TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "rally": ("o", "circle", "Rally"),
    "march": ("s", "square", "March"),
    "clash": ("X", "x", "Clash"),
    "walkout": ("^", "triangle-up", "Walkout"),
    "vigil": ("D", "diamond", "Vigil"),
    "day_of_action": ("P", "cross", "Day of action"),
    "protest": ("v", "triangle-down", "Protest"),
}

#: Arrest series: (colour, matplotlib marker, plotly symbol, label). Their shapes are the
#: vocabulary's (``analysis.spec.vocabulary.SHAPES``): no demonstration type has them.
ARREST_STYLE: dict[str, tuple[str, str, str, str]] = {
    "protesters": (PROTESTER_COLOR, "p", "pentagon", "Protesters arrested"),
    "immigration": (DETAINED_COLOR, "*", "star", "Detained by immigration agents"),
}

#: Response levels, top lane first: (matplotlib marker, plotly symbol, lane label). Every
#: response is the vocabulary's hexagon: its lane, not its shape, gives the level.
RESPONSE_LEVEL_STYLE: dict[str, tuple[str, str, str]] = {
    level: ("h", "hexagon", name) for level, name in LEVEL_NAMES.items()
}


def event_type_style(event_type: str) -> tuple[str, str, str]:
    """Return (mpl marker, plotly symbol, label) for any event type."""
    if event_type in EVENT_TYPE_STYLE:
        return EVENT_TYPE_STYLE[event_type]
    return ("d", "diamond-tall", str(event_type).replace("_", " ").capitalize())


def palette_cycler() -> cycler:
    """The Okabe–Ito colours without yellow, as a property cycler."""
    return cycler(color=[c for c in OKABE_ITO if c != YELLOW])


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style sheet and palette inside a ``with`` block.

    Chart functions draw inside it, and :func:`analysis.publish.export.export_chart` saves inside it
    (the sheet fixes ``svg.hashsalt`` and font types for reproducible files).
    """
    with mpl.style.context(STYLE_PATH), mpl.rc_context({"axes.prop_cycle": palette_cycler()}):
        yield


def use_house_style() -> None:
    """Apply the house style for the rest of the session (for notebooks)."""
    mpl.style.use(STYLE_PATH)
    mpl.rcParams["axes.prop_cycle"] = palette_cycler()


def style_axes(ax: Axes, *, grid_axis: str | None = "y") -> None:
    """Give an Axes made outside the house style the house look: no top/right spine, light grid."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.set_axisbelow(True)
    ax.grid(False)
    if grid_axis:
        ax.grid(True, axis=grid_axis, color="#dddddd", linewidth=0.6)


def mpl_text(text: object) -> str:
    """Make CSV text safe for matplotlib: a ``$`` would start mathtext and garble the label."""
    return str(text).replace("$", r"\$")
