"""The benchmark generator (benchmarks/generate.py) writes valid, varied, deterministic data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis.data import schema
from analysis.data.load import load_events
from analysis.data.validate import validate_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import generate_dataset


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(200, tmp_path_factory.mktemp("bench"), seed=3)


def test_output_passes_validation(generated: Path) -> None:
    data = validate_dataset(
        generated, generated.parent / "sources.csv", generated.parent / "places.csv"
    )
    assert len(data.events) == 200


def test_output_has_the_realistic_mix(generated: Path) -> None:
    events = load_events(
        generated,
        sources_path=generated.parent / "sources.csv",
        places_path=generated.parent / "places.csv",
    )
    assert events["event_type"].nunique() >= 10
    assert events["city"].nunique() >= 5
    assert events["date"].dt.year.nunique() >= 3
    assert events["date"].is_monotonic_increasing
    assert set(events["date_precision"].dropna()) >= {"day", "week"}
    assert events["crowd_low"].notna().any() and events["crowd_low"].isna().any()
    assert events["crowd_high"].isna().sum() > events["crowd_low"].isna().sum()  # open-ended
    disputed = events[events["disputed"]]
    assert len(disputed) >= 4
    assert (disputed.groupby("dispute_group")["date"].agg(["size", "nunique"]) == [2, 1]).all(
        axis=None
    )
    named = events["crowd_estimator"].notna()
    assert named.any() and events.loc[named, "crowd_low"].notna().all()
    assert set(events.loc[named, "crowd_estimate_by"]) <= {
        "police",
        "organizers",
        "officials",
        "advocates",
    }
    by_officials = events["crowd_estimate_by"] == "officials"
    assert events.loc[by_officials, "crowd_estimator"].notna().all()  # a claim names its claimant
    responses = events[events["event_type"].isin(sorted(schema.RESPONSE_EVENT_TYPES))]
    assert len(responses) and responses["response_level"].notna().all()
    prefixes = events["event_id"].str.slice(0, 10)
    assert (prefixes == events["date"].dt.strftime("%Y-%m-%d")).all()
    # Issues 11 and 13: labels on most rows (charts fall back on the others), coded columns.
    labelled = events["label"].notna()
    assert 0.5 < labelled.mean() < 1 and (events.loc[labelled, "label"].str.len() <= 32).all()
    protests = events["event_type"].isin(sorted(schema.PROTEST_EVENT_TYPES))
    assert events.loc[protests, "claims"].notna().any()
    assert events.loc[~protests, "claims"].isna().all()
    clashes = events["event_type"] == "clash"
    for column in ("participant_measures", "property_damage", "injuries_crowd"):
        assert events.loc[clashes, column].notna().any(), column


def test_same_seed_same_bytes(tmp_path: Path, generated: Path) -> None:
    again = generate_dataset(200, tmp_path / "again", seed=3)
    for name in ("events.csv", "sources.csv", "places.csv"):
        assert (again.parent / name).read_bytes() == (generated.parent / name).read_bytes()
    other = generate_dataset(200, tmp_path / "other", seed=4)
    assert other.read_bytes() != generated.read_bytes()


@pytest.mark.parametrize("n_rows", [1, 2, 51])
def test_tiny_sizes_are_valid(tmp_path: Path, n_rows: int) -> None:
    events = generate_dataset(n_rows, tmp_path, seed=n_rows)
    data = validate_dataset(events, tmp_path / "sources.csv", tmp_path / "places.csv")
    assert len(data.events) == n_rows


def test_interactive_charts_bin_many_events_by_day(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above MAX_MARKS a panel draws one mark per day (bounded HTML) and says so on the chart."""
    from analysis.charts import interactive as ci
    from analysis.data.load import load_sources
    from analysis.prep import marks as marks_module

    events = load_events(
        generated,
        sources_path=generated.parent / "sources.csv",
        places_path=generated.parent / "places.csv",
    )
    sources = load_sources(generated.parent / "sources.csv")
    monkeypatch.setattr(marks_module, "MAX_MARKS", 10)
    days = events["date"].nunique()
    for chart in (ci.crowd_plotly, ci.responses_plotly, ci.arrests_plotly, ci.combined_plotly):
        fig = chart(events, sources=sources, panel_scopes=None)
        notes = [a.text for a in fig.layout.annotations if "binned by day" in (a.text or "")]
        assert notes, f"{chart.__name__} has no 'binned by day' note"
        for trace in fig.data:
            assert len(trace.x) <= days, f"{chart.__name__}: {trace.name} has a mark per event"
