"""The curated data in data/ passes every rule, quotes its sources exactly, and follows the
vague-word rule."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths
from analysis.data.crowd import crowd_range
from analysis.data.load import load_events, load_sources, split_list
from analysis.data.validate import validate_dataset
from analysis.errors import DataValidationError

pytestmark = pytest.mark.skipif(
    not paths.EVENTS_CSV.exists(), reason=f"{paths.EVENTS_CSV} does not exist yet"
)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events(validate=False)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return load_sources(validate=False)


def test_curated_data_is_valid():
    try:
        data = validate_dataset()
    except DataValidationError as err:
        pytest.fail(str(err), pytrace=False)
    assert len(data.events) > 0


def _words(text: str) -> str:
    """Whitespace normalised (runs become one space); nothing else changes, not even quotes."""
    return re.sub(r"\s+", " ", text).strip()


def test_evidence_occurs_in_the_first_sources_saved_text(events, sources):
    if not paths.SEEDS_DIR.is_dir():
        pytest.skip(f"the saved source texts are not here: {paths.SEEDS_DIR}")
    seed_of = dict(zip(sources["source_id"], sources["seed_file"], strict=True))
    failures = []
    for row in events.itertuples():
        first = (split_list(pd.Series([row.source_ids]))[0] or [None])[0]
        seed = seed_of.get(first)
        if pd.isna(seed) or not seed:
            failures.append(f"{row.event_id}: source {first!r} has no seed_file")
            continue
        path = paths.SEEDS_DIR / str(seed)
        if not path.is_file():
            failures.append(f"{row.event_id}: seed file {path} is missing")
            continue
        if _words(str(row.evidence)) not in _words(path.read_text(encoding="utf-8")):
            failures.append(f"{row.event_id}: evidence {row.evidence!r} is not in {path.name}")
    assert not failures, "\n".join(failures)


def _number(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def test_numbers_follow_the_vague_word_rule(events):
    failures = []
    for row in events.itertuples():
        pairs = [
            ("crowd_text", ("crowd_low", "crowd_high")),
            ("figure_text", ("figure_low", "figure_high")),
            ("arrests_text", ("arrests",)),
            ("immigration_arrests_text", ("immigration_arrests",)),
        ]
        for text_column, number_columns in pairs:
            text = getattr(row, text_column)
            if pd.isna(text):
                continue
            expected = crowd_range(str(text))[: len(number_columns)]
            actual = tuple(_number(getattr(row, c)) for c in number_columns)
            if actual != expected:
                failures.append(f"{row.event_id}: {text!r} gives {expected}, row has {actual}")
    assert not failures, "\n".join(failures)


def test_every_figure_has_its_wording(events):
    for number, text in [
        ("crowd_low", "crowd_text"),
        ("figure_low", "figure_text"),
        ("arrests", "arrests_text"),
        ("immigration_arrests", "immigration_arrests_text"),
    ]:
        assert events.loc[events[number].notna(), text].notna().all(), number
