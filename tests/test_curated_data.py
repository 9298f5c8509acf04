"""The curated data in data/ passes every rule, quotes its sources exactly, and follows the
vague-word rule."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths
from analysis.data import schema
from analysis.data.crowd import crowd_figures, crowd_range
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
        seed_text = _words(path.read_text(encoding="utf-8"))
        for phrase in _phrases(row.evidence):
            if not phrase or phrase not in seed_text:
                failures.append(f"{row.event_id}: evidence {phrase!r} is not in {path.name}")
    assert not failures, "\n".join(failures)


def _phrases(evidence: object) -> list[str]:
    """The verbatim phrases of an evidence cell (joined by ' … ' when from several places)."""
    return [_words(p) for p in str(evidence).split(schema.EVIDENCE_SEP)]


WORDING_COLUMNS = ("crowd_text", "figure_text", "arrests_text", "immigration_arrests_text")


def test_evidence_quotes_every_figure_of_the_row(events):
    """Issue 11: the evidence supports every figure in the row, not only the first one.

    Each figure of each wording column (read as ``crowd_figures`` reads it, e.g. "several
    hundred" = (300, 999), "more than 50" = (50, None)) is also a figure of the evidence.
    """
    failures = []
    for row in events.itertuples():
        quoted = [f for phrase in _phrases(row.evidence) for f in crowd_figures(phrase)]
        for column in WORDING_COLUMNS:
            text = getattr(row, column)
            if pd.isna(text):
                continue
            for figure in crowd_figures(str(text)):
                if figure not in quoted:
                    failures.append(
                        f"{row.event_id}: {column} {text!r} has {figure}, the evidence "
                        f"{row.evidence!r} does not quote it"
                    )
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


def test_who_made_a_crowd_figure_is_named_where_it_matters(events):
    """Issue 11, rule 3: an official's figure is shown as that official's claim, so it names them.

    ``crowd_estimator`` is set for every figure by officials or police, and is empty where
    ``crowd_estimate_by`` says the source does not say who made the estimate.
    """
    has_figure = events["crowd_low"].notna()
    by = events["crowd_estimate_by"].astype("string")
    named = events["crowd_estimator"].notna()
    unnamed_claims = events.loc[has_figure & by.isin(["officials", "police"]) & ~named, "event_id"]
    assert unnamed_claims.empty, list(unnamed_claims)
    contradictions = events.loc[(by == "unknown") & named, "event_id"]
    assert contradictions.empty, list(contradictions)
    assert not (named & ~has_figure).any()


def test_dhs_rioters_figure_is_an_officials_claim(events):
    row = events.set_index("event_id").loc["2025-06-06-roybal-federal-building-protest"]
    assert (row["crowd_estimate_by"], row["crowd_estimator"]) == (
        "officials",
        "Department of Homeland Security",
    )


# --- Chart labels and the coded columns (issues 11 and 13) --------------------------------------


def test_every_row_has_a_short_label_of_its_own(events):
    """Issue 11: charts label marks from the data; every row carries a label of its own words."""
    missing = events.loc[events["label"].isna(), "event_id"]
    assert missing.empty, list(missing)
    assert (events["label"].str.len() <= schema.LABEL_MAX_CHARS).all()
    # Different downtown events of one day are told apart, not "Los Angeles · ..." three times.
    downtown = events[(events["date"] == "2026-01-30") & (events["city"] == "Los Angeles")]
    assert downtown["label"].is_unique
    by_id = events.set_index("event_id")["label"]
    assert by_id["2025-06-07-dhs-statement-1000-rioters"] == "DHS calls protesters rioters"
    assert by_id["2026-01-31-los-angeles-city-hall-rally"] == "City Hall rally"


def test_quotations_in_coded_columns_are_in_a_source_of_the_row(events, sources):
    """The source's words in claims, participant actions, damage and injuries are verbatim.

    Every phrase in “curly quotes” occurs (whitespace normalised) in the saved text of one of
    the row's sources; the validator has already checked it is at most a short phrase.
    """
    from analysis.data.textrules import quotations

    if not paths.SEEDS_DIR.is_dir():
        pytest.skip(f"the saved source texts are not here: {paths.SEEDS_DIR}")
    seed_of = dict(zip(sources["source_id"], sources["seed_file"], strict=True))
    texts = {
        sid: _words((paths.SEEDS_DIR / str(seed)).read_text(encoding="utf-8"))
        for sid, seed in seed_of.items()
        if not pd.isna(seed) and (paths.SEEDS_DIR / str(seed)).is_file()
    }
    failures, quoted = [], 0
    for row in events.itertuples():
        row_texts = [texts.get(s, "") for s in split_list(pd.Series([row.source_ids]))[0]]
        for column in schema.CODED_COLUMNS:
            value = getattr(row, column)
            if pd.isna(value):
                continue
            for phrase in quotations(str(value)):
                quoted += 1
                if not any(_words(phrase) in text for text in row_texts):
                    failures.append(
                        f"{row.event_id}: {column} quotes {phrase!r}, not in its sources"
                    )
    assert not failures, "\n".join(failures)
    assert quoted >= 20


def test_coded_columns_hold_what_the_seeds_report(events):
    """Spot checks of issue 13's coding against the seeds."""
    row = events.set_index("event_id").loc
    assert (
        "“a car that had been set on fire”" in row["2025-06-07-paramount-clash", "property_damage"]
    )
    assert (
        "rocks, bottles and fireworks" in row["2025-06-07-paramount-clash", "participant_measures"]
    )
    assert "for abolishing ICE" in row["2026-01-31-los-angeles-city-hall-rally", "claims"]
    assert (
        "“objects were thrown at officers”"
        in row["2026-01-30-dtla-ice-out-march", "participant_measures"]
    )
    assert (
        "assault with a deadly weapon"
        in row["2026-01-30-dtla-arrests-eight-per-lapd", "participant_measures"]
    )
    # Officials' allegations say whose they are.
    assert row["2025-06-06-roybal-federal-building-protest", "property_damage"].startswith(
        "DHS says"
    )


def _seed_lines(name: str) -> list[str]:
    return [line.strip() for line in (paths.SEEDS_DIR / name).read_text("utf-8").splitlines()]


def test_the_undated_memo_teaser_carries_no_date_of_its_own(events, sources):
    """Seed 004's sidebar (issue 17 re-audit): each item's date line stands under its teaser,
    and the daily memo's teaser has none; the "February 13, 2026" is the next item's.

    So the memo is its own source with no publication date, its rows are month-dated and
    inferred with notes naming the lines, no row counts months back from it, and the dated
    teaser is a source of its own, dated by its own line.
    """
    if not paths.SEEDS_DIR.is_dir():
        pytest.skip(f"the saved source texts are not here: {paths.SEEDS_DIR}")
    src = sources.set_index("source_id")
    memo = src.loc["lataco-undated-daily-memo-border-patrol-left"]
    teacher = src.loc["lataco-2026-02-13-history-teacher-fired"]
    lines = [line for line in _seed_lines(str(memo["seed_file"])) if line]
    # The layout the dating rests on: headline, teaser, date line; the memo has no date line.
    at = lines.index(memo["title"])
    assert lines[at + 2] == teacher["title"]
    assert lines[at + 4] == "February 13, 2026"
    assert pd.isna(memo["published"]) and str(teacher["published"])[:10] == "2026-02-13"
    assert not str(memo["title"]).startswith("[") and not str(teacher["title"]).startswith("[")

    rows = events[events["source_ids"] == memo.name]
    assert len(rows) == 4
    for row in rows.itertuples():
        assert (row.date_precision, bool(row.date_inferred)) == ("month", True), row.event_id
        assert str(row.date)[:7] == "2026-02", row.event_id
        assert "no date line" in row.notes and "February 13, 2026" in row.notes, row.event_id
    # The watch is dated to the memo that reports it, not counted back eight months.
    assert not events["event_id"].str.contains("2025-06-01-terminal-island").any()
    patrol = events.set_index("event_id").loc["2026-02-01-terminal-island-harbor-area-peace-patrol"]
    assert patrol["source_ids"] == memo.name
    walkout = events.set_index("event_id").loc["2026-02-01-teacher-fired-after-anti-ice-walkout"]
    assert walkout["source_ids"] == teacher.name


def test_a_floor_is_not_listed_as_a_source_of_the_figure_it_allows(events):
    """LA police's eight arrests (via SCNG) cite SCNG only; the rewrite's 'at least five' is
    quoted in notes as a corroborating account, and the title carries no attribution."""
    row = events.set_index("event_id").loc["2026-01-30-dtla-arrests-eight-per-lapd"]
    assert row["source_ids"] == "scng-2026-01-31-socal-ice-out"
    assert "at least five apprehensions" in row["notes"]
    assert row["title"] == "Eight protesters arrested in downtown Los Angeles"
    assert bool(row["date_inferred"])  # SCNG says only "Friday"
