"""The locator map's specification: where the demonstrations were, decided once per size.

Decided here and nowhere else:

- **one area rule for every map** (:data:`CROWD_AREAS`): a circle's area is in proportion to
  the largest reported crowd at a place, a circle 16 pt across standing for 1,000 people, in
  every report and at every size, so the same figure draws the same area everywhere; the size
  key shows the same reference figures (100, 1,000 and 5,000 people) in every report;
- a place with no counted crowd is a small unsized mark, grey where no size is reported and
  hollow where only low-reliability sources give one (the vocabulary's meanings); a dashed ring
  well clear of a mark says only the town is known, so the mark sits at the town's centre;
- **places that would hide each other are one mark**: on each size's canvas, a place whose
  mark would sit under another's joins it, and the grouped mark's label (or, where the list
  does not fit, the notes line) names every place it stands for;
- **the labels and where they go**, on each size's canvas, clear of every mark, every other
  label, the scale bar and the canvas's edges (beside the mark, or further out on a thin
  leader line); a place whose label does not fit at that size is named in the notes line,
  so every place the headline counts is on the map or beside it.

The canvas of a size is the plot's size in points (:data:`CANVASES`); text widths are measured
with matplotlib's font metrics, as the swimlanes' are (:mod:`analysis.spec.lanes`).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd

from analysis.fmt import format_count, plural
from analysis.prep.facts import Facts
from analysis.spec import words
from analysis.spec.chartwords import chart_words
from analysis.spec.layout import PX_PER_PT
from analysis.spec.model import (
    AreaScale,
    ChartSpec,
    GeoFrame,
    LabelSpec,
    Layer,
    LegendEntry,
    layer,
)
from analysis.spec.phrases import Hover, Line
from analysis.spec.vocabulary import shape_words, symbol

#: The one rule from a crowd figure to a circle, for every map of the project (see the module
#: docstring): 1,000 people = 16 pt across, areas in proportion, 3 to 64 pt across (64 pt:
#: 16,000 people; a larger crowd is drawn at that size and the notes line says so).
CROWD_AREAS = AreaScale(
    reference=1_000, reference_pt=16.0, min_pt=3.0, max_pt=64.0, key=(100, 1_000, 5_000)
)
#: Diameter (points) of the mark of a place with no counted crowd (it is not sized).
UNSIZED_PT = 6.0
#: How far (points) a ring stands off its mark: only the town is known. Well clear of the
#: mark and dashed (the vocabulary), so it never reads as a hollow mark's edge.
RING_GAP_PT = 5.0
#: Room (points) between a mark's edge and its label, between labels, and at the canvas edge.
GAP_PT, PAD_PT, EDGE_PT = 2.5, 2.0, 2.0
#: Leader lines: each step takes a label this many points further out from its mark.
LEADER_STEP_PT, LEADER_STEPS = 13.0, 4
#: A label on a leader line keeps at least this far from every other mark (points).
NEAR_PT = 10.0
#: Labels tried at most (the largest places first); the others are named in the notes line.
MAX_LABELS = 40
#: Places named in the notes line at most; more are counted ("and 12 more").
MAX_NAMED = 12
#: Kilometres in a degree of latitude.
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Canvas:
    """The room a size gives the map: plot width and tallest height (points), label font."""

    width_pt: float
    max_height_pt: float
    font_pt: float
    wrap: int
    #: The basemap's credit is written on the map (the interactive sizes; the article
    #: exports give it in the notes line).
    credit: bool = False


#: Plot sizes in points: the article exports at 640 and 1,280 px (100 px an inch, less the
#: figure's pads, ``analysis.publish.articles.MAP_PAD_IN``), the 390-px phone export, and the
#: interactive map in a desktop report (860 px less its margins) and on a phone (a 390-px
#: report page draws it 348 px wide), where a plotly pixel is 0.75 pt and labels are 11 px.
CANVASES: dict[str, Canvas] = {
    "article": Canvas((6.4 - 0.05) * 72, 6.4 * 1.25 * 72, 9.0, 40),
    "article-wide": Canvas((12.8 - 0.05) * 72, 7.2 * 72, 9.0, 48),
    "phone": Canvas((3.9 - 0.05) * 72, 3.9 * 1.25 * 72, 9.0, 30),
    "interactive": Canvas(844 * 0.75, 560 * 0.75, 8.25, 44, credit=True),
    "interactive-phone": Canvas(344 * 0.75, 560 * 0.75, 8.25, 30, credit=True),
}
#: Line height of a label, in font sizes (matplotlib's 1.2 spacing, with a little air).
LINE_HEIGHT = 1.25


# --- the projection -----------------------------------------------------------------------------


def aspect(extent: tuple[float, float, float, float]) -> float:
    """Height per width of one degree each way at the middle of ``extent`` (west, east, south,
    north): 1 / cos(latitude), so that a kilometre east is as long as a kilometre north."""
    middle = (extent[2] + extent[3]) / 2
    return 1.0 / math.cos(math.radians(middle))


def height_for_width(extent: tuple[float, float, float, float], width: float) -> float:
    """The height of a map ``width`` wide that shows ``extent`` without stretching it."""
    west, east, south, north = extent
    return width * (north - south) * aspect(extent) / (east - west)


def scale_bar_km(extent: tuple[float, float, float, float]) -> float:
    """A round distance about a fifth of the map's width, for its scale bar (1, 2, 5, 10 ... km)."""
    middle = math.radians((extent[2] + extent[3]) / 2)
    width_km = (extent[1] - extent[0]) * KM_PER_DEGREE * math.cos(middle)
    target = width_km / 5
    step = 10 ** math.floor(math.log10(max(target, 0.1)))
    return float(max(s for s in (step, 2 * step, 5 * step) if s <= max(target, step)))


