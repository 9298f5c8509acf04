"""The chart page of a report (analysis.publish.chartpage): charts, data, TimelineJS, links."""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd
import pytest
from chart_fixtures import HOSTILE, hostile, load_pair

from analysis.charts import chartdata
from analysis.data import schema
from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.publish.articles import ARTICLE_CHARTS
from analysis.publish.chartpage import (
    OWNED_FILE,
    PAGE_FILE,
    TIMELINE_FILE,
    check_folder,
    export_chart_page,
    png_size,
)
from analysis.spec import words

pytestmark = pytest.mark.slow  # draws and exports four charts at two widths

FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The chart page of the tiny dataset with hostile text everywhere, written once."""
    from conftest import _EVENTS, _PLACES, _SOURCES, write_csv

    folder = tmp_path_factory.mktemp("tiny")
    write_csv(folder / "sources.csv", schema.SOURCE_COLUMNS, _SOURCES)
    write_csv(folder / "places.csv", schema.PLACE_COLUMNS, _PLACES)
    events_csv = write_csv(folder / "events.csv", schema.EVENT_COLUMNS, _EVENTS)
    events, sources = hostile(*load_pair(events_csv))
    events = events.copy()
    rally = events["title"].str.contains("Crowd at City Hall").fillna(False).to_numpy(bool)
    events.loc[rally, "title"] = FORMULA
    facts = build_facts(events, sources=sources)
    out = tmp_path_factory.mktemp("report") / "charts"
    written = export_chart_page(
        facts, out, title=f"Report {HOSTILE}", links=[("../index.html", "The report")]
    )
    return facts, out, written


def hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'(?:href|src)="([^"]*)"', text)]


def test_every_chart_has_its_files_data_and_section(page):
    _facts, out, written = page
    text = written.path.read_text(encoding="utf-8")
    assert written.path == out / PAGE_FILE
    assert [c.name for c in written.charts] == list(ARTICLE_CHARTS)
    for chart in ARTICLE_CHARTS:
        assert f'id="{chart}"' in text
        assert f'href="{chart}-data.csv"' in text
        for name in (f"{chart}-640.png", f"{chart}-1280.svg", f"{chart}-640.pdf", f"{chart}.txt"):
            assert f'href="{name}"' in text
        assert f'<img src="{chart}-640.png" alt="' in text
    assert f'href="{TIMELINE_FILE}"' in text and (out / TIMELINE_FILE).is_file()
    links = [h for h in hrefs(text) if not h.startswith("#")]
    assert all((out / h).is_file() for h in links if not h.startswith("../")), links
    assert "../index.html" in links  # the navigation given


def test_a_charts_words_are_printed_once_in_its_image_and_kept_as_text_in_a_fold(page):
    """Issue 17, point 7: the preview carries the headline, subtitle, source and notes; the page
    printed them again around it. Outside the fold, no chart's headline or notes are text."""
    facts, _out, written = page
    text = written.path.read_text(encoding="utf-8")
    visible = re.sub(r"<details>.*?</details>", "", text, flags=re.S)
    folds = re.findall(r"<details><summary>The chart's words.*?</details>", text, flags=re.S)
    assert len(folds) == len(written.charts)
    for chart, fold in zip(written.charts, folds, strict=True):
        for line in (chart.title, chart.subtitle, words.source_line(facts, chart.name)):
            assert html.escape(line) not in visible, line
            assert html.escape(line) in fold
        assert html.escape(chart.alt_text) in fold


def test_the_chronology_is_written_beside_the_charts_escaped_and_linked(page):
    _facts, out, written = page
    text = written.path.read_text(encoding="utf-8")
    assert 'href="chronology.html"' in text and 'href="chronology.md"' in text
    story = (out / "chronology.html").read_text(encoding="utf-8")
    assert HOSTILE not in story and html.escape(HOSTILE) in story and "<script" not in story
    assert 'href="../index.html"' in story and 'href="index.html"' in story  # back links
    assert (out / "chronology.md").read_text(encoding="utf-8").startswith("# Report ")
    assert {out / "chronology.html", out / "chronology.md"} <= set(written.files)


