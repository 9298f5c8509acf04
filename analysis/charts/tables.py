"""Tables the reports show: overview, events with sources, coverage, gaps, disputes, responses.

The chart modules turn events into figures to draw (:mod:`analysis.prep.aggregate`); this module
turns
them into the tables a reader scans next to the charts. Every function takes a loaded (and
usually selected) events frame and returns a small pandas frame with reader-facing column names,
so the notebooks only call and display.

The same rules as the charts hold: a figure no source reports stays empty (never 0), a disputed
figure is shown as the range between the sources, and each source carries its reliability.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.charts.style import event_type_style
from analysis.data import schema
from analysis.data.crowd import VAGUE_WORDS
from analysis.errors import DataValidationError
from analysis.fmt import format_day, format_day_range, format_range
from analysis.prep.aggregate import (
    LOCAL_SCOPES,
    MEASURES,
    event_figures,
    response_events,
    split_cell,
)

#: Which events each measure applies to, for the "missing figures" table.
MEASURE_SCOPE: dict[str, tuple[str, frozenset[str]]] = {
    "crowd": ("Crowd size", schema.PROTEST_EVENT_TYPES),
    "arrests": ("Protesters arrested", schema.PROTEST_EVENT_TYPES),
    "immigration": ("People detained by immigration agents", frozenset({"enforcement_operation"})),
}


def vague_word_rule(used_in: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the documented rule for vague crowd words (``analysis.data.crowd.VAGUE_WORDS``).

    With ``used_in`` (an events frame), a column counts the rows whose ``crowd_text`` uses
    each phrase, so a report shows which conversions its figures rest on.
    """
    rows = [
        {"Words in the source": phrase, "Low figure": low, "High figure": high}
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


def type_label(event_type: object) -> str:
    """Return the reader-facing label of an event type ("day_of_action" -> "Day of action")."""
    return event_type_style(str(event_type))[3]


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """Map each source_id to "Publisher (reliability)", e.g. "Al Jazeera (high)"."""
    return {
        str(row.source_id): f"{row.publisher} ({row.reliability})"
        for row in sources.itertuples(index=False)
    }


def _date_label(row: pd.Series) -> str:
    end = row.get("date_end")
    if end is not None and not pd.isna(end) and end != row["date"]:
        return format_day_range(row["date"], end)
    return format_day(row["date"])


def _event_columns(figures: pd.DataFrame) -> dict[str, pd.Series]:
    """The columns every event listing starts with: date (label and sort key), type, title, city."""
    return {
        "Date": figures.apply(_date_label, axis=1).astype("string"),
        "date_sort": figures["date"].dt.strftime("%Y-%m-%d"),
        "Type": figures["event_type"].map(type_label).astype("string"),
        "Event": figures["title"].astype("string"),
        "City": figures["city"].astype("string"),
    }


def _applies(figures: pd.DataFrame, measure: str) -> pd.Series:
    """Whether ``measure`` applies to each merged event: the right type, and it took place."""
    types = figures["event_type"].astype("string")
    occurred = (figures["status"].astype("string") == "occurred").fillna(False)
    return (types.isin(MEASURE_SCOPE[measure][1]).fillna(False) & occurred).astype(bool)


def _range(figures: pd.DataFrame, measure: str) -> pd.Series:
    return pd.Series(
        [
            format_range(lo, hi, open_ended=bool(op) if not pd.isna(op) else False)
            for lo, hi, op in zip(
                figures[f"{measure}_low"],
                figures[f"{measure}_high"],
                figures[f"{measure}_open"],
                strict=True,
            )
        ],
        index=figures.index,
        dtype="string",
    ).replace("", pd.NA)


def overview(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the headline numbers of a selection as a two-column table (what, value).

    Counts are of events after merging disputed rows (one event per dispute group). Figures
    that no source reports are counted as "not reported", never as zero.
    """
    figures = event_figures(events, sources=sources)
    types = figures["event_type"].astype("string")
    protests = figures[_applies(figures, "crowd").to_numpy(bool)]  # those that took place
    responses = response_events(events, sources=sources)
    raids = figures[(types == "enforcement_operation").fillna(False).to_numpy(bool)]
    with_crowd = protests["crowd_low"].notna()
    largest = ""
    local = protests[protests["scope"].astype("string").isin(LOCAL_SCOPES).fillna(False)]
    if local["crowd_low"].notna().any():
        top = local.loc[local["crowd_mid"].astype("Float64").idxmax()]
        size = format_range(top["crowd_low"], top["crowd_high"], open_ended=bool(top["crowd_open"]))
        largest = f"{size} ({top['title']}, {format_day(top['date'])})"
    arrests_known = protests["arrests_low"].notna()
    main_ids = [(split_cell(s) or [""])[0] for s in events["source_ids"]]
    reliability = dict(zip(sources["source_id"], sources["reliability"].astype(str), strict=True))
    low_rows = sum(reliability.get(s) == "low" for s in main_ids)
    cities = sorted(set(figures["city"].dropna().astype(str)))
    rows = [
        (
            "Period",
            format_day_range(figures["date"].min(), figures["date"].max()) if len(figures) else "",
        ),
        ("Events (disputed reports merged)", f"{len(figures):,} from {len(events):,} rows"),
        ("Demonstrations that took place", f"{len(protests):,}"),
        ("… with a reported crowd size", f"{int(with_crowd.sum()):,} of {len(protests):,}"),
        ("Largest reported crowd at one place", largest or "not reported"),
        ("… with reported protester arrests", f"{int(arrests_known.sum()):,} of {len(protests):,}"),
        ("Immigration raids or deployments of agents", f"{len(raids):,}"),
        ("Official responses", f"{len(responses):,}"),
        (
            "Cities",
            f"{len(cities):,}"
            + (f": {', '.join(cities[:8])}" if cities else "")
            + (" …" if len(cities) > 8 else ""),
        ),
        ("Events with disputed figures", f"{int(figures['disputed'].fillna(False).sum()):,}"),
        ("Rows resting on a low-reliability source", f"{low_rows:,} of {len(events):,}"),
    ]
    return pd.DataFrame(rows, columns=["What", "Value"])


def events_table(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return one row per event with its figures and sources, for the sortable events table.

    Columns: ``Date`` (label) with ``date_sort`` (ISO, for sorting), ``Type``, ``Event``,
    ``City``, ``Crowd`` with ``crowd_sort`` (midpoint), ``Arrests`` (protesters), ``Detained``
    (by immigration agents), ``Disputed``, ``Sources`` ("Publisher (reliability)"; several
    joined by "; ") and ``url`` (the main source's address, when known).
    """
    figures = event_figures(events, sources=sources)
    labels = source_labels(sources)
    urls = {
        str(sid): (str(url) if isinstance(url, str) and url else None)
        for sid, url in zip(sources["source_id"], sources["url"], strict=True)
    }
    ids = [split_cell(v) for v in figures["source_ids"]]
    return pd.DataFrame(
        {
            **_event_columns(figures),
            "Crowd": _range(figures, "crowd"),
            "crowd_sort": figures["crowd_mid"],
            "Arrests": _range(figures, "arrests"),
            "arrests_sort": figures["arrests_mid"],
            "Detained": _range(figures, "immigration"),
            "detained_sort": figures["immigration_mid"],
            "Disputed": figures["disputed"].map(lambda d: "yes" if d is True else ""),
            "Sources": ["; ".join(labels.get(i, i) for i in s) for s in ids],
            "url": [urls.get(s[0]) if s else None for s in ids],
        },
        index=figures.index,
    ).reset_index(drop=True)


def coverage(events: pd.DataFrame, column: str, *, label: str | None = None) -> pd.DataFrame:
    """Count rows per value of ``column`` ("city", "event_type", "scope" ...), largest first.

    Rows without a value are counted as "(none)": regional and national rows have no city.
    """
    values = events[column].astype("string").fillna("(none)")
    if column == "event_type":
        values = values.map(type_label)
    counts = values.value_counts(sort=True).rename_axis(label or column).reset_index(name="Rows")
    counts["Share"] = (counts["Rows"] / max(len(events), 1)).map("{:.0%}".format)
    return counts


def coverage_by_source(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return each source with how many rows cite it, and for how many it is the main source.

    The main source is the first of a row's ``source_ids``: its figures are the row's figures.
    """
    ids = [split_cell(v) for v in events["source_ids"]]
    main = pd.Series([s[0] for s in ids if s], dtype="string").value_counts()
    cited = pd.Series([i for s in ids for i in dict.fromkeys(s)], dtype="string").value_counts()
    out = sources[["source_id", "publisher", "published", "reliability"]].copy()
    out["published"] = out["published"].dt.strftime("%Y-%m-%d")
    out["Main source of"] = out["source_id"].map(main).fillna(0).astype(int)
    out["Cited by"] = out["source_id"].map(cited).fillna(0).astype(int)
    out = out.rename(
        columns={
            "source_id": "Source",
            "publisher": "Publisher",
            "published": "Published",
            "reliability": "Reliability",
        }
    )
    return out.sort_values(["Main source of", "Cited by"], ascending=False).reset_index(drop=True)


def missing_figures(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return, per figure, how many events it applies to and how many sources report it.

    A missing figure means no source gives it; it is not zero, and charts leave it out.
    """
    figures = event_figures(events, sources=sources)
    rows = []
    for measure, (label, _types) in MEASURE_SCOPE.items():
        relevant = _applies(figures, measure).to_numpy(bool)
        reported = figures.loc[relevant, f"{measure}_low"].notna()
        n, k = int(relevant.sum()), int(reported.sum())
        rows.append(
            {
                "Figure": label,
                "Applies to": f"{n:,} events",
                "Reported": k,
                "Not reported": n - k,
                "Share reported": f"{k / n:.0%}" if n else "",
            }
        )
    return pd.DataFrame(rows)


def events_missing(events: pd.DataFrame, sources: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the events a figure applies to but no source reports (see :data:`MEASURE_SCOPE`)."""
    if measure not in MEASURE_SCOPE:
        raise ValueError(f"measure must be one of {', '.join(MEASURE_SCOPE)}")
    figures = event_figures(events, sources=sources)
    picked = figures[(_applies(figures, measure) & figures[f"{measure}_low"].isna()).to_numpy(bool)]
    return pd.DataFrame(
        {
            **_event_columns(picked),
            "Main source": picked["main_publisher"].astype("string"),
        }
    ).reset_index(drop=True)


def disputed_figures(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of every dispute group side by side: one line per source's account.

    Also lists single rows marked ``disputed`` without a group. The ``Range shown`` column is
    what the charts draw for the merged event: smallest to largest reported figure.
    """
    disputed = events["disputed"].fillna(False).astype(bool)
    grouped = events["dispute_group"].notna()
    rows = events[(disputed | grouped).to_numpy(bool)].copy()
    if rows.empty:
        return pd.DataFrame(
            columns=[
                "Dispute",
                "Date",
                "Event",
                "Source",
                "Reliability",
                "Figure",
                "Wording",
                "Range shown",
            ]
        )
    labels = sources.set_index("source_id")
    merged = event_figures(rows, sources=sources)
    out = []
    for row in rows.itertuples(index=False):
        key = row.dispute_group if isinstance(row.dispute_group, str) else row.event_id
        main = (split_cell(row.source_ids) or [""])[0]
        for measure, (low_col, high_col, text_col) in MEASURES.items():
            low = getattr(row, low_col)
            high = getattr(row, high_col) if high_col else None
            if pd.isna(low) and (high is None or pd.isna(high)):
                continue
            m = merged.loc[key] if key in merged.index else None
            out.append(
                {
                    "Dispute": key,
                    "Date": format_day(row.date),
                    "Event": row.title,
                    "Source": labels["publisher"].get(main, main),
                    "Reliability": labels["reliability"].get(main, ""),
                    "Figure": MEASURE_SCOPE.get(measure, (measure.capitalize(), None))[0],
                    "Wording": getattr(row, text_col)
                    if not pd.isna(getattr(row, text_col))
                    else "",
                    "Reported": format_range(low, high if high_col else low),
                    "Range shown": ""
                    if m is None
                    else format_range(
                        m[f"{measure}_low"],
                        m[f"{measure}_high"],
                        open_ended=bool(m[f"{measure}_open"]),
                    ),
                }
            )
    return pd.DataFrame(out)


def validation_problems(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
) -> pd.DataFrame:
    """Validate the three CSVs and return every problem as a table (empty when all rules pass).

    Unlike :func:`analysis.data.load.load_events`, this does not raise on bad data: the data-quality
    report must show the problems, not stop at the first.
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


def response_timing(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return each official response with the raid and protest it most closely followed.

    For every response (level, actor, type) the table gives the days since the latest
    immigration enforcement operation and the latest demonstration (both reported as having
    happened) on or before its date, so a reader can see whether officials answered the raids,
    the protests, or neither.
    """
    responses = response_events(events, sources=sources)
    figures = event_figures(events, sources=sources)
    types = figures["event_type"].astype("string")
    occurred = (figures["status"].astype("string") == "occurred").fillna(False)
    raids = figures[((types == "enforcement_operation") & occurred).fillna(False).to_numpy(bool)]
    protests = figures[(types.isin(schema.PROTEST_EVENT_TYPES) & occurred).to_numpy(bool)]

    def latest(before: pd.Timestamp, frame: pd.DataFrame) -> tuple[str, object]:
        earlier = frame[frame["date"] <= before]
        if earlier.empty:
            return "", pd.NA
        last = earlier.sort_values("date").iloc[-1]
        return f"{last['title']} ({format_day(last['date'])})", (before - last["date"]).days

    rows = []
    for _, r in responses.iterrows():
        raid, raid_days = latest(r["date"], raids)
        protest, protest_days = latest(r["date"], protests)
        rows.append(
            {
                "Date": format_day(r["date"]),
                "date_sort": r["date"].strftime("%Y-%m-%d"),
                "Level": str(r["response_level"]).capitalize(),
                "Who": r["response_actor"] if not pd.isna(r["response_actor"]) else "",
                "Response": str(r["response_type"]).replace("_", " ")
                if not pd.isna(r["response_type"])
                else "",
                "What": r["title"],
                "Status": str(r["status"]),
                "Days after latest raid": raid_days,
                "Latest raid": raid,
                "Days after latest protest": protest_days,
                "Latest protest": protest,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("Days after latest raid", "Days after latest protest"):
        if col in out:
            out[col] = out[col].astype("Int64")
    return out


def responses_by_level(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Count official responses per level of government and type (a level-by-type table)."""
    responses = response_events(events, sources=sources)
    if responses.empty:
        return pd.DataFrame()
    table = pd.crosstab(
        responses["response_level"].astype("string").str.capitalize(),
        responses["response_type"].astype("string").fillna("unspecified").str.replace("_", " "),
    )
    order = [lvl.capitalize() for lvl in schema.RESPONSE_LEVELS if lvl.capitalize() in table.index]
    table = table.reindex(order)
    table["Total"] = table.sum(axis=1)
    table.index.name = "Level"
    table.columns.name = None
    return table.reset_index()