def km_to_degrees_lon(km: float, extent: tuple[float, float, float, float]) -> float:
    """How many degrees of longitude ``km`` spans at the middle of ``extent``."""
    middle = math.radians((extent[2] + extent[3]) / 2)
    return km / (KM_PER_DEGREE * math.cos(middle))


def frame_of(facts: Facts, size: str) -> GeoFrame | None:
    """The map's frame at ``size``: the plot as wide as the canvas, unless that would make it
    taller than the canvas allows (then narrower, keeping its shape)."""
    m = facts.map
    if m.extent is None or m.places.empty:
        return None
    canvas = CANVASES[size]
    width = canvas.width_pt
    height = height_for_width(m.extent, width)
    if height > canvas.max_height_pt:
        height = canvas.max_height_pt
        width = height / height_for_width(m.extent, 1.0)
    outlines = (
        tuple((c.in_scope, ring) for c in m.basemap.counties for ring in c.rings)
        if m.basemap is not None
        else ()
    )
    credit = "County outlines: US Census Bureau" if m.basemap is not None else ""
    return GeoFrame(
        m.extent, aspect(m.extent), width, height, outlines, scale_bar_km(m.extent), credit
    )


# --- text measures -------------------------------------------------------------------------------


@cache
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(100, 100, 72)  # 72 dpi: one pixel is one point


