"""Layout measured on the exported files: no label over another label or a tick label, and no
label over a mark at the article sizes.

Each article chart of three catalogue selections (the whole timeline, June 2025 and the "ICE
Out" weekend) that has something to show (:mod:`analysis.spec.showing`; a chart with one mark
is a sentence, not exported) is exported as SVG at 640 and 1280 px and as the 390-px phone
variant, opened in headless Chromium, and its drawn boxes compared (:mod:`svg_layout`). The
crowd and arrests labels are placed on each size's canvas by :mod:`analysis.spec.layout`, the
map's by :mod:`analysis.spec.map`, the swimlanes' by :mod:`analysis.spec.lanes`: no label over a
mark at any size, and every swimlane label beside its own mark. The locator map is held to more:
no mark hidden under another.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import CHROMIUM
from svg_layout import TOLERANCE_PX, boxes_by_axes, collisions, gap, measure

from analysis.data.load import load_dataset
from analysis.prep.facts import build_facts
from analysis.publish.articles import ARTICLE_CHARTS, export_article
from analysis.spec import showing, vocabulary
from analysis.spec.responses import responses_spec

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

SELECTIONS = {
    "timeline": {},
    "ice-out-weekend": {"start": "2026-01-29", "end": "2026-02-01"},
    "june-2025-raids": {"start": "2025-06-01", "end": "2025-06-30"},
}
#: Charts whose labels are laid out clear of every mark at the article sizes, and on the phone.
CLEAR_OF_MARKS = ("combined", "crowd", "arrests", "responses")


#: Farthest (CSS px) a swimlane label's box may be from its own mark's box across (beside
#: it), and up or down (on its row, or standing on its row from the row above: half a row).
BESIDE_PX, ABOVE_PX = 8.0, 12.0
#: Half the height (px) of a hexagon drawn at 640 px: the box a dash's label is placed for.
DASH_HALF_PX = 3.5


@pytest.fixture(scope="module")
def models() -> dict:
    data = load_dataset()
    return {name: build_facts(data, **choice) for name, choice in SELECTIONS.items()}


@pytest.fixture(scope="module")
def exports(tmp_path_factory, models) -> dict[str, Path]:
    out = {}
    for name, facts in models.items():
        folder = tmp_path_factory.mktemp(name)
        for chart in ARTICLE_CHARTS:
            if showing.shows(facts, chart):  # as export_article_charts exports them
                export_article(facts, chart, folder, formats=("svg",))
        out[name] = folder
    return out


def drawn(exports: dict[str, Path], selection: str) -> set[str]:
    """The charts exported for ``selection`` (their 640-px SVG)."""
    return {p.name.removesuffix("-640.svg") for p in exports[selection].glob("*-640.svg")}


def test_the_selections_draw_the_charts_the_rule_draws(exports):
    assert drawn(exports, "timeline") == set(ARTICLE_CHARTS)
    # The weekend: one arrest figure (8 on 30 Jan); February 2026's "about 25" detained in a
    # week is kept apart (dated only to the month), so the arrests chart is a sentence.
    assert drawn(exports, "ice-out-weekend") == set(ARTICLE_CHARTS) - {"arrests"}
    # June 2025: one arrest figure, a sentence; every other chart is drawn and measured
    assert drawn(exports, "june-2025-raids") == set(ARTICLE_CHARTS) - {"arrests"}


@pytest.fixture(scope="module")
def page(browser):
    view = browser.new_page()
    yield view
    view.close()


@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_no_label_covers_another_label_or_a_tick_label(exports, page, selection):
    svgs = sorted(exports[selection].glob("*.svg"))
    assert len(svgs) == 3 * len(drawn(exports, selection))
    found = {
        svg.name: [c for c in collisions(measure(page, svg)) if c.kind != "label-mark"]
        for svg in svgs
    }
    assert not {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("chart", CLEAR_OF_MARKS)
def test_labels_clear_every_mark(exports, page, selection, chart):
    if chart not in drawn(exports, selection):
        pytest.skip(f"{selection}: the {chart} chart has nothing to show (a sentence)")
    for name in (f"{chart}-640.svg", f"{chart}-1280.svg", f"{chart}-phone-390.svg"):
        svg = exports[selection] / name
        over = [c for c in collisions(measure(page, svg)) if c.kind == "label-mark"]
        assert not over, (svg.name, over)


@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_map_labels_clear_every_mark_and_no_mark_hides_another(exports, page, selection):
    """The map at 640, 1280 and 390 px: no place label over a mark (its own included), another
    label or the scale bar's words, and no mark's centre under another mark (co-located places
    are one mark whose label names them)."""
    for name in ("map-640.svg", "map-1280.svg", "map-phone-390.svg"):
        found = measure(page, exports[selection] / name)
        over = collisions(found)
        assert not over, (name, over)
        marks = [m for m in found["marks"] if not m["id"].startswith("rings")]
        assert marks, name
        for i, m in enumerate(marks):
            cx, cy = (m["box"][0] + m["box"][2]) / 2, (m["box"][1] + m["box"][3]) / 2
            for j, o in enumerate(marks):
                b = o["box"]
                assert i == j or not (b[0] < cx < b[2] and b[1] < cy < b[3]), (name, m, o)


#: The crowd chart's layers of point marks (their ``<use>`` markers in the SVG); on a narrow
#: chart a day's "size not reported" demonstrations may be one mark (``unknown_days``).
POINT_LAYERS = ("points", "weak", "unknown", "unknown_days")


@pytest.mark.parametrize("selection", ("ice-out-weekend", "june-2025-raids", "timeline"))
def test_a_days_crowd_marks_do_not_cover_each_other(exports, page, selection):
    """At 640, 1280 and 390 px no crowd mark overlaps another, in the crowd chart and in the
    combined chart's crowd panel: a day's marks are spread a mark's width apart where the day
    has room (the two 2,500 rallies of 31 Jan and its five grey "size not reported" dots drew
    one over the other on the phone). Where it has not (the whole timeline's cut axis gives
    31 Jan about 30 px on the phone), only marks at meeting heights step apart, and the day's
    grey dots are one mark, which the notes count."""
    for name in ("crowd-640.svg", "crowd-1280.svg", "crowd-phone-390.svg",
                 "combined-640.svg", "combined-1280.svg", "combined-phone-390.svg"):  # fmt: skip
        axes = [
            [box for layer in POINT_LAYERS for box in found["points"].get(layer, [])]
            for found in _points_by_axes(page, exports[selection] / name)
        ]
        marks = next((boxes for boxes in axes if boxes), [])  # the crowd panel: the first
        assert len(marks) >= 2, name
        for i, a in enumerate(marks):
            for b in marks[i + 1 :]:
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                assert not (across > TOLERANCE_PX and down > TOLERANCE_PX), (name, a, b)


def _points_by_axes(page, svg: Path) -> list[dict]:
    """Per Axes of ``svg``, in order: the boxes of the ``<use>`` markers of each layer (every
    group of that name: a cut axis draws a layer once per segment)."""
    page.goto(svg.resolve().as_uri())
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('g[id^="axes_"]')).map((axes) => {
          const points = {};
          for (const g of axes.querySelectorAll(':scope > g[id]')) {
            for (const u of g.querySelectorAll('use')) {
              const r = u.getBoundingClientRect();
              (points[g.id] = points[g.id] || []).push([r.left, r.top, r.right, r.bottom]);
            }
          }
          return {points};
        })"""
    )


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("chart", ("responses", "combined"))
def test_swimlane_labels_sit_beside_their_own_marks(exports, models, page, selection, chart):
    """Every swimlane label the specification shows at 640, 1280 and 390 px is drawn, and its
    box is at most :data:`BESIDE_PX` from its own mark's box across and :data:`ABOVE_PX` up or
    down (beside it, or on the row above it), measured on the exported SVG: never at the far
    edge of the plot (on the phone "Essayli asks for more officers" once sat at the left edge,
    its mark at 31 Jan)."""
    if chart not in drawn(exports, selection):
        pytest.skip(f"{selection}: the {chart} chart has nothing to show (a sentence)")
    facts = models[selection]
    for name, size in (("640", "article"), ("1280", "article"), ("phone-390", "phone")):
        spec = responses_spec(facts, size)
        keys = {label.key for label in spec.labels}
        axes = [
            a for a in boxes_by_axes(page, exports[selection] / f"{chart}-{name}.svg")
            if keys & set(a["labels"])
        ]  # fmt: skip
        if not keys:
            continue
        assert len(axes) == 1, (name, len(axes))
        found = axes[0]
        assert keys <= set(found["labels"]), (name, keys - set(found["labels"]))
        marks: dict[str, list[float]] = {}
        for layer in spec.layers:
            boxes = found["layers"].get(layer.name, [])
            per = len(boxes) // max(len(layer.rows), 1)
            assert per >= 1 and per * len(layer.rows) == len(boxes), (name, layer.name)
            for i, key in enumerate(layer.keys):
                own = boxes[i * per : (i + 1) * per]
                marks[key] = [
                    min(b[0] for b in own), min(b[1] for b in own),
                    max(b[2] for b in own), max(b[3] for b in own),
                ]  # fmt: skip
                if set(layer.rows.get("shape", ())) & vocabulary.LINE_SHAPES:
                    # a dash (a reported silence) is a line 2 px high where a hexagon is 7:
                    # its label is placed for a mark's size, so measure from that size
                    mid = (marks[key][1] + marks[key][3]) / 2
                    marks[key][1], marks[key][3] = mid - DASH_HALF_PX, mid + DASH_HALF_PX
        apart = {key: gap(found["labels"][key], marks[key]) for key in keys}
        far = {k: (x, y) for k, (x, y) in apart.items() if x > BESIDE_PX or y > ABOVE_PX}
        assert not far, (name, far)


