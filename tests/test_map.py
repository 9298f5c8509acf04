"""The locator map: one mark per place, sized by the crowd the model counts, in both engines.

The map is a renderer of the facts model like the other charts: its marks are the model's
places, its words state what the marks show, and it draws offline over the committed county
outlines.
"""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from chart_fixtures import HOSTILE, catalogue_selections, curated, event_row, hostile, with_rows
from matplotlib.collections import PathCollection

from analysis.charts import interactive, static
from analysis.data.basemap import SCOPE_COUNTIES, load_basemap
from analysis.data.load import Dataset, load_dataset, load_places
from analysis.errors import DataValidationError
from analysis.prep.facts import build_facts
from analysis.prep.marks import figure_words
from analysis.report.params import check_parameters
from analysis.spec import vocabulary, words
from analysis.spec.alt import MAX_ALT_WORDS, alt_text
from analysis.spec.layout import PX_PER_PT
from analysis.spec.map import (
    CANVASES,
    CROWD_AREAS,
    _box,
    aspect,
    height_for_width,
    map_spec,
    scale_bar_km,
    text_size_pt,
)
from analysis.spec.model import SIZES


@pytest.fixture
def model(tiny, tiny_dataset):
    events, sources = tiny
    places = load_places(tiny_dataset.parent / "places.csv")
    return build_facts(Dataset(events, sources, places, load_basemap()))


def _expected_places(facts) -> pd.DataFrame:
    """Each place's largest reliable low figure, worked out from the events, not the model."""
    ev = facts.events.loc[facts.crowd.marks.index]
    ev = ev[ev["latitude"].notna()]
    reliable = ev["crowd_low"].where(~ev["weak"].astype(bool) & ~ev["crowd_claim"].astype(bool))
    return pd.DataFrame(
        {"n": ev.groupby("place_id").size(), "value": reliable.groupby(ev["place_id"]).max()}
    )


def _fresh_ax():
    """An Axes of its own figure, so two drawings in one test do not share texts."""
    return plt.subplots()[1]


# --- the model ---------------------------------------------------------------------------------


def test_one_mark_per_place_at_its_largest_counted_crowd(model):
    places = model.map.places
    expected = _expected_places(model)
    assert sorted(places.index) == sorted(expected.index)
    assert (places["n"] == expected["n"].reindex(places.index)).all()
    got = places["value"].astype(float)
    want = expected["value"].reindex(places.index).astype(float)
    assert np.allclose(got.fillna(-1), want.fillna(-1))
    # Long Beach: a vigil of 80 and a march with no figure; the mark says 80, from 2 events.
    assert (places.at["long-beach", "n"], places.at["long-beach", "value"]) == (2, 80)


def test_qualifiers_and_precision_reach_the_marks(model):
    places = model.map.places
    paramount = places.loc["paramount"]  # "hundreds": 200–999, said in its word, never "200"
    assert not paramount["floor"]  # it has a ceiling: no "at least" (no upper bound given)
    mark = model.crowd.marks.loc["2025-06-07-paramount-clash"]  # the crowd chart says it alike
    said = figure_words(mark["low"], mark["high"], bool(mark["open"]), bool(mark["disputed"]))
    assert paramount["figure"] == said == "hundreds"
    assert paramount["label"] == "Paramount · hundreds"
    assert paramount["approximate"]  # the gazetteer knows only the city
    assert not places.at["downtown-los-angeles", "approximate"]  # a neighbourhood
    west, east, south, north = model.map.extent
    assert ((places["lon"] > west) & (places["lon"] < east)).all()
    assert ((places["lat"] > south) & (places["lat"] < north)).all()


