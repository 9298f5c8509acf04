"""At scale the responses panel is binned by day and level: the bins count responses made only.

Issue 17 copy. Before: a bin counted every mark of its day and level, so a response resting on
low-reliability sources only ("weak") and an arrest quota were counted in the bins' sizes,
their hover ("28 federal responses"), the chart's "Get the data" rows and its notes line
("1,829 responses binned by day" where 1,722 responses are counted), and the notes said they
were "drawn" where no mark drew them.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from chart_fixtures import generated_pair

from analysis.charts import tables
from analysis.charts.chartdata import chart_data
from analysis.data.load import Dataset
from analysis.prep.facts import build_facts
from analysis.spec import alt, words
from analysis.spec.responses import responses_spec


@pytest.fixture(scope="module")
def binned(tmp_path_factory):
    """12,000 generated events: about 1,800 responses, over the 1,500 marks drawn one by one,
    with quotas and responses resting on low-reliability sources only among them."""
    events, sources = generated_pair(12_000, tmp_path_factory.mktemp("binned"), seed=0)
    facts = build_facts(Dataset(events, sources, pd.DataFrame()))
    marks = facts.responses.marks
    assert facts.responses.binning.binned
    assert (
        (~marks["counted"]).sum() > 50 and marks["weak"].any() and (marks["kind"] == "quota").any()
    )
    return facts


def test_each_bin_counts_the_responses_made_that_day_at_that_level(binned):
    marks = binned.responses.marks
    counted = marks[marks["counted"].to_numpy(bool)]
    expected = counted.groupby([counted["x"].dt.normalize(), "response_level"]).size()
    bins = binned.responses.bins.set_index(["date", "response_level"])["n"]
    assert bins.sum() == binned.counts.responses == len(counted) < len(marks)
    pd.testing.assert_series_equal(
        bins.sort_index(), expected.rename("n").rename_axis(["date", "response_level"]).sort_index()
    )


def test_the_binned_charts_words_and_hover_count_counted_responses(binned):
    n = binned.counts.responses
    assert words.binned_note(binned, "responses") == (
        f"{n:,} responses binned by day (mark size: count)"
    )
    spec = responses_spec(binned)
    (layer,) = [lay for lay in spec.layers if lay.name == "bins"]
    said = [
        int(re.search(r": ([\d,]+) ", h[0].text).group(1).replace(",", ""))
        for h in layer.rows["hover"]
    ]
    assert sum(said) == n
    notes = spec.words.notes
    assert "Not counted as responses and not drawn:" in notes
    assert "pale hexagon" not in notes  # the bins draw no announced response apart
    text = alt.alt_text(binned, "responses")
    assert "Not drawn or counted as responses:" in text and "Also drawn" not in text
    summary = tables.overview(binned).set_index("topic")["text"]["Official responses"]
    assert "on the chart" not in summary and "Also reported, not counted" in summary


def test_get_the_data_rows_of_bins_count_and_list_counted_responses_only(binned):
    data = chart_data(binned, "responses")
    rows = data[data["mark"] == "responses of the day (binned)"]
    assert rows["n"].astype(int).sum() == binned.counts.responses
    uncounted = binned.responses.marks.index[~binned.responses.marks["counted"].to_numpy(bool)]
    listed = {i for ids in rows["event_ids"].dropna() for i in str(ids).split(";") if i}
    counted = binned.responses.marks.index[binned.responses.marks["counted"].to_numpy(bool)]
    assert listed and listed <= set(ids(binned, counted))
    assert not listed & set(ids(binned, uncounted))


def ids(facts, keys) -> set[str]:
    """The row ids (``event_ids``, ";"-separated for merged rows) of the events ``keys``."""
    return {i for cell in facts.events.loc[keys, "event_ids"].astype(str) for i in cell.split(";")}