def test_previews_are_the_640_px_pngs_at_their_css_size(page):
    _, out, written = page
    text = written.path.read_text(encoding="utf-8")
    width, height = png_size(out / "crowd-640.png")
    assert 'src="crowd-640.png" alt="' in text
    assert f'width="{width // 2}" height="{height // 2}"' in text  # drawn at 2x pixel density


def test_each_chart_links_its_phone_png_and_shows_it_on_a_narrow_screen(page):
    _, out, written = page
    text = written.path.read_text(encoding="utf-8")
    for chart in ARTICLE_CHARTS:
        assert (out / f"{chart}-phone-390.png").is_file()
        assert (out / f"{chart}-phone-390.svg").is_file()  # editable like the article sizes
        assert f'href="{chart}-phone-390.png" download>PNG 390 px (phone)</a>' in text
        width, height = png_size(out / f"{chart}-phone-390.png")
        assert (
            f'<source media="(max-width: 639px)" srcset="{chart}-phone-390.png" '
            f'width="{width // 2}" height="{height // 2}">'
        ) in text
    assert "map" in ARTICLE_CHARTS and "Locator map" in text
    assert "one per place the map marks, with its coordinates" in text


def test_the_page_is_offline_escaped_and_accessible_markup(page):
    _, _, written = page
    text = written.path.read_text(encoding="utf-8")
    assert HOSTILE not in text and html.escape(HOSTILE) in text
    assert "<script" not in text and "http" not in text.split("<body>")[0]
    assert '<html lang="en">' in text and "<main>" in text and 'name="viewport"' in text
    for chart in written.charts:
        assert f'alt="{html.escape(chart.alt_text, quote=True)}"' in text


def test_each_csv_holds_the_charts_data_with_formula_cells_neutralised(page):
    facts, out, _written = page
    for chart in ARTICLE_CHARTS:
        with (out / f"{chart}-data.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        frame = chartdata.chart_data(facts, chart)
        assert len(rows) == len(frame) and list(rows[0]) == list(frame.columns)
        # readers' words, not codes (the page's "What the data columns mean" explains them)
        for row in rows:
            assert row.get("kind", "") in {"", *chartdata.KIND_WORDS.values()}, row
            assert row.get("status", "") in {"", "Happened", "Announced only"}, row
            for column in chartdata.YES_NO_COLUMNS:
                assert row.get(column, "") in {"", "yes", "no"}, row
        cells = [v for row in rows for v in row.values()]
        assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
        assert not [c for c in cells if c.startswith("-") and not re.fullmatch(r"-[\d.]+", c)]
    with (out / "crowd-data.csv").open(encoding="utf-8", newline="") as handle:
        titles = {row["event"] for row in csv.DictReader(handle)}
    assert "'" + FORMULA in titles  # written as text, shown without the quote


def test_a_folder_holding_someone_elses_files_is_refused_before_writing(tmp_path, page):
    facts, _, _ = page
    out = tmp_path / "charts"
    out.mkdir()
    (out / PAGE_FILE).write_text("my own page", encoding="utf-8")
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ParameterError, match="was not written by the chart page"):
        export_chart_page(facts, out, title="x")
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.md"]
    assert (out / PAGE_FILE).read_text(encoding="utf-8") == "my own page"
    (out / PAGE_FILE).unlink()
    (out / "crowd-640.png").write_bytes(b"not ours")
    with pytest.raises(ParameterError):
        check_folder(out)
    (out / "crowd-640.png").unlink()
    (out / "map-phone-390.png").write_bytes(b"not ours")
    with pytest.raises(ParameterError):
        check_folder(out)