#: Sizes of the crowd chart's exports, by file name.
CROWD_SIZES = (("640", "article"), ("1280", "article-wide"), ("phone-390", "phone"))
#: How near (CSS px) another mark may come to a label out on a leader line.
NEAR_SVG_PX = 8.0


_CROWD_BOXES = """
(names) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const labels = {}, layers = {};
  for (const g of document.querySelectorAll('g[id^="label:"]')) {
    const bs = Array.from(g.querySelectorAll('text')).map(box);
    if (bs.length) labels[g.id.slice(6)] = [
      Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])),
      Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))];
  }
  for (const name of names) {
    layers[name] = [];
    for (const g of document.querySelectorAll(`g[id="${name}"]`)) {
      for (const u of g.querySelectorAll('use')) layers[name].push(box(u));
    }
  }
  return {labels, layers};
}
"""


def _crowd_boxes(page, svg: Path, spec) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The boxes of ``svg``'s placed labels and of its crowd point marks, by key (matplotlib
    draws a layer's points one collection per shape, in the order of the shapes' names; a
    combined chart's crowd panel first)."""
    page.goto(svg.resolve().as_uri())
    found = page.evaluate(_CROWD_BOXES, list(POINT_LAYERS))
    marks: dict[str, list[float]] = {}
    for layer in spec.layers:
        if layer.name not in POINT_LAYERS:
            continue
        keys = [str(k) for _, part in layer.rows.groupby("shape", sort=True) for k in part.index]
        # the crowd panel is drawn first: a combined chart's later panels have layers of the
        # same names (the responses' "points")
        boxes = found["layers"][layer.name]
        assert len(boxes) >= len(keys), (svg.name, layer.name)
        marks.update(zip(keys, boxes[: len(keys)], strict=True))
    return found["labels"], marks


