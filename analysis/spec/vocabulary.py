"""One visual vocabulary for the whole project: each shape, fill, line style and colour means one
thing in every chart, every size and every engine, and each meaning has its legend words.

A chart specification names a :class:`Symbol` for every layer of marks; the engines translate
the symbol's plain words (``"circle"``, ``"hollow"``, ``"dashed"``) into their own objects
(matplotlib markers and line styles, plotly symbols and dashes) and never choose a look
themselves.

The meanings:

- **Colour is the measure**: crowd sizes blue (their daily totals a light tint of it), protesters
  arrested vermillion, people detained by immigration agents purple, official responses
  near-black, an arrest quota or goal set for ICE (drawn among the responses, not one) bluish
  green, and grey for a demonstration whose size no source reports. An official's claim is
  grey italic text, never a mark on the scale of counts.
- **Shape is the kind of event**: each demonstration type its own shape; an arrest figure a
  pentagon, a detention figure a star, an official response a hexagon (its lane gives its
  level of government), an arrest quota or goal an octagon, and a reported silence ("no
  immediate comment", not a response) a short dark dash with no fill (**a thin dark rule**
  across its week or month where it is dated only to one). No shape is used for two kinds.
- **Fill is the source**: solid rests on a medium- or high-reliability source; hollow rests
  *only* on low-reliability sources, and means nothing else. A pale fill (a light tint of the
  mark's colour, no dark edge) marks a response announced but not reported as carried out; a
  hollow mark with a pale edge is both.
- **Line style is how figures relate**: a solid line joins the low and high ends of one range a
  source gives; a dashed line joins figures on which sources disagree.
- **A caret** above a mark: the figure is a floor ("at least"), no upper bound given. It is an
  open arrow in lines in the series' colour (a chevron with a stem rising from its point),
  never a filled triangle, which is a walkout's shape.
- **A band** across days: an item dated only to its week or month, with no point on a day; an
  outlined (hollow) band rests only on low-reliability sources. **An arrowhead** at a band's
  end: the band is cut there by a break in the time axis (or its end) and its period runs on
  beyond the days shown (``open_start``/``open_end`` on the span's rows, see
  :func:`analysis.spec.model.cut_spans`).
- **A short flat dash**: a day's (or week's) total of counted crowds (a tint of the crowd blue,
  a day wide); a short dark dash in a response lane is a reported silence (above).
- **A circle whose area is a figure** (the locator map): the largest reported crowd at a place,
  by one area rule for every map (:data:`analysis.spec.map.CROWD_AREAS`); its shape never
  names a kind of event. Unsized marks keep the meanings above: grey, no size reported;
  hollow, low-reliability sources only.
- **A dashed ring** well clear of a map mark: only the town is known, so the mark sits at its
  centre (dashed and wider than the mark, so it never reads as a hollow mark).
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
    "quota": "#009e73",  # Okabe–Ito bluish green: a target, not a response
    "unknown": "#8c8c8c",  # no figure reported
    "claim": "#555555",  # an official's claim, in italic text
}

#: A measure's words, by its colour's name: where one legend entry keys a meaning drawn in
#: several measures' colours, a legend that lists each look on a line of its own (plotly's)
#: names the measure of each ("Dated only to a week or month (crowds)").
MEASURE_WORDS: dict[str, str] = {
    "crowd": "crowds",
    "total": "totals",
    "protesters": "protesters arrested",
    "immigration": "detained",
    "response": "responses",
    "quota": "quotas",
    "unknown": "size not reported",
}


def measure_words(colour: str) -> str:
    """The words of the measure drawn in ``colour`` ("" for a colour of no measure)."""
    name = next((k for k, c in COLOURS.items() if c.lower() == colour.lower()), "")
    return MEASURE_WORDS.get(name, "")


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
    "quota": "octagon",
    "ignore": "dash",
}

#: Shapes drawn as a line only (no fill, no edge of another colour): the engines draw them in
#: the mark's colour, with a line's width.
LINE_SHAPES = frozenset({"dash"})

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
    "quota": "Arrest quota or goal (not a response)",
    "ignore": "No comment (not a response)",
}

#: Levels of government, top lane first, with their lane names.
LEVEL_NAMES: dict[str, str] = {
    "federal": "Federal",
    "state": "State",
    "county": "County",
    "city": "City",
    "police": "Police",
}

FILLS = ("solid", "hollow", "pale", "hollow-pale")
LINES = ("none", "solid", "dashed")
GEOMETRIES = (
    "point", "range", "span", "rule", "total", "caret", "text", "area", "ring", "arrow",
)  # fmt: skip


#: How much of a mark's colour a pale fill keeps (the rest white): light enough to tell from a
#: solid mark at 7 px, dark enough to tell from a hollow one's white inside.
PALE_SHARE = 0.42


def tint(colour: str, share: float = PALE_SHARE) -> str:
    """``colour`` mixed with white, keeping ``share`` of it ("#333333" -> "#b8b8b8")."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


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

    @property
    def hollow(self) -> bool:
        """White inside, drawn by its edge: low-reliability sources only."""
        return self.fill in ("hollow", "hollow-pale")

    @property
    def face(self) -> str:
        """The colour inside a mark: its own, a pale tint of it (announced), or white."""
        return "white" if self.hollow else tint(self.colour) if self.fill == "pale" else self.colour

    @property
    def edge(self) -> str:
        """The colour of a mark's edge: its own (hollow), the pale tint (pale fills, so an
        announced hollow mark keeps both cues), white around a solid or pale mark."""
        if self.fill == "hollow-pale":
            return tint(self.colour)
        return self.colour if self.hollow else "white"


