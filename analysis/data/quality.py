"""What the data-quality report checks about the curated rows themselves.

Validation problems as a table, rows per source, city, type and scope, and how often each
vague crowd word is used. These describe the loaded tables, not a selection's charts, so they
read the rows directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.crowd import VAGUE_WORDS
from analysis.data.load import split_list
from analysis.errors import DataValidationError


def vague_word_rule(used_in: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the documented rule for vague crowd words (``analysis.data.crowd.VAGUE_WORDS``).

    Charts stand a vague word's mark at its low figure, draw its range as a line and write it
    in its word ("hundreds", 200–999): it has a ceiling, so it is no "at least". With
    ``used_in`` (an events frame), a column counts the rows whose ``crowd_text`` uses each
    phrase, so a report shows which conversions its figures rest on.
    """
    rows = [
        {
            "Words in the source": phrase,
            "Low figure": low,
            "High figure": high,
            "Drawn as": f"{phrase} ({low:,}\u2013{high:,})" if low != high else f"{low:,}",
        }
        for phrase, (low, high) in VAGUE_WORDS.items()
    ]
    out = pd.DataFrame(rows)
    if used_in is not None:
        counts = dict.fromkeys(VAGUE_WORDS, 0)
        longest_first = sorted(VAGUE_WORDS, key=len, reverse=True)  # as analysis.data.crowd reads
        for text in used_in["crowd_text"].dropna().astype(str).str.lower():
            for phrase in longest_first:
                pattern = rf"\b{re.escape(phrase)}\b"
                if re.search(pattern, text):
                    counts[phrase] += 1
                    text = re.sub(pattern, " ", text)
        out["Rows using it"] = [counts[p] for p in VAGUE_WORDS]
    return out


#: How each scope code reads in the data-quality report (a reader's words, not the code).
SCOPE_WORDS = {
    "local": "One place in Southern California",
    "regional": "Several places in Southern California, or statewide",
    "national": "Outside Southern California, or nationwide",
}
#: What a row without a value of the column is counted as.
MISSING_WORDS = {"city": "No town given (regional or national rows)"}


def coverage(events: pd.DataFrame, column: str, *, label: str | None = None) -> pd.DataFrame:
    """Count rows per value of ``column`` ("city", "event_type", "scope" ...), largest first.

    Values read as words (a scope "national" as "Outside Southern California, or
    nationwide"); rows without a value are counted as "No town given (regional or national
    rows)" for the city, "Not given" otherwise.
    """
    values = events[column].astype("string")
    if column == "event_type":
        values = values.str.replace("_", " ").str.capitalize()
    if column == "scope":
        values = values.map(lambda v: SCOPE_WORDS.get(v, v) if isinstance(v, str) else v)
    values = values.astype("string").fillna(MISSING_WORDS.get(column, "Not given"))
    counts = values.value_counts(sort=True).rename_axis(label or column).reset_index(name="Rows")
    counts["Share"] = (counts["Rows"] / max(len(events), 1)).map("{:.0%}".format)
    return counts


def coverage_by_source(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return each source (publisher and article title) with how many rows cite it, and for
    how many it is the main source.

    The main source is the first of a row's ``source_ids``: its figures are the row's figures.
    """
    ids = split_list(events["source_ids"])
    main = pd.Series([s[0] for s in ids if s], dtype="string").value_counts()
    cited = pd.Series([i for s in ids for i in dict.fromkeys(s)], dtype="string").value_counts()
    # the article's title tells apart a publisher's several articles (three L.A. TACO pieces)
    out = sources[["source_id", "publisher", "title", "published", "reliability"]].copy()
    out["published"] = out["published"].dt.strftime("%Y-%m-%d")
    out["Main source of"] = out["source_id"].map(main).fillna(0).astype(int)
    out["Cited by"] = out["source_id"].map(cited).fillna(0).astype(int)
    out = out.rename(
        columns={
            "source_id": "Source",
            "publisher": "Publisher",
            "title": "Article",
            "published": "Published",
            "reliability": "Reliability",
        }
    )
    return out.sort_values(["Main source of", "Cited by"], ascending=False).reset_index(drop=True)


def validation_problems(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
) -> pd.DataFrame:
    """Validate the three CSVs and return every problem as a table (empty when all rules pass).

    Unlike :func:`analysis.data.load.load_events`, this does not raise on bad data: the
    data-quality report must show the problems, not stop at the first.
    """
    from analysis.data.validate import validate_dataset

    columns = ["File", "Row", "Column", "Rule", "Problem", "Value"]
    try:
        validate_dataset(events_path, sources_path, places_path)
    except DataValidationError as err:
        return pd.DataFrame(
            [
                (Path(p.file).name, p.row, p.column, p.rule, p.message, p.value)
                for p in err.problems
            ],
            columns=columns,
        )
    return pd.DataFrame(columns=columns)


def validation_summary(problems: pd.DataFrame) -> str:
    """Return one sentence on a :func:`validation_problems` table, for the data-quality report."""
    if problems.empty:
        return (
            "Every rule of the data dictionary passes: no problem in events.csv, sources.csv "
            "or places.csv."
        )
    files = ", ".join(sorted(problems["File"].dropna().unique()))
    rules = problems["Rule"].nunique()
    return (
        f"{len(problems):,} problem{'s' if len(problems) != 1 else ''} "
        f"({rules} rule{'s' if rules != 1 else ''}) in {files}: the figures below are read "
        "without validation and may be wrong until they are fixed."
    )
