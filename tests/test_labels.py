"""Chart labels come from the data, with a fallback only where a row has none (issue 11)."""

from __future__ import annotations

import pandas as pd

from analysis.data.labels import chart_label, chart_labels, default_label


def test_chart_label_prefers_the_curated_label() -> None:
    row = {"label": "DHS calls protesters rioters", "title": "DHS says 1,000 'rioters' ..."}
    assert chart_label(row) == "DHS calls protesters rioters"
    assert chart_label({"label": "  City   Hall rally ", "title": "x"}) == "City Hall rally"


def test_chart_label_falls_back_on_the_title_or_a_given_function() -> None:
    row = {"label": pd.NA, "title": "Trump tells DHS to stay out of city protests unless asked"}
    fallback = default_label(row)
    assert len(fallback) <= 32 and fallback.endswith("…")
    assert chart_label(row) == fallback
    assert chart_label({"label": " ", "title": "t"}, lambda r: "made") == "made"


def test_chart_labels_calls_the_fallback_only_for_rows_without_a_label() -> None:
    events = pd.DataFrame(
        {
            "label": pd.array(["Torrance rally", None, ""], dtype="string"),
            "title": ["ICE OUT rally at Del Amo", "Mayor Bass condemns the raids", "Untitled"],
        },
        index=["a", "b", "c"],
    )
    called = []

    def fallback(row):
        called.append(row["title"])
        return f"fallback {row['title']}"

    labels = chart_labels(events, fallback)
    assert labels.tolist() == [
        "Torrance rally",
        "fallback Mayor Bass condemns the raids",
        "fallback Untitled",
    ]
    assert list(labels.index) == ["a", "b", "c"]
    assert called == ["Mayor Bass condemns the raids", "Untitled"]
    assert chart_labels(events.drop(columns="label")).tolist()[0] == "ICE OUT rally at Del Amo"


def test_the_curated_data_needs_no_fallback() -> None:
    from analysis.data.load import load_events

    events = load_events()
    labels = chart_labels(events, lambda row: (_ for _ in ()).throw(AssertionError(row)))
    assert labels.notna().all()


def test_every_response_type_and_status_has_a_readers_label():
    """Issue 17: report tables and data files write the dictionary's codes in a reader's words."""
    from analysis.data import schema
    from analysis.data.labels import (
        RESPONSE_TYPE_LABELS,
        UNCOUNTED_RESPONSE_TYPES,
        response_type_label,
        status_label,
    )

    assert set(RESPONSE_TYPE_LABELS) == set(schema.RESPONSE_TYPES)
    assert set(UNCOUNTED_RESPONSE_TYPES) <= set(schema.RESPONSE_TYPES)
    for code in schema.RESPONSE_TYPES:
        label = response_type_label(code)
        assert label[0].isupper() and "_" not in label and label != code
    assert response_type_label("ignore") == "No immediate comment"
    assert response_type_label(None) == ""
    assert {status_label(s) for s in schema.STATUS} == {"Happened", "Announced only"}
