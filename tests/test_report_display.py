"""Tests for analysis.report.display: escaped, offline-sortable HTML tables."""

from __future__ import annotations

import pandas as pd

from analysis.report.display import sortable_table


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
