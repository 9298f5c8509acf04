"""One visual vocabulary for the whole project: each shape, fill, line style and colour means one
thing in every chart, every size and every engine, and each meaning has its legend words.

A chart specification names a :class:`Symbol` for every layer of marks; the engines translate
the symbol's plain words (``"circle"``, ``"hollow"``, ``"dashed"``) into their own objects
(matplotlib markers and line styles, plotly symbols and dashes) and never choose a look
themselves.

The meanings:

- **Colour is the measure**: crowd sizes blue (their daily totals a light tint of it), protesters
  arrested vermillion, people detained by immigration agents purple, official responses
  near-black, and grey for a demonstration whose size no source reports. An official's claim is
  grey italic text, never a mark on the scale of counts.
- **Shape is the kind of event**: each demonstration type its own shape; an arrest figure a
  pentagon, a detention figure a star, an official response a hexagon (its lane gives its
  level of government). No shape is used for two kinds.
- **Fill is the source**: solid rests on a medium- or high-reliability source; hollow rests
  *only* on low-reliability sources, and means nothing else. A dot in the middle marks a
  response announced but not reported as carried out.
- **Line style is how figures relate**: a solid line joins the low and high ends of one range a
  source gives; a dashed line joins figures on which sources disagree.
- **A caret** above a mark: the figure is a floor ("at least"), no upper bound given.
- **A band** across days: an item dated only to its week or month, with no point on a day; an
  outlined (hollow) band rests only on low-reliability sources.
- **A short flat dash**: a day's (or week's) total of counted crowds.
- **A circle whose area is a figure** (the locator map): the largest counted crowd at a place,
  by one area rule for every map (:data:`analysis.spec.map.CROWD_AREAS`); its shape never
  names a kind of event. Unsized marks keep the meanings above: grey, no size reported;
  hollow, low-reliability sources only.
- **A thin ring** around a map mark: only the town is known, so the mark sits at its centre.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Colours by measure (see the module docstring), from the colour-blind-safe Okabe–Ito set;
#: ``analysis.charts.style`` reads them from here.
COLOURS: dict[str, str] = {
    "crowd": "#0072b2",  # Okabe–Ito blue
    "total": "#8fb8d8",  # a tint of the crowd blue
    "protesters": "#d55e00",  # Okabe–Ito vermillion
    "immigration": "#cc79a7",  # Okabe–Ito reddish purple
    "response": "#333333",
    "unknown": "#8c8c8c",  # no figure reported
    "claim": "#555555",  # an official's claim, in italic text
}

#: Shapes by kind of event: demonstration types, arrest and detention figures, responses.
SHAPES: dict[str, str] = {
    "rally": "circle",
    "march": "square",
    "clash": "x",
    "walkout": "triangle-up",
    "vigil": "diamond",
    "day_of_action": "cross",
    "protest": "triangle-down",
    "other": "diamond-tall",
    "protesters": "pentagon",
    "immigration": "star",
    "response": "hexagon",
}

#: Legend words of each shape, by kind.
SHAPE_WORDS: dict[str, str] = {
    "rally": "Rally",
    "march": "March",
    "clash": "Clash",
    "walkout": "Walkout",
    "vigil": "Vigil",
    "day_of_action": "Day of action",
    "protest": "Protest",
    "protesters": "Protesters arrested",
    "immigration": "Detained by immigration agents",
    "response": "Official response",
}

#: Levels of government, top lane first, with their lane names.
LEVEL_NAMES: dict[str, str] = {
    "federal": "Federal",
    "state": "State",
    "county": "County",
    "city": "City",
    "police": "Police",
}

FILLS = ("solid", "hollow", "dot", "hollow-dot")
LINES = ("none", "solid", "dashed")
GEOMETRIES = ("point", "range", "span", "total", "caret", "text", "area", "ring")


def shape_of(kind: object) -> str:
    """The shape of an event type or series; types without their own share "other"."""
    return SHAPES.get(str(kind), SHAPES["other"])


def shape_words(kind: object) -> str:
    """Legend words of a kind's shape ("Rally"; an unlisted type by its own name)."""
    text = str(kind)
    return SHAPE_WORDS.get(text, text.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Symbol:
    """How one meaning is drawn: geometry, colour, fill and line, plus its legend words.

    ``legend`` is None for a symbol whose meaning the legend gives elsewhere (the points of a
    layer are keyed by their shapes).
    """

    meaning: str
    geometry: str
    colour: str
    fill: str = "solid"
    line: str = "none"
    legend: str | None = None

    def __post_init__(self) -> None:
        if self.geometry not in GEOMETRIES:
            raise ValueError(f"unknown geometry {self.geometry!r}")
        if self.fill not in FILLS:
            raise ValueError(f"unknown fill {self.fill!r}")
        if self.line not in LINES:
            raise ValueError(f"unknown line {self.line!r}")


WEAK = "Low-reliability sources only"
RANGE = "Range a source gives (in figures or words)"
DISPUTED = "Sources disagree"
FLOOR = "At least: no upper bound given"
SPAN = "Dated only to a week or month"
TOWN = "Only the town is known"


def _symbols(*symbols: Symbol) -> dict[str, Symbol]:
    return {s.meaning: s for s in symbols}


#: Every meaning the charts draw, once. Layers of a specification refer to these by name.
SYMBOLS: dict[str, Symbol] = _symbols(
    Symbol("crowd", "point", COLOURS["crowd"]),
    Symbol("crowd_weak", "point", COLOURS["crowd"], fill="hollow", legend=WEAK),
    Symbol("crowd_unknown", "point", COLOURS["unknown"], legend="Size not reported"),
    Symbol("crowd_range", "range", COLOURS["crowd"], line="solid", legend=RANGE),
    Symbol("crowd_disputed", "range", COLOURS["crowd"], line="dashed", legend=DISPUTED),
    Symbol("crowd_floor", "caret", COLOURS["crowd"], legend=FLOOR),
    Symbol("crowd_span", "span", COLOURS["crowd"], legend=SPAN),
    Symbol("crowd_unknown_span", "span", COLOURS["unknown"], legend=SPAN),
    Symbol("crowd_total", "total", COLOURS["total"], legend="{total} total of counted crowds"),
    Symbol("crowd_bin", "point", COLOURS["crowd"], legend="Median per day"),
    Symbol("crowd_bin_range", "range", COLOURS["crowd"], line="solid", legend="Range per day"),
    Symbol("crowd_unknown_bin", "point", COLOURS["unknown"], legend="Size not reported (per day)"),
    *(
        symbol_
        for kind in ("protesters", "immigration")
        for symbol_ in (
            Symbol(kind, "point", COLOURS[kind], legend=SHAPE_WORDS[kind]),
            Symbol(f"{kind}_range", "range", COLOURS[kind], line="solid", legend=RANGE),
            Symbol(f"{kind}_disputed", "range", COLOURS[kind], line="dashed", legend=DISPUTED),
            Symbol(f"{kind}_floor", "caret", COLOURS[kind], legend=FLOOR),
            Symbol(f"{kind}_span", "span", COLOURS[kind], legend=SPAN),
        )
    ),
    Symbol("response", "point", COLOURS["response"]),
    Symbol(
        "response_announced",
        "point",
        COLOURS["response"],
        fill="dot",
        legend="Announced only",
    ),
    Symbol("response_span", "span", COLOURS["response"], legend=SPAN),
    # Resting only on low-reliability sources: hollow, as a crowd's mark is (the legend's
    # hollow hexagon keys all three; the dot keeps its meaning inside a hollow hexagon).
    Symbol("response_weak", "point", COLOURS["response"], fill="hollow", legend=WEAK),
    Symbol("response_weak_announced", "point", COLOURS["response"], fill="hollow-dot"),
    Symbol("response_weak_span", "span", COLOURS["response"], fill="hollow"),
    Symbol("response_bin", "point", COLOURS["response"], legend="Responses a day, sized by number"),
    # The locator map: a circle's area is the largest counted crowd at a place (its legend is
    # the size key of reference figures); unsized marks are grey or hollow as everywhere.
    Symbol("map_count", "area", COLOURS["crowd"]),
    Symbol("map_weak", "area", COLOURS["crowd"], fill="hollow", legend=WEAK),
    Symbol("map_unknown", "area", COLOURS["unknown"], legend="Size not reported"),
    Symbol("map_town", "ring", COLOURS["crowd"], legend=TOWN),
    Symbol("map_town_unknown", "ring", COLOURS["unknown"], legend=TOWN),
    Symbol("claim", "text", COLOURS["claim"], legend=None),
    Symbol("label", "text", "#222222", legend=None),
)


def symbol(meaning: str) -> Symbol:
    """The symbol of a meaning (a KeyError names a meaning no chart may draw)."""
    return SYMBOLS[meaning]
