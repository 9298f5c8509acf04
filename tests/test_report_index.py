"""Tests for analysis.report.index: the reports index page, built from the reports' manifests."""

from __future__ import annotations

import json

from analysis.report.index import format_parameters, render_index, write_index


def make_report(reports_dir, name, **manifest):
    folder = reports_dir / name
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<html></html>", encoding="utf-8")
    data = {
        "name": name,
        "title": name.title(),
        "description": "",
        "notebook": "1-timeline-report.ipynb",
        "executed_notebook": "1-timeline-report.ipynb",
        "parameters": {},
        "data_version": "abc123",
        "generated_at": "2026-11-23T10:00:00+00:00",
        "charts": [],
    }
    data.update(manifest)
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")


def test_index_links_reports_with_parameters_data_version_and_time(tmp_path):
    make_report(
        tmp_path,
        "june",
        title="June <raids> & more",
        parameters={"start_date": "2025-06-01", "cities": ["Los Angeles"]},
        charts=["charts/a.png"],
    )
    page = render_index(tmp_path, [("june", "June"), ("missing", "Not yet")])
    assert '<a href="june/index.html"><strong>June &lt;raids&gt; &amp; more</strong></a>' in page
    assert "start_date: &quot;2025-06-01&quot;" in page
    assert "cities: [&quot;Los Angeles&quot;]" in page
    assert "<code>abc123</code>" in page
    assert "2026-11-23 10:00:00" in page
    assert 'href="june/charts/"' not in page  # never a bare folder
    assert "1 chart export file(s) in <code>june/charts/</code>" in page
    assert "Not yet" in page and "not generated yet" in page
    assert "http" not in page.split("<body>")[0]  # nothing remote in the head


def test_index_flags_a_failed_run_and_lists_ad_hoc_reports(tmp_path):
    make_report(tmp_path, "timeline")
    make_report(tmp_path, "my-custom-run")
    (tmp_path / "_failed").mkdir()
    (tmp_path / "_failed" / "timeline.ipynb").write_text("{}", encoding="utf-8")
    page = render_index(tmp_path, [("timeline", "Timeline")])
    assert "Last run failed" in page and 'href="_failed/timeline.ipynb"' in page
    assert 'href="my-custom-run/index.html"' in page


def test_write_index_only_rewrites_on_change(tmp_path):
    make_report(tmp_path, "a")
    path = write_index(tmp_path, [("a", "A")])
    mtime = path.stat().st_mtime_ns
    write_index(tmp_path, [("a", "A")])
    assert path.stat().st_mtime_ns == mtime


def test_format_parameters():
    assert format_parameters({}) == "(notebook defaults)"
    assert format_parameters({"b": None, "a": [1, 2]}) == "b: null\na: [1, 2]"


def test_index_links_each_reports_chart_page_and_fits_a_phone(tmp_path):
    """Issue 11: the index linked a bare folder and was 649 px wide on a 390-px phone."""
    make_report(
        tmp_path,
        "timeline",
        charts=[
            "charts/chronology.html",
            "charts/chronology.md",
            "charts/combined-640.png",
            "charts/crowd-640.png",
            "charts/index.html",
        ],
    )
    page = render_index(tmp_path, [("timeline", "Timeline")])
    assert '<a href="timeline/charts/index.html">Charts for articles' in page
    assert "(2 chart images)" in page
    assert '<a href="timeline/charts/chronology.html">Chronology</a>' in page
    assert 'name="viewport"' in page and "@media (max-width: 720px)" in page
    # for readers: the report and when it was updated; how it was made is tucked away
    assert '<td data-label="Last updated">23 Nov 2026</td>' in page
    assert '<details class="how"><summary>How it was made</summary>' in page
    assert "<dt>Data version</dt><dd><code>abc123</code>" in page
    assert "<main>" in page and "<header>" in page


def test_a_report_whose_charts_are_sentences_is_not_offered_as_zero_chart_images(tmp_path):
    """February 2025 draws no chart: the index offered its charts as "(0 chart images)"."""
    make_report(tmp_path, "february", charts=["charts/chronology.html", "charts/index.html"])
    page = render_index(tmp_path, [("february", "February")])
    assert "0 chart images" not in page and "Charts for articles" not in page
    assert '<a href="february/charts/index.html">The TimelineJS sheet and why no chart' in page


def test_index_shows_a_reports_min_reliability_with_its_other_parameters(tmp_path):
    """Issue 11: a catalogue entry that leaves out weak sources says so on the index."""
    make_report(tmp_path, "strong", parameters={"min_reliability": "medium"})
    page = render_index(tmp_path, [("strong", "Strong")])
    assert "min_reliability: &quot;medium&quot;" in page


def test_the_index_is_reader_copy_with_the_technical_details_tucked_away(tmp_path):
    """Editor review: the index's columns were "Parameters", "Notebook", "Data version" and its
    footer a command; readers get plain words, the rest is in "How it was made" notes."""
    import re

    make_report(tmp_path, "june", parameters={"start_date": "2025-06-01"})
    page = render_index(tmp_path, [("june", "June")])
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page)
    assert headers == ["Report", "Last updated"]
    visible = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    visible = re.sub(r"<style>.*?</style>", "", visible, flags=re.S)
    for jargon in ("Parameters", "Notebook", "Data version", "Regenerate", "start_date", ".ipynb"):
        assert jargon not in visible, jargon
    assert "start_date" in page and "Regenerate" in page  # still there, in the notes