def test_a_rerun_replaces_its_own_files_and_keeps_others(page):
    facts, out, _written = page
    (out / "notes.md").write_text("mine", encoding="utf-8")
    again = export_chart_page(facts, out, title="Again")
    assert "Again" in again.path.read_text(encoding="utf-8")
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    owned = (out / OWNED_FILE).read_text(encoding="utf-8")
    assert all(p.name in owned for p in again.files)
    assert all(f"{c}-phone.txt" in owned for c in ARTICLE_CHARTS)  # the phone alt texts too
    (out / "notes.md").unlink()


def test_chart_data_of_a_binned_panel_is_one_row_per_drawn_day(tmp_path):
    from chart_fixtures import generated_pair

    events, sources = generated_pair(6000, tmp_path)
    facts = build_facts(events, sources=sources)
    assert facts.crowd.binning.binned
    data = chartdata.chart_data(facts, "crowd")
    bins = facts.crowd.bins
    unknown = facts.crowd.unknown_bins
    assert (data["kind"] == "count").sum() == len(bins)
    assert (data["kind"] == "unknown").sum() == len(unknown)
    known = data[data["kind"] == "count"]
    assert list(known["n"]) == list(bins["n"]) and list(known["value"]) == list(bins["value"])
    responses = chartdata.chart_data(facts, "responses")
    if facts.responses.binning.binned:
        assert len(responses) == len(facts.responses.bins)
    assert isinstance(responses, pd.DataFrame)


def test_a_chart_with_nothing_to_show_is_a_sentence_and_a_rerun_follows_the_data(tmp_path, page):
    """Issue 17: a chart whose marks stand at one position writes no file; its section holds
    its sentence. When the data grow the rerun writes it; when they shrink again the rerun
    removes the files it wrote for it (only those), and its list of files stays right."""
    from analysis.spec import showing

    facts, _, _ = page
    events = facts.rows
    one_day = ("2026-01-31-los-angeles-city-hall-rally", "2026-01-31-long-beach-vigil")
    small = build_facts(events[events["event_id"].isin(one_day)], sources=facts.sources)
    told = [c for c in ARTICLE_CHARTS if not showing.shows(small, c)]
    assert told == ["combined", "crowd", "arrests", "responses"]  # the map has two places
    out = tmp_path / "charts"
    written = export_chart_page(small, out, title="Small")
    assert [c.name for c in written.charts] == ["map"]
    assert set(written.sentences) == set(told)
    names = {p.name for p in out.iterdir()}
    for chart in told:
        assert not [n for n in names if n.split("-")[0].split(".")[0] == chart], chart
    text = written.path.read_text(encoding="utf-8")
    for chart in told:
        section = text.split(f'<section id="{chart}"')[1].split("</section>")[0]
        assert f'<p class="no-chart">{html.escape(showing.sentence(small, chart))}</p>' in section
        assert "<img" not in section and "download" not in section
    assert html.escape(showing.sentence(small, "crowd")).startswith("The largest reported crowd")
    assert "is not drawn: a sentence says what it would show" in text
    assert '<a href="#crowd">' in text  # still in the page's contents

    (out / "notes.md").write_text("mine", encoding="utf-8")
    grown = export_chart_page(facts, out, title="Grown")  # the data grow: every chart drawn
    assert [c.name for c in grown.charts] == list(ARTICLE_CHARTS) and not grown.sentences
    assert (out / "crowd-640.png").is_file() and (out / "crowd-data.csv").is_file()
    assert 'class="no-chart"' not in grown.path.read_text(encoding="utf-8")

    again = export_chart_page(small, out, title="Small again")  # and shrink
    names = {p.name for p in out.iterdir()}
    assert not (out / "crowd-640.png").exists() and not (out / "crowd-data.csv").exists()
    assert "map-640.png" in names and (out / "notes.md").read_text(encoding="utf-8") == "mine"
    owned = json.loads((out / OWNED_FILE).read_text(encoding="utf-8"))["files"]
    assert not [n for n in owned if n.startswith("crowd")]
    assert set(owned) >= {p.name for p in again.files}
    assert all((out / n).is_file() for n in owned if n != OWNED_FILE)
    check_folder(out)  # the folder is still the chart page's own