@pytest.mark.parametrize("selection", ("timeline", "ice-out-weekend"))
def test_every_crowd_the_headline_names_is_labelled_in_the_svg(exports, models, page, selection):
    """The crowds the headline names ("2,500 in Los Angeles and about 2,500 in Torrance") carry
    their labels in the exported crowd and combined charts at 640 and 1280 px, and on the phone
    wherever the specification finds them room (else its notes line names them)."""
    from analysis.spec.crowd import crowd_spec, headline_keys

    facts = models[selection]
    named = headline_keys(facts)
    assert len(named) == 2
    for name, size in CROWD_SIZES:
        spec = crowd_spec(facts, size)
        shown = {label.key: label.text for label in spec.labels}
        if size != "phone":
            assert named <= set(shown), (selection, size)
        for chart in ("crowd", "combined"):
            svg = exports[selection] / f"{chart}-{name}.svg"
            labels, _ = _crowd_boxes(page, svg, spec)
            assert {k for k in named if k in shown} <= set(labels), (svg.name, named)
            text = svg.read_text(encoding="utf-8")
            for key in named:
                if key in shown:
                    for line in shown[key].split("\n"):
                        assert line.replace("&", "&amp;") in text, (svg.name, line)


@pytest.mark.parametrize("selection", list(SELECTIONS))
def test_a_crowd_label_is_nearer_its_own_mark_than_any_other(exports, models, page, selection):
    """Measured on the exported crowd charts at 640, 1280 and 390 px: no other mark is nearer a
    label than its own mark, and none within :data:`NEAR_SVG_PX` of a label out on a leader
    line (the map's rule). On the weekend's phone chart "Torrance · about 2,500" sat on the
    downtown march's hollow square, at the far end of a long leader, and read as the march's."""
    from analysis.spec.crowd import crowd_spec

    facts = models[selection]
    checked = 0
    for name, size in CROWD_SIZES:
        spec = crowd_spec(facts, size)
        svg = exports[selection] / f"crowd-{name}.svg"
        labels, marks = _crowd_boxes(page, svg, spec)
        for label in spec.labels:
            if label.key not in marks:
                continue
            box = labels[label.key]
            own = sum(v * v for v in gap(box, marks[label.key])) ** 0.5
            if label.leader:
                own = min(own, NEAR_SVG_PX)
            for key, other in marks.items():
                if key != label.key:
                    apart = sum(v * v for v in gap(box, other)) ** 0.5
                    assert apart >= own - TOLERANCE_PX, (svg.name, label.text, key, apart, own)
            checked += 1
    assert checked


