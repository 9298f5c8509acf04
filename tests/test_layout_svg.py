"""Layout measured on the exported files: no label over another label or a tick label, and no
label over a mark at the article sizes.

Each article chart of three catalogue selections (the whole timeline, June 2025 and the "ICE
Out" weekend) that has something to show (:mod:`analysis.spec.showing`; a chart with one mark
is a sentence, not exported) is exported as SVG at 640 and 1280 px and as the 390-px phone
variant, opened in headless Chromium, and its drawn boxes compared (:mod:`svg_layout`). The
crowd and arrests labels are placed on each size's canvas by :mod:`analysis.spec.layout`, the
map's by :mod:`analysis.spec.map`, the swimlanes' beside their marks or on the row above them
(``prep/layout.py``): no label over a mark at any size. The locator map is held to more: no
mark hidden under another.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM
from svg_layout import collisions, measure

from analysis.data.load import load_dataset
from analysis.prep.facts import build_facts
from analysis.publish.articles import ARTICLE_CHARTS, export_article
from analysis.spec import showing

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


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    data = load_dataset()
    out = {}
    for name, choice in SELECTIONS.items():
        folder = tmp_path_factory.mktemp(name)
        facts = build_facts(data, **choice)
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