def test_a_demonstration_without_a_place_is_counted_and_said(tiny_rows, write_dataset):
    unplaced = event_row(
        "2026-01-31-somewhere-rally",
        "2026-01-31",
        event_type="rally",
        city="Somewhere",
        county="Los Angeles",
        crowd_text="about 30 people",
        crowd_low="30",
        crowd_high="30",
        crowd_estimate_by="reporters",
        evidence="about 30 people",
    )
    events, sources = with_rows(tiny_rows, write_dataset, unplaced)
    facts = build_facts(events, sources=sources)
    assert facts.map.unplaced == 1
    assert "2026-01-31-somewhere-rally" in facts.crowd.marks.index
    assert "Not shown: 1 demonstration without a place." in words.notes_line(facts, "map")
    assert "1 demonstration without a place not shown" in alt_text(facts, "map")


def test_no_place_to_map_says_so_in_every_renderer(model, tiny):
    events, sources = tiny
    empty = build_facts(events, sources=sources, start="2025-06-01", end="2025-06-02")
    assert empty.map.places.empty and empty.map.extent is None
    message = words.empty_message(empty, "map")
    assert message.startswith("No ")
    assert words.headline(empty, "map").startswith("No ")
    ax = static.draw_map(_fresh_ax(), empty)
    assert message in [t.get_text() for t in ax.texts]
    fig = interactive.map_plotly(empty)
    assert any(message in (a.text or "") for a in fig.layout.annotations)
    assert not [t for t in fig.data if t.customdata is not None]


# --- the words ---------------------------------------------------------------------------------


def test_headline_names_the_place_of_the_largest_mark_and_ties(model):
    places = model.map.places
    top = places["value"].max()
    headline = words.headline(model, "map")
    assert f"{len(places)} places" in headline
    for name in places.loc[places["value"] == top, "name"]:
        assert str(name) in headline
    assert f"{top:,.0f}" in headline
    alt = alt_text(model, "map")
    assert f"{len(places)} places" in alt
    assert len(alt.split()) <= MAX_ALT_WORDS


def test_the_notes_explain_hollow_marks_and_rings(model):
    notes = words.notes_line(model, "map")
    assert "hollow" in notes
    n = int(model.map.places["approximate"].sum())
    assert f"only the town is known for {n} places" in notes
    assert "US Census Bureau" in notes


# --- the specification -------------------------------------------------------------------------


def _layers(ax) -> dict[str, PathCollection]:
    return {
        c.get_gid(): c
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_gid() and ":" not in c.get_gid()
    }


def test_static_marks_are_the_places_sized_by_their_crowds(model):
    spec = map_spec(model)
    ax = static.draw_map_spec(_fresh_ax(), spec)
    drawn = _layers(ax)
    places = model.map.places
    marks = {k for name in ("places", "weak", "unknown") if name in drawn
             for k in spec.layer(name).keys}  # fmt: skip
    members = {m for lay in spec.layers for ms in lay.rows["members"] for m in ms}
    assert members == set(places.index) and marks <= set(places.index)
    for name, art in drawn.items():
        lay = spec.layer(name)
        assert len(art.get_offsets()) == len(lay.rows)
        # each circle's area is the spec's (points squared), in the spec's order
        assert np.allclose(art.get_sizes(), lay.rows["size_pt"].to_numpy(float) ** 2)
    counted = spec.layer("places").rows
    values = places.loc[counted.index, "value"].astype(float)
    assert np.allclose(counted["size_pt"], CROWD_AREAS.diameter_pt(values))
    assert counted.at["downtown-los-angeles", "size_pt"] > counted.at["long-beach", "size_pt"]
    # hollow is only for low-reliability sources, grey only for no reported size
    for name, kinds in (("places", {"count"}), ("weak", {"weak"}), ("unknown", {"unknown"})):
        lay = spec.layer(name)
        if lay is not None:
            assert set(places.loc[lay.keys, "kind"]) == kinds, name