@cache
def text_size_pt(text: str, font_pt: float) -> tuple[float, float]:
    """Width and height (points) of a label of one or more lines at ``font_pt``."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=font_pt)
    lines = text.split("\n")
    width = max(_renderer().get_text_width_height_descent(t, prop, False)[0] for t in lines)
    return width + 1.0, len(lines) * font_pt * LINE_HEIGHT + 1.0


# --- the specification ---------------------------------------------------------------------------


def map_spec(facts: Facts, size: str = "article") -> ChartSpec:
    """The locator map of ``facts`` at ``size`` (:data:`analysis.spec.model.SIZES`)."""
    base = chart_words(facts, "map")
    frame = frame_of(facts, size) if size in CANVASES else None
    if frame is None:
        empty = replace(base, empty=words.empty_message(facts, "map"))
        return ChartSpec("map", size, None, (), (), (), None, empty, areas=CROWD_AREAS)
    canvas = CANVASES[size]
    marks = _marks(facts, frame)
    layers = _layers(facts, marks)
    labels, listed, unlabelled = _labels(facts, marks, frame, canvas)
    names = facts.map.places.apply(_place_label, axis=1) if len(marks) else pd.Series()
    labelled = {label.key for label in labels}

    def named(members: tuple[str, ...]) -> tuple[str, list[str]]:
        return str(names[members[0]]), [str(names[k]) for k in members[1:]]

    notes = words.map_size_notes(
        facts,
        grouped=[
            named(members)
            for anchor, members in marks["members"].items()
            if len(members) > 1 and anchor in labelled and anchor not in listed
        ],
        unlabelled=[named(marks.at[anchor, "members"]) for anchor in unlabelled],
        largest=CROWD_AREAS.largest,
        max_named=MAX_NAMED,
    )
    return ChartSpec(
        chart="map",
        size=size,
        axis=None,
        layers=layers,
        legend=_legend(layers),
        labels=labels,
        scale=None,
        words=replace(base, notes=notes),
        # the size key's circles, then the symbols' words, per line (a phone: fewer)
        legend_columns=(2, 1) if size in ("phone", "interactive-phone") else (3, 3),
        hidden_labels=tuple(k for a in unlabelled for k in marks.at[a, "members"]),
        geo=frame,
        areas=CROWD_AREAS,
        unlabelled_marks=len(unlabelled),
    )


def _place_label(r: pd.Series) -> str:
    """ "Paramount · hundreds", or the name alone where no crowd is counted."""
    figure = r["figure"]
    return f"{r['name']} · {figure}" if figure else str(r["name"])


def _marks(facts: Facts, frame: GeoFrame) -> pd.DataFrame:
    """One mark per place or group of places, on the size's canvas, the most important first.

    A place whose mark would sit under a mark already placed (its centre within that mark's
    outer radius, plus a little) joins that mark's group; the group is drawn at its first
    place (the largest reported crowd), sized and filled as that place.
    """
    places = facts.map.places
    order = places.sort_values("rank", kind="stable")
    x, y = frame.to_pt(order["lon"], order["lat"])
    diameter = CROWD_AREAS.diameter_pt(order["value"].to_numpy(float))
    diameter = np.where(np.isnan(diameter), UNSIZED_PT, diameter)
    ring = order["approximate"].to_numpy(bool)
    outer = diameter / 2 + np.where(ring, RING_GAP_PT, 0.0)
    anchors: list[int] = []
    members: dict[int, list[int]] = {}
    ax, ay, ar = np.empty(0), np.empty(0), np.empty(0)
    for i in range(len(order)):
        if len(anchors):
            dist = np.hypot(ax - x[i], ay - y[i])
            hit = np.flatnonzero(dist < np.maximum(ar, outer[i]) + 1.5)
            if hit.size:
                members[anchors[int(hit[np.argmin(dist[hit])])]].append(i)
                continue
        anchors.append(i)
        members[i] = [i]
        ax, ay, ar = np.append(ax, x[i]), np.append(ay, y[i]), np.append(ar, outer[i])
    keys = order.index
    picked = np.array(anchors, dtype=int)
    return pd.DataFrame(
        {
            "x": x[picked],
            "y": y[picked],
            "diameter": diameter[picked],
            "outer": outer[picked],
            "ring": ring[picked],
            "members": [tuple(str(keys[j]) for j in members[i]) for i in anchors],
        },
        index=pd.Index([str(keys[i]) for i in anchors], name="place"),
    )


def _hover(facts: Facts, members: tuple[str, ...], titles: pd.Series) -> Hover:
    places = facts.map.places
    lines: list[Line] = []
    if len(members) > 1:
        lines.append(Line(f"{len(members)} places at this mark", "title"))
    for key in members:
        r = places.loc[key]
        n = int(r["n"])
        kind = str(r["kind"])
        figure = (
            r["figure"]
            if kind == "count"
            else "only low-reliability sources give one"
            if kind == "weak"
            else "none reported"
        )
        where = (
            "only the town is known: the mark is at its centre"
            if bool(r["approximate"])
            else f"place known to the {r['precision']}"
        )
        what = "type" if n == 1 else "most frequent type"
        lines += [
            Line(str(r["name"]), "title" if len(members) == 1 else "figure"),
            Line(f"{plural(n, 'demonstration')}; {what}: {shape_words(r['event_type']).lower()}"),
            Line(f"Largest reported crowd: {figure}", "figure"),
            Line(where[0].upper() + where[1:], "caveat"),
        ]
        if len(members) == 1:
            keys = tuple(r["keys"])
            lines += [Line(str(titles.get(k, k)), "quote") for k in keys]
            if n > len(keys):
                lines.append(Line(f"… and {n - len(keys):,} more", "quote"))
    return tuple(lines)


def _layers(facts: Facts, marks: pd.DataFrame) -> tuple[Layer, ...]:
    """Rings, then counted circles (largest first, so a small one sits on top), then the
    hollow and grey unsized marks."""
    places = facts.map.places
    kind = places.loc[marks.index, "kind"].astype(str).to_numpy()
    keys = pd.Index([k for ks in places["keys"] for k in ks]).unique()
    titles = facts.events["title"].reindex(keys)
    rows = pd.DataFrame(
        {
            "x": places.loc[marks.index, "lon"].to_numpy(float),
            "y": places.loc[marks.index, "lat"].to_numpy(float),
            "shape": "circle",
            "size_pt": marks["diameter"].to_numpy(float),
            "members": marks["members"].to_numpy(),
            "hover": [_hover(facts, m, titles) for m in marks["members"]],
        },
        index=marks.index,
    ).assign(_kind=kind)
    rows = rows.sort_values("size_pt", ascending=False, kind="stable")
    ring = marks["ring"].reindex(rows.index).to_numpy(bool)
    rings = rows[ring].assign(size_pt=rows["size_pt"][ring] + 2 * RING_GAP_PT)
    out = [
        layer("rings", "map_town", rings[rings["_kind"] == "count"]),
        layer("rings_unknown", "map_town_unknown", rings[rings["_kind"] != "count"]),
        layer("places", "map_count", rows[rows["_kind"] == "count"]),
        layer("weak", "map_weak", rows[rows["_kind"] == "weak"]),
        layer("unknown", "map_unknown", rows[rows["_kind"] == "unknown"]),
    ]
    return tuple(
        Layer(lay.name, lay.symbol, lay.rows.drop(columns="_kind")) for lay in out if len(lay.rows)
    )


def _legend(layers: tuple[Layer, ...]) -> tuple[LegendEntry, ...]:
    """The size key (the same reference figures in every report), then each symbol drawn."""
    counted = symbol("map_count")
    entries = [
        LegendEntry(
            f"{format_count(v)} people",
            counted,
            "circle",
            size_pt=float(CROWD_AREAS.diameter_pt(v)),
        )
        for v in CROWD_AREAS.key
    ]
    for lay in layers:
        text = lay.symbol.legend
        if text is not None and all(e.text != text for e in entries):
            entries.append(LegendEntry(text, lay.symbol, "circle"))
    return tuple(entries)


# --- the labels ----------------------------------------------------------------------------------

#: Directions tried around a mark, in order: beside it, above and below, then the diagonals
#: (at the corners of the mark's square box, which is what a reader's eye and the SVG measure).
_DIRECTIONS = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (1.0, 1.0, "left", "bottom"),
    (-1.0, 1.0, "right", "bottom"),
    (1.0, -1.0, "left", "top"),
    (-1.0, -1.0, "right", "top"),
)


def _box(ax: float, ay: float, w: float, h: float, ha: str, va: str) -> np.ndarray:
    left = ax - {"left": 0.0, "center": w / 2, "right": w}[ha]
    bottom = ay - {"bottom": 0.0, "center": h / 2, "top": h}[va]
    return np.array([left, bottom, left + w, bottom + h])


def _hits(box: np.ndarray, boxes: np.ndarray, pad: float) -> bool:
    if not len(boxes):
        return False
    return bool(
        (
            (boxes[:, 0] < box[2] + pad)
            & (box[0] - pad < boxes[:, 2])
            & (boxes[:, 1] < box[3] + pad)
            & (box[1] - pad < boxes[:, 3])
        ).any()
    )


def _reserved(frame: GeoFrame, canvas: Canvas) -> list[np.ndarray]:
    """Boxes no label may cover: the scale bar and its words, and the basemap's credit."""
    x0, y0 = frame.width_pt * 0.04, frame.height_pt * 0.05
    bar = km_to_degrees_lon(frame.scale_km, frame.extent) / (frame.extent[1] - frame.extent[0])
    w = max(bar * frame.width_pt, text_size_pt(f"{frame.scale_km:g} km", 9.0)[0])
    out = [np.array([x0 - 2, y0 - 3, x0 + w + 2, y0 + 15])]
    if canvas.credit and frame.credit:
        cw, ch = text_size_pt(frame.credit, 7.5)
        out.append(np.array([frame.width_pt - cw - 4, 0.0, frame.width_pt, ch + 2]))
    return out


