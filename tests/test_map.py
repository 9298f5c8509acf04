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
from chart_fixtures import HOSTILE, event_row, hostile, with_rows
from matplotlib.collections import PathCollection

from analysis.charts import geo, interactive, static
from analysis.data.basemap import SCOPE_COUNTIES, load_basemap
from analysis.data.load import Dataset, load_dataset, load_places
from analysis.errors import DataValidationError
from analysis.prep.facts import build_facts
from analysis.prep.marks import figure_words
from analysis.spec import words


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
    paramount = places.loc["paramount"]  # "hundreds": at least 200, never "200"
    assert paramount["floor"]
    assert figure_words(paramount["value"], paramount["value"], True, False) in paramount["label"]
    assert "at least 200" in paramount["label"]
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
    assert "1 demonstration without a place not shown" in words.alt_text(facts, "map")


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
    alt = words.alt_text(model, "map")
    assert f"{len(places)} places" in alt
    assert len(alt.split()) <= words.MAX_ALT_WORDS


def test_the_notes_explain_hollow_marks_and_rings(model):
    notes = words.notes_line(model, "map")
    assert "hollow" in notes
    n = int(model.map.places["approximate"].sum())
    assert f"only the town is known for {n} places" in notes
    assert "US Census Bureau" in notes


# --- the static map ----------------------------------------------------------------------------


def _marks(ax) -> PathCollection:
    (marks,) = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_zorder() == 3]
    return marks


def test_static_marks_are_the_places_sized_by_their_crowds(model):
    ax = static.draw_map(_fresh_ax(), model)
    marks = _marks(ax)
    places = model.map.places
    offsets = marks.get_offsets()
    assert len(offsets) == len(places)
    # Each mark at its place; area grows with the crowd; no mark for a place twice.
    by_place = {
        (round(x, 4), round(y, 4)): s for (x, y), s in zip(offsets, marks.get_sizes(), strict=True)
    }
    sizes = pd.Series(
        [by_place[(round(r.lon, 4), round(r.lat, 4))] for r in places.itertuples()],
        index=places.index,
    )
    counted = places["kind"] == "count"
    order = places.loc[counted, "value"].sort_values().index
    assert sizes[order].is_monotonic_increasing
    assert sizes["downtown-los-angeles"] > sizes["long-beach"]
    # The counted marks are filled, the others hollow (white inside).
    faces = {tuple(np.round(c, 3)) for c in marks.get_facecolors()}
    assert len(faces) == (2 if (~counted).any() else 1)


def test_static_labels_and_legend_say_what_the_marks_are(model):
    ax = static.draw_map(_fresh_ax(), model)
    texts = [t.get_text() for t in ax.texts]
    for label in model.map.places["label"].dropna():
        assert label in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    places = model.map.places
    assert (words.LEGEND["map_unknown"] in legend) == (places["kind"] != "count").any()
    assert (words.LEGEND["map_approximate"] in legend) == places["approximate"].any()
    assert any(t.endswith("people") for t in legend)
    assert any(t.endswith(" km") for t in texts)  # the scale bar


def test_the_phone_map_keeps_fewer_labels(model):
    full = static.draw_map(_fresh_ax(), model)
    phone = static.draw_map(_fresh_ax(), model, phone=True)
    labels = set(model.map.places["label"].dropna())
    n_full = len([t for t in full.texts if t.get_text() in labels])
    n_phone = len([t for t in phone.texts if t.get_text() in labels])
    assert n_phone <= min(n_full, static.PHONE_LABELS)


# --- the interactive map -----------------------------------------------------------------------


def test_interactive_map_is_offline_and_its_marks_are_the_places(model):
    fig = interactive.map_plotly(model)
    assert all(t.type == "scatter" for t in fig.data)  # no geo trace: no topojson from a CDN
    assert "geo" not in fig.layout.to_plotly_json()
    (marks,) = [t for t in fig.data if t.customdata is not None]
    assert sorted(marks.customdata) == sorted(model.map.places.index)
    shown = [t for t in marks.text if t]
    assert set(shown) <= set(model.map.places["label"].dropna())
    assert "Paramount · at least 200" in shown
    html = fig.to_html(include_plotlyjs=True, full_html=True)
    assert "cdn." not in html.split("<script")[-1]


def test_interactive_hover_escapes_text_from_the_csv(tiny):
    events, sources = hostile(*tiny)
    fig = interactive.map_plotly(events, sources=sources)
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert HOSTILE not in text
    assert "&lt;img" in text


def test_labels_that_would_collide_move_to_the_other_side_or_drop():
    lon = np.array([0.50, 0.45, 0.47, 0.9])
    lat = np.array([0.50, 0.50, 0.51, 0.9])
    sides = geo.label_sides(lon, lat, (0.0, 1.0, 0.0, 1.0))
    assert sides == ["right", "left", "", "left"]  # the last has no room on its right


def test_geometry_helpers():
    extent = (-119.0, -117.0, 33.0, 35.0)
    assert geo.aspect(extent) == pytest.approx(1 / np.cos(np.radians(34)))
    d = geo.diameters_pt(np.array([np.nan, 0, 100, 400]), 400)
    assert d[0] == geo.UNKNOWN_DIAMETER_PT
    assert d[1] == geo.MIN_DIAMETER_PT and d[3] == geo.MAX_DIAMETER_PT
    assert d[1] < d[2] < d[3]
    km = geo.scale_bar_km(extent)
    assert km in (10, 20, 50)
    assert geo.height_for_width(extent, 100) == pytest.approx(100 * geo.aspect(extent))


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


def test_a_label_that_would_cover_another_mark_goes_to_the_other_side_or_drops():
    extent = (0.0, 1.0, 0.0, 1.0)
    # A big mark just right of the first place: its label goes left; the second place sits
    # inside the big mark, so neither of its sides is free and it keeps only its hover box.
    lon, lat = np.array([0.40, 0.52]), np.array([0.5, 0.5])
    marks = (np.array([0.40, 0.50, 0.52]), np.array([0.5, 0.5, 0.5]),
             np.array([0.01, 0.06, 0.01]), np.array([0.01, 0.06, 0.01]))  # fmt: skip
    radius = np.array([0.01, 0.01])
    assert geo.label_sides(lon, lat, extent, radius=radius, marks=marks) == ["left", ""]
    # Without the marks the first label would go right, over the big mark.
    assert geo.label_sides(lon, lat, extent, radius=radius)[0] == "right"