def test_static_labels_and_legend_say_what_the_marks_are(model):
    spec = map_spec(model)
    ax = static.draw_map_spec(_fresh_ax(), spec)
    texts = [t.get_text() for t in ax.texts]
    for label in spec.labels:
        assert label.text in texts
    legend = [t.get_text() for a in ax.artists for t in a.get_texts()]
    key = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("legend:")]
    assert key == ["100 people", "1,000 people", "5,000 people"]
    places = model.map.places
    assert (vocabulary.WEAK in legend) == ("weak" in {la.name for la in spec.layers})
    assert (vocabulary.TOWN in legend) == places["approximate"].any()
    assert any(t.endswith(" km") for t in texts)  # the scale bar


def test_one_size_key_and_one_area_rule_in_every_report():
    data = load_dataset()
    timeline = map_spec(build_facts(data))
    june = map_spec(build_facts(data, start="2025-06-01", end="2025-06-30"))
    key = [(e.text, e.size_pt) for e in timeline.legend if e.size_pt is not None]
    assert key == [(e.text, e.size_pt) for e in june.legend if e.size_pt is not None]
    assert [t for t, _ in key] == ["100 people", "1,000 people", "5,000 people"]
    # "hundreds" at Paramount in June draws the same area (its low figure) in the timeline,
    # and a tenth of Torrance's 2,500 (the issue: they looked the same size)
    size = june.layer("places").rows["size_pt"]
    assert size["paramount"] == timeline.layer("places").rows.at["paramount", "size_pt"]
    # The place is named as seed 000 names it, "Del Amo Shopping Center" (issue 17 re-audit).
    torrance = timeline.layer("places").rows.at["del-amo-shopping-center", "size_pt"]
    assert (torrance / size["paramount"]) ** 2 == pytest.approx(2500 / 200)


def test_the_area_rule():
    d = CROWD_AREAS.diameter_pt(np.array([np.nan, 1, 1000, 4000, 1e6]))
    assert np.isnan(d[0])
    assert d[1] == CROWD_AREAS.min_pt and d[2] == CROWD_AREAS.reference_pt
    assert d[3] == pytest.approx(2 * CROWD_AREAS.reference_pt)  # 4x the people, 4x the area
    assert d[4] == CROWD_AREAS.max_pt
    assert CROWD_AREAS.diameter_pt(CROWD_AREAS.largest) == pytest.approx(CROWD_AREAS.max_pt)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_every_place_of_the_headline_is_labelled_or_listed(name, parameters, size):
    data = curated()
    facts = build_facts(data, check_parameters(data.events, **parameters))
    spec = map_spec(facts, size)
    places = facts.map.places
    if spec.empty:
        assert places.empty
        return
    members = {k: ms for lay in spec.layers for k, ms in lay.rows["members"].items()}
    assert sorted(m for ms in members.values() for m in ms) == sorted(places.index)
    labels = {label.key: label.text for label in spec.labels}
    notes = spec.words.notes
    for place in places.index:
        mark = next(k for k, ms in members.items() if place in ms)
        name_ = str(places.at[place, "name"])
        shown = " ".join(labels.get(mark, "").split())
        assert name_ in shown or name_ in notes, (size, place, shown, notes)
    # a grouped mark says what it groups: in its label or in the notes
    for mark, ms in members.items():
        if len(ms) > 1:
            text = " ".join(labels.get(mark, "").split())
            assert (
                "Also here" in text
                or "more place" in text
                or mark in spec.hidden_labels
                or (str(places.at[mark, "name"]) in notes)
            )


def test_co_located_places_are_one_mark_that_names_them(model):
    facts = build_facts(load_dataset())
    for size in SIZES:
        spec = map_spec(facts, size)
        members = [ms for lay in spec.layers for ms in lay.rows["members"] if len(ms) > 1]
        downtown = {"los-angeles-city-hall", "los-angeles", "roybal-federal-building",
                    "downtown-los-angeles"}  # fmt: skip
        assert any(set(ms) == downtown for ms in members), (size, members)