def _texts(facts: Facts, members: tuple[str, ...], canvas: Canvas) -> list[tuple[str, bool]]:
    """The label texts a mark may take, and whether each names every place it stands for:
    the full list first, then shorter forms (the others counted, and named in the notes
    line), each also wrapped narrower (a narrow block fits where a wide line does not)."""
    places = facts.map.places
    own = _place_label(places.loc[members[0]])
    others = [_place_label(places.loc[k]) for k in members[1:]]
    out: list[tuple[str, bool]] = []
    for wrap in dict.fromkeys((canvas.wrap, 24, 16)):
        head = textwrap.fill(own, wrap)
        if not others:
            out.append((head, True))
            continue
        out.append((head + "\n" + textwrap.fill("Also here: " + "; ".join(others), wrap), True))
        for more in (
            f"and {plural(len(others), 'more place')}, listed below",
            f"+ {plural(len(others), 'more place')}",
        ):
            out.append((head + "\n" + textwrap.fill(more, wrap), False))
    return list(dict.fromkeys(out))


def _labels(
    facts: Facts, marks: pd.DataFrame, frame: GeoFrame, canvas: Canvas
) -> tuple[tuple[LabelSpec, ...], set[str], list[str]]:
    """Each mark's label where one fits on the canvas, the most important first.

    Returns the labels, the marks whose label names every place they stand for, and the
    marks with no label at all (in rank order).
    """
    places = facts.map.places
    mark_boxes = np.column_stack(
        [
            marks["x"] - marks["outer"],
            marks["y"] - marks["outer"],
            marks["x"] + marks["outer"],
            marks["y"] + marks["outer"],
        ]
    )
    taken = np.vstack(_reserved(frame, canvas))
    limits = (EDGE_PT, EDGE_PT, frame.width_pt - EDGE_PT, frame.height_pt - EDGE_PT)
    out: list[LabelSpec] = []
    listed: set[str] = set()
    unlabelled: list[str] = []
    lines: list[tuple[float, float, float, float]] = []  # the leader lines drawn so far
    for i, (key, m) in enumerate(marks.iterrows()):
        placed = None
        if i < MAX_LABELS:
            others = np.delete(mark_boxes, i, axis=0)
            for text, complete in _texts(facts, m["members"], canvas):
                w, h = text_size_pt(text, canvas.font_pt)
                placed = _place(m, w, h, others, taken, limits, lines)
                if placed is not None:
                    placed = (text, complete, *placed)
                    break
        if placed is None:
            unlabelled.append(str(key))
            continue
        text, complete, box, offset, align, leader = placed
        taken = np.vstack([taken, box])
        if leader:
            lines.append((float(m["x"]), float(m["y"]), m["x"] + offset[0], m["y"] + offset[1]))
        if complete:
            listed.add(str(key))
        r = places.loc[key]
        out.append(
            LabelSpec(
                key=str(key),
                x=float(r["lon"]),
                y=float(r["lat"]),
                text=text,
                priority=-float(i),
                # the map's canvas is in points; a label's offsets are in px, as every chart's
                dx=offset[0] * PX_PER_PT,
                dy=offset[1] * PX_PER_PT,
                ha=align[0],
                va=align[1],
                leader=leader,
                clearance=float(m["outer"]) * PX_PER_PT,
            )
        )
    return tuple(out), listed, unlabelled


