"""Hover boxes wrapped to fit a phone (analysis.charts.hover), markup and words kept."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from analysis.charts.hover import HOVER_CHARS, wrap_hover, wrap_line, wrap_text


def visible(line: str) -> str:
    """A line as a reader sees it: tags dropped, each entity one character."""
    return re.sub(r"&#?\w+;", "_", re.sub(r"<[^>]*>", "", line))


def words_of(text: str) -> list[str]:
    return visible(re.sub(r"<br>", " ", text)).replace("_", " ").split()


HOVER = (
    "<b>Crowd at Los Angeles City Hall grows to 2,500 people by the afternoon</b><br>"
    "31 Jan 2026<br>Crowd: <b>2,500</b> (range 2,000–2,500)<br>"
    "&nbsp;&nbsp;“thousands of people marched through downtown Los Angeles on Saturday "
    "afternoon” (Southern California News Group)<br>"
    "<span style='font-size:11px'>Counted by the organisers &amp; confirmed by the LAPD in a "
    "statement the next morning.</span>"
)


@pytest.mark.parametrize("width", [20, 30, HOVER_CHARS])
def test_no_line_is_longer_than_the_width_and_no_word_is_lost(width):
    wrapped = wrap_text(HOVER, width)
    assert all(len(visible(line)) <= width for line in wrapped.split("<br>"))
    assert words_of(wrapped) == words_of(HOVER)


def test_tags_open_at_a_break_are_closed_and_reopened():
    wrapped = wrap_line("<b>Crowd at LA City Hall grows to 2,500</b>", 20)
    assert wrapped == "<b>Crowd at LA City</b><br><b>Hall grows to 2,500</b>"
    span = wrap_line("<span style='font-size:11px'>one two three four</span>", 9)
    for line in span.split("<br>"):
        assert line.startswith("<span style='font-size:11px'>") and line.endswith("</span>")


def test_indent_is_kept_and_entities_count_as_one_character():
    wrapped = wrap_line("&nbsp;&nbsp;alpha beta gamma delta", 14)
    assert wrapped == "&nbsp;&nbsp;alpha beta<br>&nbsp;&nbsp;gamma delta"
    assert wrap_line("a &amp; b", 5) == "a &amp; b"


def test_a_short_text_is_unchanged_and_a_long_word_is_cut():
    assert wrap_text("<b>25</b><br>Source: Al Jazeera", 40) == "<b>25</b><br>Source: Al Jazeera"
    assert wrap_line("x" * 25, 10) == "xxxxxxxxxx<br>xxxxxxxxxx<br>xxxxx"


def test_wrap_hover_wraps_every_traces_hover_text_and_leaves_templates():
    fig = go.Figure(
        [
            go.Scatter(
                x=[1, 2],
                y=[1, 2],
                hovertext=[HOVER, "short"],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            go.Scatter(x=[1], y=[1], hovertext="one " * 30),
        ]
    )
    wrap_hover(fig)
    first, second = fig.data
    assert first.hovertemplate == "%{hovertext}<extra></extra>"
    assert first.hovertext[1] == "short"
    for text in (*first.hovertext, second.hovertext):
        assert all(len(visible(line)) <= HOVER_CHARS for line in text.split("<br>"))
