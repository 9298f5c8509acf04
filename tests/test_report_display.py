"""Tests for analysis.report.display: escaped, offline-sortable HTML tables."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.report import display
from analysis.report.display import plain_table, sortable_table
from analysis.report.html import REMOTE_RESOURCE


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
    from analysis.spec import words

    chart = display.interactive_chart(facts, "arrests")
    page = chart._repr_html_()
    desc = f"{chart.chart_id}-description"
    assert '<figure class="la-chart" data-chart="arrests" aria-label="' in page
    assert f'aria-describedby="{desc}"' in page
    alt = html.escape(words.alt_text(facts, "arrests"))
    assert f'<p id="{desc}" class="la-visually-hidden">{alt}</p>' in page
    assert f'id="{chart.chart_id}"' in page and "window.laFitChart" in page
    assert REMOTE_RESOURCE.search(page) is None and "<script src" not in page
    assert chart.figure.layout.width is None and chart.figure.layout.autosize
    with pytest.raises(ParameterError):
        display.interactive_chart(facts, "bars")


def test_the_locator_map_is_an_interactive_chart_with_its_alt_text(facts):
    """Issue 13: the map is in the timeline report, described like the other charts."""
    from analysis.spec import words

    page = display.interactive_chart(facts, "map")._repr_html_()
    assert '<figure class="la-chart" data-chart="map" aria-label="' in page
    assert html.escape(words.alt_text(facts, "map")) in page
    assert REMOTE_RESOURCE.search(page) is None and "<script src" not in page
    assert "topojson" not in page.split("* plotly.js v")[0]  # no geo trace fetching a file


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