@pytest.mark.parametrize("size", SIZES)
def test_labels_clear_every_mark_label_and_the_edges_on_the_canvas(size):
    facts = build_facts(load_dataset())
    spec = map_spec(facts, size)
    frame = spec.geo
    boxes = []
    for label in spec.labels:
        x, y = frame.to_pt(label.x, label.y)
        w, h = text_size_pt(label.text, CANVASES[size].font_pt)
        boxes.append(
            _box(
                float(x) + label.dx / PX_PER_PT,
                float(y) + label.dy / PX_PER_PT,
                w,
                h,
                label.ha,
                label.va,
            )
        )
    marks = [
        (frame.to_pt(r.x, r.y), r.size_pt / 2) for lay in spec.layers for r in lay.rows.itertuples()
    ]
    for i, b in enumerate(boxes):
        assert b[0] >= 0 and b[1] >= 0 and b[2] <= frame.width_pt and b[3] <= frame.height_pt
        for other in boxes[i + 1 :]:
            assert not _overlap(b, other)
        for (mx, my), r in marks:
            assert not _overlap(b, np.array([mx - r, my - r, mx + r, my + r]).ravel())


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.01 and min(a[3], b[3]) - max(a[1], b[1]) > 0.01


# --- the interactive map -----------------------------------------------------------------------


def test_interactive_map_is_offline_and_its_marks_are_the_places(model):
    fig = interactive.map_plotly(model)
    spec = map_spec(model, "interactive")
    assert all(t.type == "scatter" for t in fig.data)  # no geo trace: no topojson from a CDN
    assert "geo" not in fig.layout.to_plotly_json()
    marks = {str(k) for t in fig.data if t.meta in ("places", "weak", "unknown")
             for k in t.customdata}  # fmt: skip
    members = {m for lay in spec.layers for ms in lay.rows["members"] for m in ms}
    assert members == set(model.map.places.index) and marks <= members
    shown = [a.text for a in fig.layout.annotations if (a.name or "").startswith("label:")]
    assert "Paramount · hundreds" in shown
    key = [s.name for s in fig.layout.shapes if (s.name or "").startswith("legend:")]
    assert key == ["legend:100 people", "legend:1,000 people", "legend:5,000 people"]
    html = fig.to_html(include_plotlyjs=True, full_html=True)
    assert "cdn." not in html.split("<script")[-1]


def test_interactive_hover_escapes_text_from_the_csv(tiny):
    events, sources = hostile(*tiny)
    fig = interactive.map_plotly(events, sources=sources)
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert HOSTILE not in text
    assert "&lt;img" in text


def test_geometry_helpers():
    extent = (-119.0, -117.0, 33.0, 35.0)
    assert aspect(extent) == pytest.approx(1 / np.cos(np.radians(34)))
    km = scale_bar_km(extent)
    assert km in (10, 20, 50)
    assert height_for_width(extent, 100) == pytest.approx(100 * aspect(extent))


# --- the basemap --------------------------------------------------------------------------------


def _inside(point: tuple[float, float], ring: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: is ``point`` inside the ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_every_gazetteer_place_lies_in_its_county_on_the_basemap():
    basemap = load_basemap()
    assert {c.name for c in basemap.counties if c.in_scope} == set(SCOPE_COUNTIES)
    rings = {c.name: c.rings for c in basemap.counties}
    places = load_dataset().places
    for place in places.itertuples():
        county = str(place.county)
        if county not in rings or pd.isna(place.latitude):
            continue
        point = (float(place.longitude), float(place.latitude))
        assert any(_inside(point, ring) for ring in rings[county]), (place.place_id, county)


def test_a_broken_basemap_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "counties.geojson"
    bad.write_text('{"features": [{"geometry": {"type": "Point"}, "properties": {}}]}')
    with pytest.raises(DataValidationError, match=r"counties.geojson.*feature 1"):
        load_basemap(bad)
    bad.write_text("not json")
    with pytest.raises(DataValidationError, match=r"counties\.geojson"):
        load_basemap(bad)