@pytest.mark.parametrize("selection", ("timeline", "ice-out-weekend"))
def test_every_labelled_day_has_its_tick(exports, models, page, selection):
    """At 640 px and on the phone, the day of every crowd mark the chart labels and of every
    crowd the headline names has its tick ("31 Jan") in the crowd and combined exports: the
    headline's and the labelled days win over the regular ticks where two would collide (the
    timeline at 640 px had no 31 Jan, the weekend's phone chart no 30 Jan)."""
    from analysis.spec.crowd import crowd_spec, headline_keys

    facts = models[selection]
    marks = facts.crowd.marks
    for name, size in (("640", "article"), ("phone-390", "phone")):
        spec = crowd_spec(facts, size)
        keys = {label.key for label in spec.labels if not label.claim} | headline_keys(facts)
        days = {pd.Timestamp(marks.at[k, "x"]) for k in keys if not marks.at[k, "span"]}
        assert days, (selection, size)
        for chart in ("crowd", "combined"):
            ticks = {
                t["text"]
                for t in measure(page, exports[selection] / f"{chart}-{name}.svg")["ticks"]
            }
            want = {f"{d.day} {d:%b}" for d in days}
            assert want <= ticks, (chart, name, want - ticks, ticks)


def test_a_month_only_period_has_its_heading_and_a_month_tick(exports, page):
    """The whole timeline's fourth period holds only items dated to February 2026: its heading
    says so ("Feb 2026 (month only)") over the combined chart at 640 and 1280 px, and its tick
    names the month, never a day ("2 Feb 2026" read as a date)."""
    for name in ("combined-640.svg", "combined-1280.svg", "crowd-640.svg", "crowd-phone-390.svg"):
        found = measure(page, exports["timeline"] / name)
        ticks = [t["text"] for t in found["ticks"]]
        # "3 Feb" and "17 Feb" are 2025's days; February 2026 has no day tick
        assert "Feb" in ticks and not {"1 Feb", "2 Feb", "16 Feb"} & set(ticks), (name, ticks)
        if name.startswith("combined"):
            heads = [lab["text"] for lab in found["labels"]]
            assert any("Feb 2026" in h and "(month" in h and "only)" in h for h in heads), (
                name,
                heads,
            )
