"""Tests for analysis.report.display: escaped, offline-sortable HTML tables."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from analysis.charts import tables
from analysis.errors import ParameterError
from analysis.report import display
from analysis.report.display import plain_table, sortable_table
from analysis.report.html import REMOTE_RESOURCE
from analysis.spec.alt import alt_text


def test_table_escapes_csv_text_and_links_only_http_urls():
    frame = pd.DataFrame(
        {
            "title": ['<script>alert("x")</script> & co', "Plain", "JS link"],
            "url": ["https://example.org/a?b=1&c=2", None, "javascript:alert(1)"],
            "crowd": [2000, None, 80],
        }
    )
    page = sortable_table(
        frame, columns={"title": "Event", "crowd": "Crowd"}, links={"title": "url"}
    )._repr_html_()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert "javascript:alert" not in page
    assert '<td class="num" data-sort="2000">2,000</td>' in page
    assert '<td class="num" data-sort=""></td>' in page  # missing is empty, not 0
    assert "<th" in page and "Event" in page and "url" not in page.split("<tbody>")[0]
    assert "window.__laSortable" in page  # the inline sorter, no CDN
    assert "src=" not in page


def test_sort_keys_and_dates():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-06-07", "2026-01-31"]),
            "crowd": ["200–999", "2,000+"],
            "mid": [599.5, 2000],
        }
    )
    table = sortable_table(frame, columns=["date", "crowd"], sort_keys={"crowd": "mid"})
    page = table._repr_html_()
    assert 'data-sort="2025-06-07">2025-06-07</td>' in page
    assert 'data-sort="599.5">200–999</td>' in page


def test_a_table_scrolls_in_a_labelled_box_a_keyboard_can_reach():
    frame = pd.DataFrame({"a": [1], "b": ["x"]})
    page = sortable_table(frame, caption="Rows per <city>")._repr_html_()
    assert (
        '<div class="la-table-wrap" role="region" aria-label="Rows per &lt;city&gt;" '
        'tabindex="0">' in page
    )
    plain = plain_table(frame)._repr_html_()
    assert 'aria-label="Table: a, b"' in plain and 'tabindex="0"' in plain


def test_a_wide_table_becomes_cards_on_a_phone_naming_each_column():
    frame = pd.DataFrame({c: ["v"] for c in ("Date", "Type", 'Say "hi" </style>', "Crowd")})
    table = sortable_table(frame)
    page = table._repr_html_()
    assert 'class="la-table-wrap la-cards"' in page
    assert f'#{table.table_id} td:nth-child(1):not(:empty)::before {{ content: "Date: "; }}' in page
    assert page.count("</style>") == 1  # a header cannot close the style sheet
    assert r'content: "Say \22 hi\22  \3c \2f style\3e : "' in page
    narrow = sortable_table(frame[["Date", "Type"]])._repr_html_()
    assert 'class="la-table-wrap la-cards"' not in narrow


@pytest.fixture(scope="module")
def facts():
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    return build_facts(load_dataset(), start="2026-01-29", end="2026-02-01")


def test_an_interactive_chart_is_a_figure_described_by_its_alt_text(facts):

    # The weekend's responses (its one arrest figure is a sentence: February 2026's "about
    # 25" detained is dated only to the month, so it is kept apart).
    chart = display.interactive_chart(facts, "responses")
    page = chart._repr_html_()
    desc = f"{chart.chart_id}-description"
    assert '<figure class="la-chart" data-chart="responses" aria-label="' in page
    assert f'aria-describedby="{desc}"' in page
    alt = html.escape(alt_text(facts, "responses"))
    assert f'<p id="{desc}" class="la-visually-hidden">{alt}</p>' in page
    assert f'id="{chart.chart_id}"' in page and "window.laFitChart" in page
    assert REMOTE_RESOURCE.search(page) is None and "<script src" not in page
    assert chart.figure.layout.width is None and chart.figure.layout.autosize
    with pytest.raises(ParameterError):
        display.interactive_chart(facts, "bars")


def test_the_locator_map_is_an_interactive_chart_with_its_alt_text(facts):
    """Issue 13: the map is in the timeline report, described like the other charts."""

    page = display.interactive_chart(facts, "map")._repr_html_()
    assert '<figure class="la-chart" data-chart="map" aria-label="' in page
    assert html.escape(alt_text(facts, "map")) in page
    assert REMOTE_RESOURCE.search(page) is None and "<script src" not in page
    assert "topojson" not in page.split("* plotly.js v")[0]  # no geo trace fetching a file


def test_a_chart_with_nothing_to_show_is_its_sentence_escaped_not_a_figure(monkeypatch):
    """Issue 17: February 2025 has one demonstration and one place; its crowd chart and map
    are a sentence each (the chart's finding and why no chart is drawn), and so is its
    combined chart, whose panels have nothing to compare either (editor review: it was drawn
    with a single crowd mark). The sentence is escaped, and showing it inlines no plotly.js."""
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts
    from analysis.spec import showing

    monkeypatch.setitem(display._PLOTLYJS, "inlined", False)
    february = build_facts(load_dataset(), start="2025-02-01", end="2025-02-28")
    for chart in ("combined", "crowd", "arrests", "responses", "map"):
        shown = display.interactive_chart(february, chart)
        assert isinstance(shown, display.Note) and shown.chart == chart
        assert shown.text == showing.sentence(february, chart) and shown.text.endswith("drawn.")
        page = shown._repr_html_()
        assert page.startswith(
            f'<p class="la-note la-chart-sentence" data-chart="{chart}">'
            f"{html.escape(shown.text)}</p>"
        )
        assert "plotly" not in page.lower() and "<script" not in page
    assert not display._PLOTLYJS["inlined"]  # the first figure shown still brings plotly.js
    combined = display.interactive_chart(build_facts(load_dataset()), "combined")
    assert isinstance(combined, display.InteractiveChart) and combined.include_plotlyjs
    hostile = display.Note("<b>x</b> & y", chart="crowd")._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in hostile and "<b>" not in hostile


def test_plotly_js_is_inlined_once_per_kernel(facts, monkeypatch):
    monkeypatch.setitem(display._PLOTLYJS, "inlined", False)
    first = display.interactive_chart(facts, "crowd")._repr_html_()
    second = display.interactive_chart(facts, "responses")._repr_html_()
    assert "* plotly.js v" in first and "* plotly.js v" not in second
    assert len(second) < 1_000_000


def test_hover_boxes_of_a_report_chart_fit_a_phone(facts):
    from analysis.charts.hover import HOVER_CHARS

    fig = display.interactive_chart(facts, "combined").figure
    for trace in fig.data:
        texts = trace.hovertext if isinstance(trace.hovertext, tuple) else (trace.hovertext,)
        for text in texts:
            for line in (text or "").split("<br>"):
                shown = re.sub(r"&#?\w+;", "_", re.sub(r"<[^>]*>", "", line))
                assert len(shown) <= HOVER_CHARS, line


# --- Paged tables: a page at a time, the rest as data, the whole table as CSV -----------------


def _rows_data(page: str) -> list:
    import json

    found = re.search(r'<script type="application/json" class="la-rows">(.*?)</script>', page)
    assert found, "no row data"
    return json.loads(found.group(1))


def test_a_long_paged_table_carries_its_first_page_as_html_and_the_rest_as_data():
    from analysis.report.htmltable import INLINE_ROWS

    n = INLINE_ROWS + 50
    frame = pd.DataFrame(
        {
            "title": [f"</script><!-- {i} <b>&amp;" for i in range(n)],
            "crowd": [float(i) if i % 3 else None for i in range(n)],
            "url": ["https://example.org/?a=1&b=2", "javascript:alert(1)"] * (n // 2),
        }
    )
    table = sortable_table(
        frame,
        columns={"title": "Event", "crowd": "Crowd"},
        links={"title": "url"},
        page_size=10,
        download=("charts/events.csv", "Download <all>"),
    )
    page = table._repr_html_()
    assert table.total == n and len(table.rows) == 10 and len(table.data) == n - 10
    assert page.count("<tr>") == 10 + 1  # the header row and the first page
    body = page.split('class="la-rows">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body  # cannot end the script
    data = _rows_data(page)
    assert data[0][0] == ["</script><!-- 10 <b>&amp;", None, "https://example.org/?a=1&b=2"]
    assert data[1][0] == "</script><!-- 11 <b>&amp;"  # javascript: is no link
    assert data[2][1] == ["", ""] and data[1][1] == ["11", "11"]  # missing: empty, sorts last
    assert 'class="la-table la-sortable la-paged"' in page and 'data-page-size="10"' in page
    assert "window.__laPaged" in page and "window.__laSortable" not in page
    assert '<a href="charts/events.csv" download>Download &lt;all&gt;</a>' in page
    assert "The first 10 of 250 rows" in page  # what a reader without JavaScript is told
    assert 'class="la-pager-controls" hidden' in page  # controls appear with the script
    assert REMOTE_RESOURCE.search(page) is None


def test_a_short_paged_table_keeps_every_row_in_the_html():
    frame = pd.DataFrame({"a": range(30)})
    page = sortable_table(frame, page_size=10)._repr_html_()
    assert page.count("<tr>") == 31 and 'class="la-rows"' not in page and 'la-nojs"' not in page
    with pytest.raises(ValueError, match="page_size"):
        sortable_table(frame, page_size=0)


def test_events_listing_writes_every_event_as_a_formula_safe_csv(model, tmp_path):
    import csv

    from analysis.publish.chartpage import EVENTS_FILE, check_folder

    out = tmp_path / "charts"
    table = display.events_listing(model, str(out))
    page = table._repr_html_()
    assert table.page_size == display.EVENTS_PAGE_SIZE
    assert f'href="charts/{EVENTS_FILE}" download' in page
    with (out / EVENTS_FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == table.total == len(model.events)
    assert list(rows[0]) == list(tables.EVENTS_CSV_COLUMNS.values())
    check_folder(out)  # the chart page takes the file as its own
    assert display.events_listing(model, None).download is None


def test_a_large_events_table_keeps_its_page_budget_and_the_csv_every_event(
    model, tmp_path, monkeypatch
):
    """Past EVENTS_PAGE_ROWS events the page holds the most significant ones (the chronology's
    rule), in date order, and says so; the CSV beside it still holds every event."""
    import csv

    from analysis.publish.chartpage import EVENTS_FILE
    from analysis.spec import significance

    budget = 5
    assert len(model.events) > budget
    monkeypatch.setattr(display, "EVENTS_PAGE_ROWS", budget)
    out = tmp_path / "charts"
    table = display.events_listing(model, str(out))
    assert table.total == budget
    kept = significance.rank(model.events) < budget
    titles = tables.events_table(model)["Event"][kept.to_numpy()]
    page = table._repr_html_()
    assert all(html.escape(t, quote=False) in page or t in page for t in titles)
    assert f"holds the {budget} most significant of the {len(model.events)} events" in page
    with (out / EVENTS_FILE).open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(model.events)


def test_events_csv_neutralises_formulas(model, tmp_path):
    from analysis.charts import tables
    from analysis.publish.chartpage import EVENTS_FILE, write_events_csv

    frame = tables.events_csv(tables.events_table(model))
    frame.loc[0, "event"] = '=HYPERLINK("http://x")'
    text = write_events_csv(frame, tmp_path).read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and (tmp_path / EVENTS_FILE).is_file()
    (tmp_path / ".chart-page.json").unlink()
    with pytest.raises(ParameterError, match="not written by the chart page"):
        write_events_csv(frame, tmp_path)  # a file it did not write is left alone


def test_a_charts_reading_guide_is_above_it_only_where_it_is_drawn():
    """Issue 17: "how to read this chart" never stands above the sentence that replaces a
    chart with nothing to show, and a caveat prints only where the selection has one."""
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    dataset = load_dataset()
    february = build_facts(dataset, start="2025-02-01", end="2025-02-28")
    whole = build_facts(dataset)
    guide = display.chart_guide(whole, "crowd")
    drawn = display.interactive_chart(whole, "crowd")._repr_html_()
    assert guide and drawn.startswith(guide) and "One mark per demonstration" in guide
    told = display.interactive_chart(february, "crowd")._repr_html_()
    assert "la-guide" not in told and "One mark per demonstration" not in told
    # the combined chart's caveats: the whole timeline's axis is cut, February's is not
    assert "cut out of the axis" in display.chart_guide(whole, "combined")
    assert whole.axis.broken and not february.axis.broken
    assert "cut out of the axis" not in display.chart_guide(february, "combined")
    claims = "Claims are not counts"
    assert (claims in display.chart_guide(whole, "combined")) == bool(whole.counts.crowd_claims)
    assert claims not in display.chart_guide(february, "combined")
    # the responses' guide names what the lanes show but do not count, as the notes line does
    lanes = display.chart_guide(whole, "responses")
    said = (
        "not counted as a response: 5 reported only by low-reliability sources, 1 'no "
        "immediate comment' and 2 arrest quotas set for ICE."
    )
    assert said in lanes or said.replace("'", "&#x27;") in lanes
    assert "Hollow marks were announced" not in lanes  # the dot means announced
    assert display.chart_guide(whole, "") == ""
    no_guide = display.interactive_chart(whole, "crowd", guide="")._repr_html_()
    assert "la-guide" not in no_guide
    with pytest.raises(ParameterError, match="guide"):
        display.chart_guide(whole, "pie")


def test_the_summary_is_plain_sentences_with_an_about_this_data_line(tiny_dataset):
    """Issue 17: no What/Value printout; provenance in one plain line, not a headline figure."""
    from analysis.prep.facts import build_facts
    from analysis.report.data import load_report_data

    folder = tiny_dataset.parent
    data = load_report_data(tiny_dataset, folder / "sources.csv", folder / "places.csv")
    facts = build_facts(data.dataset, start="2026-01-29", end="2026-02-01")
    page = display.summary(facts, data)._repr_html_()
    assert page.startswith('<ul class="la-summary"><li><strong>Demonstrations.</strong> ')
    about = (
        # the week-dated Bass statement (week of 26 Jan) is kept apart: not within these days
        "About this data: this report is built from 5 of the 11 entries in the project&#x27;s "
        "timeline; reports that disagree about the same event are merged, making 4 events."
    )
    assert f'<p class="la-note la-about">{about}</p>' in page
    for jargon in ("What", "Value", "rows", "selection", "events.csv", "version", "records"):
        assert jargon not in page, jargon
    assert display.about_data(data) == "About this data: 11 entries in the project's timeline."


def test_the_arrests_guide_explains_a_disputed_mark_only_where_there_is_one(model):
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    assert model.disputed_drawn(("arrests",))  # the tiny data's 5-8 arrests
    assert "the mark spans both" in display.chart_guide(model, "arrests")
    whole = build_facts(load_dataset())
    said = "the mark spans both" in display.chart_guide(whole, "arrests")
    assert said == bool(whole.disputed_drawn(("arrests",)))


def test_a_table_with_no_rows_is_a_sentence_when_given_one():
    """An empty table of headers only says nothing to a reader: its sentence stands instead."""
    import pandas as pd

    from analysis.report.htmltable import sortable_table

    frame = pd.DataFrame({"Event": pd.Series([], dtype="string"), "Figure": []})
    page = sortable_table(frame, empty="No two sources <disagree>.")._repr_html_()
    assert page == '<p class="la-note">No two sources &lt;disagree&gt;.</p>'
    assert "<table" in sortable_table(frame)._repr_html_()  # no sentence: the table as before


def test_a_paged_table_counts_its_rows_as_the_caption_does():
    """Editor review: the search status said "of 2,000" where the caption said the page holds
    the 2,000 most significant of 9,800 events. The pager names what a row is and, where the
    page holds part of the selection, counts "the 2,000 on this page"."""
    import pandas as pd

    frame = pd.DataFrame({"Event": [f"Event {i}" for i in range(300)]})
    part = sortable_table(frame, page_size=25, noun=("event", "events"), part=True)._repr_html_()
    assert 'data-noun="event" data-nouns="events" data-part' in part
    assert "The first 25 of the 300 events on this page; the others are shown" in part
    assert 'placeholder="Search every event"' in part
    whole = sortable_table(frame, page_size=25)._repr_html_()
    assert " data-part>" not in whole and "The first 25 of 300 rows;" in whole