def _place(
    m: pd.Series,
    w: float,
    h: float,
    others: np.ndarray,
    taken: np.ndarray,
    limits: tuple[float, float, float, float],
    lines: list[tuple[float, float, float, float]] = (),  # type: ignore[assignment]
) -> tuple[np.ndarray, tuple[float, float], tuple[str, str], bool] | None:
    """The first position around the mark where a ``w`` × ``h`` label is clear of every other
    mark, every label placed, every leader line drawn (``lines``) and the canvas's edges
    (further out on a leader line where none beside the mark is), or None."""
    r = float(m["outer"])
    x, y = float(m["x"]), float(m["y"])
    own = np.array([[x - r, y - r, x + r, y + r]])
    for step in range(LEADER_STEPS + 1):
        reach = r + GAP_PT + step * LEADER_STEP_PT
        for dx, dy, ha, va in _DIRECTIONS:
            ox, oy = dx * reach, dy * reach
            box = _box(x + ox, y + oy, w, h, ha, va)
            if box[0] < limits[0] or box[1] < limits[1] or box[2] > limits[2] or box[3] > limits[3]:
                continue
            if _hits(box, others, GAP_PT) or _hits(box, taken, PAD_PT) or _hits(box, own, 0.5):
                continue
            if step and _line_hits(x, y, x + ox, y + oy, r, np.vstack([others, taken])):
                continue
            if _nearer_another(box, x, y, r, others):
                continue
            if any(_box_crossed(box, line) for line in lines) or (
                step and any(_segments_cross((x, y, x + ox, y + oy), line) for line in lines)
            ):
                continue
            # a label off a corner of the mark is joined to it by a short leader line too
            return box, (round(ox, 2), round(oy, 2)), (ha, va), bool(step or (dx and dy))
    return None