WEAK = "Low-reliability sources only"
RANGE = "Range a source gives (in figures or words)"
DISPUTED = "Sources disagree"
FLOOR = "At least: no upper bound given"
SPAN = "Dated only to a week or month"
#: The band of an arrest quota or goal dated only to its week or month (its own key beside the
#: octagon of a day's: a legend with both draws both).
QUOTA_SPAN = "Arrest quota or goal, week or month"
OPEN = "Runs on beyond the days shown"
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
        fill="pale",
        legend="Announced only",
    ),
    Symbol("response_span", "span", COLOURS["response"], legend=SPAN),
    # Resting only on low-reliability sources: hollow, as a crowd's mark is (the legend's
    # hollow hexagon keys all three; a pale edge keeps "announced" on a hollow hexagon).
    Symbol("response_weak", "point", COLOURS["response"], fill="hollow", legend=WEAK),
    Symbol("response_weak_announced", "point", COLOURS["response"], fill="hollow-pale"),
    Symbol("response_weak_span", "span", COLOURS["response"], fill="hollow"),
    Symbol("response_bin", "point", COLOURS["response"], legend="Responses a day, sized by number"),
    # Drawn in the lanes, not counted as responses (analysis.data.labels
    # .UNCOUNTED_RESPONSE_TYPES): an arrest quota or goal, its own colour and shape (a band in
    # its colour where dated only to a week or month); a reported silence, a dash (a thin
    # rule over its week or month), never a hexagon.
    Symbol("quota", "point", COLOURS["quota"], legend=SHAPE_WORDS["quota"]),
    # its band keyed apart from its octagon: a chart may draw both (a day's goal, a month's)
    Symbol("quota_span", "span", COLOURS["quota"], legend=QUOTA_SPAN),
    Symbol("quota_weak", "point", COLOURS["quota"], fill="hollow"),
    Symbol("quota_weak_span", "span", COLOURS["quota"], fill="hollow"),
    # (a point drawn as a line: its dash, LINE_SHAPES, has no fill and no edge)
    Symbol("no_comment", "point", COLOURS["response"], line="solid", legend=SHAPE_WORDS["ignore"]),
    Symbol("no_comment_span", "rule", COLOURS["response"], legend=SHAPE_WORDS["ignore"]),
    # The locator map: a circle's area is the largest reported crowd at a place (its legend is
    # the size key of reference figures); unsized marks are grey or hollow as everywhere.
    Symbol("map_count", "area", COLOURS["crowd"]),
    Symbol("map_weak", "area", COLOURS["crowd"], fill="hollow", legend=WEAK),
    Symbol("map_unknown", "area", COLOURS["unknown"], legend="Size not reported"),
    Symbol("map_town", "ring", COLOURS["crowd"], line="dashed", legend=TOWN),
    Symbol("map_town_unknown", "ring", COLOURS["unknown"], line="dashed", legend=TOWN),
    # A band cut by a break of the time axis (or its end): an arrowhead at the cut end, in
    # the band's colour (its key in each colour a band is drawn open: model.open_spans).
    Symbol("span_open", "arrow", "#777777", legend=OPEN),
    Symbol("claim", "text", COLOURS["claim"], legend=None),
    Symbol("label", "text", "#222222", legend=None),
)


def symbol(meaning: str) -> Symbol:
    """The symbol of a meaning (a KeyError names a meaning no chart may draw)."""
    return SYMBOLS[meaning]