def _segments_cross(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether line segments ``a`` and ``b`` (x0, y0, x1, y1) cross (touching ends do not)."""

    def side(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1, d2 = side(*b[:2], *b[2:], *a[:2]), side(*b[:2], *b[2:], *a[2:])
    d3, d4 = side(*a[:2], *a[2:], *b[:2]), side(*a[:2], *a[2:], *b[2:])
    return d1 * d2 < 0 and d3 * d4 < 0


def _box_crossed(box: np.ndarray, line: tuple[float, ...]) -> bool:
    """Whether the leader ``line`` runs through the label ``box``."""
    x0, y0, x1, y1 = line
    t = np.linspace(0.0, 1.0, 24)
    px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    return bool(((box[0] < px) & (px < box[2]) & (box[1] < py) & (py < box[3])).any())


def _nearer_another(box: np.ndarray, x: float, y: float, r: float, others: np.ndarray) -> bool:
    """Whether another mark lies nearer the label ``box`` than its own mark (centre ``x``,
    ``y``, radius ``r``) does, or within :data:`NEAR_PT` of a label out on a leader line: a
    reader takes a label for the mark beside it."""
    if not len(others):
        return False

    def gap(left: np.ndarray, bottom: np.ndarray, right: np.ndarray, top: np.ndarray) -> np.ndarray:
        dx = np.maximum(np.maximum(left - box[2], box[0] - right), 0.0)
        dy = np.maximum(np.maximum(bottom - box[3], box[1] - top), 0.0)
        return np.hypot(dx, dy)

    own = gap(*(np.array([v]) for v in (x - r, y - r, x + r, y + r)))[0]
    # a label out on a leader line is read by its line: another mark only misleads up close
    own = min(own, NEAR_PT)
    return bool((gap(others[:, 0], others[:, 1], others[:, 2], others[:, 3]) < own).any())


def _line_hits(x0: float, y0: float, x1: float, y1: float, r: float, boxes: np.ndarray) -> bool:
    """Whether a leader line from the mark's edge to its label crosses any of ``boxes``."""
    length = math.hypot(x1 - x0, y1 - y0)
    if length <= r or not len(boxes):
        return False
    t = np.linspace(r / length, 1.0, 16)
    px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    inside = (
        (boxes[:, None, 0] < px)
        & (px < boxes[:, None, 2])
        & (boxes[:, None, 1] < py)
        & (py < boxes[:, None, 3])
    )
    return bool(inside.any())
