"""The crowd panel of the facts model: one mark per demonstration, daily totals, the peak.

A crowd *mark stands at the low figure*, a figure that a source or the vague-word rule gives;
the range up to the high figure is drawn as a range. A figure resting only on low-reliability
sources is *weak*, an official's figure is that official's *claim*: neither is a total, a peak
or the largest crowd. *Daily totals* add the low figures of the counted crowds of a day (or a
week), so they are floors, and are kept only where they add up two or more; the peak is the
largest total or a single item over several days.
Above :data:`analysis.prep.marks.MAX_MARKS` demonstrations the panel is binned by day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.labels import chart_label
from analysis.fmt import format_count, format_day, join_words, plural, shorten
from analysis.prep.marks import (
    ESTIMATE_WORDS,
    NOON,
    RANGE_WORDS,
    Binning,
    Label,
    day_order,
    figure_words,
    first_keys,
    says_about,
    whose_estimate,
)

#: Most crowd marks labelled on an unbinned panel (the largest); binned, at most two peaks.
LABEL_TOP = 4
MAX_BINNED_LABELS = 2


@dataclass(frozen=True)
class Peak:
    """The largest reported total of a panel: when, how much, and what it rests on.

    ``start``/``end`` are the days it covers (one day for a daily total); ``value`` is a
    floor when ``exact`` is False ("at least"); ``n`` is how many figures it adds up.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    value: float
    exact: bool
    n: int
    kind: str  # "day", "week" or "item"
    keys: tuple[str, ...]
    high: float | None = None
    #: Demonstrations drawn in the total's period, counted or not (a total with uncounted ones
    #: beside it is a floor).
    n_events: int | None = None


@dataclass(frozen=True)
class CrowdFacts:
    """The crowd panel: one mark per demonstration drawn (or per day when binned).

    ``marks`` is indexed by event key with ``x`` (its day's middle, or its period's),
    ``day_order`` (its rank among its day's marks, largest first; not when binned: each
    size's specification spreads a day's marks in this order),
    ``start``/``end`` (days covered), ``low``/``high``/``open`` (the figure; NA when no figure
    is counted or weak), ``kind`` ("count", "weak", "claim" or "unknown"), ``event_type``,
    ``disputed``, ``span`` (drawn across several days), ``place``, ``estimate`` (whose
    estimate, where a side made it: :data:`ESTIMATE_WORDS`) and ``claim`` (the claim's words
    for claims). ``totals`` are the daily (or weekly) totals drawn: only of days (weeks)
    with two or more counted crowds; ``bins`` the per-day marks when binned.
    """

    marks: pd.DataFrame
    totals: pd.DataFrame
    bins: pd.DataFrame | None
    unknown_bins: pd.DataFrame | None
    binning: Binning
    peak: Peak | None
    largest: tuple[str, ...]
    log: bool
    labels: tuple[Label, ...]
    total_freq: str | None


def build_crowd(
    rows: pd.DataFrame, total: str | None, wording: Callable[[pd.Index, str], pd.Series]
) -> CrowdFacts:
    has = rows["crowd_low"].notna().to_numpy(bool)
    claim = rows["crowd_claim"].to_numpy(bool)
    weak = rows["weak"].to_numpy(bool) & has & ~claim
    kind = np.where(
        ~has | claim, np.where(claim, "claim", "unknown"), np.where(weak, "weak", "count")
    )
    figure = has & ~claim
    marks = pd.DataFrame(
        {
            "start": rows["start"],
            "end": rows["end"],
            "span": rows["span"],
            "month_only": rows["month_only"],
            "event_type": rows["event_type"].astype("string"),
            "kind": pd.array(kind, dtype="string"),
            "low": rows["crowd_low"].where(figure),
            "high": rows["crowd_high"].where(figure),
            "open": rows["crowd_open"].fillna(False).to_numpy(bool) & figure,
            "disputed": rows["disputed"].fillna(False).to_numpy(bool),
        },
        index=rows.index,
    )
    binning = Binning.of(len(marks))
    if binning.binned:
        marks = marks.assign(x=rows["x"].dt.normalize() + NOON)
    else:
        marks = marks.assign(
            x=rows["x"],
            day_order=day_order(rows["x"], rows["crowd_low"]),
            place=[
                chart_label(r, _place)
                for r in rows[
                    [c for c in ("label", "city", "location", "title") if c in rows]
                ].to_dict("records")
            ],
            claim=pd.Series(pd.NA, index=rows.index, dtype="string"),
            about=False,
            estimate=estimate_words(rows),
            city=rows["city"].astype("string") if "city" in rows else pd.NA,
        )
        exact = figure & (rows["crowd_low"] == rows["crowd_high"]).fillna(False).to_numpy(bool)
        if exact.any():  # "around 2,500 people": the source's estimate, said so
            estimated = rows.index[exact]
            marks.loc[estimated, "about"] = [says_about(w) for w in wording(estimated, "crowd")]
        if claim.any():  # officials' claims, in their words
            claimed = rows.index[claim]
            said = wording(claimed, "crowd")
            claimants = (
                rows.loc[claimed, "crowd_estimator"]
                if "crowd_estimator" in rows
                else [None] * len(claimed)
            )
            marks.loc[claimed, "claim"] = [
                claim_words(who, text) for who, text in zip(claimants, said, strict=True)
            ]
            # the shortest label: the claimant's short name and the figure ("DHS claim: 1,000")
            marks["claim_figure"] = pd.Series(pd.NA, index=marks.index, dtype="string")
            marks.loc[claimed, "claim_figure"] = [
                claim_words(SHORT_NAMES.get(str(who), who), format_count(low))
                if pd.notna(low)
                else pd.NA
                for who, low in zip(claimants, rows.loc[claimed, "crowd_low"], strict=True)
            ]
    counted = marks[(marks["kind"] == "count").to_numpy(bool)]
    totals = _crowd_totals(counted, marks, total, binning.limit)
    peak = _crowd_peak(counted, totals, total)
    # A total of one crowd is that crowd: drawn, its dash would only run through the mark.
    totals = totals[(totals["n"] >= 2).to_numpy(bool)]
    largest = _largest(counted)
    bins = unknown_bins = None
    if binning.binned:
        bins, unknown_bins = _crowd_bins(marks)
    values = np.concatenate(
        [
            marks["low"].dropna().to_numpy(float),
            marks["high"].dropna().to_numpy(float),
            totals["low_sum"].dropna().to_numpy(float) if len(totals) else np.array([]),
        ]
    )
    positive = values[values > 0]
    log = bool(positive.size and positive.max() / positive.min() > 20)
    labels = _binned_crowd_labels(totals, bins) if binning.binned else _crowd_labels(marks)
    return CrowdFacts(
        marks=marks,
        totals=totals,
        bins=bins,
        unknown_bins=unknown_bins,
        binning=binning,
        peak=peak,
        largest=largest,
        log=log,
        labels=labels,
        total_freq=total,
    )


def claim_words(who: object, wording: object) -> str:
    """ "DHS claim: “1,000 rioters”": who claimed, and the claim in its own words."""
    if not isinstance(who, str) or not who:
        who = "Officials'"
    words = str(wording).split(" (")[0] if isinstance(wording, str) else ""
    return f"{who} claim: {words}".strip()


#: Short names of claimants, for a claim's label where the full name does not fit (the hover,
#: the alt text and the data CSV name the claimant in full).
SHORT_NAMES = {
    "Department of Homeland Security": "DHS",
    "Immigration and Customs Enforcement": "ICE",
    "Customs and Border Protection": "CBP",
    "Los Angeles Police Department": "LAPD",
}


def short_claim(text: str) -> str | None:
    """ "DHS claim: “1,000 rioters”" for "Department of Homeland Security claim: ..."; None
    when the claimant has no shorter name."""
    for name, short in SHORT_NAMES.items():
        if text.startswith(f"{name} claim: "):
            return short + text[len(name) :]
    return None


def _crowd_totals(
    counted: pd.DataFrame, marks: pd.DataFrame, total: str | None, limit: int
) -> pd.DataFrame:
    """Per day (or week): the counted crowds' figures added up, and how many.

    Only items on one day (one week) are added, and only figures a source gives as a number
    ("2,500", "about 80", "at least 300"): a vague word's range ("hundreds", "dozens") is no
    number to add, so it is left out of the sum and named beside it (``vague``: its words,
    one per demonstration; ``n`` counts the figures added). ``n_events`` counts every
    demonstration drawn on that day, with or without a counted size.
    """
    columns = ["x", "n", "n_events", "low_sum", "high_sum", "exact", "vague", "keys"]
    if total is None or counted.empty:
        return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="date"))
    weekly = total == "W"

    def period(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
        if weekly:
            start = frame["start"] - pd.to_timedelta(frame["start"].dt.day_of_week, unit="D")
            end = frame["end"] - pd.to_timedelta(frame["end"].dt.day_of_week, unit="D")
            return start, (start == end).to_numpy(bool)
        return frame["start"], ~frame["span"].to_numpy(bool)

    when, single = period(counted)
    rows = counted[single].assign(_p=when[single])
    word = vague_words(rows)
    vague = rows[word.notna().to_numpy(bool)].assign(_w=word.dropna())
    rows = rows[word.isna().to_numpy(bool)]
    all_when, all_single = period(marks)
    per_period = all_when[all_single].value_counts()
    exact = (~rows["open"].to_numpy(bool)) & (rows["low"] == rows["high"]).fillna(False).to_numpy(
        bool
    )
    rows = rows.assign(_exact=exact)
    g = rows.groupby("_p", sort=True)
    out = pd.DataFrame(
        {
            "n": g.size(),
            "low_sum": g["low"].sum().astype(float),
            "high_sum": g["high"].sum().astype(float),
            "exact": g["_exact"].all(),
            "open": g["open"].any(),
        }
    )
    if len(rows) < limit:  # which events each total adds up (the peak names them)
        out["keys"] = pd.Series({day: tuple(idx) for day, idx in g.groups.items()})
    else:
        out["keys"] = None
    out["high_sum"] = out["high_sum"].where(~out["open"])
    words = vague.groupby("_p", sort=True)["_w"].agg(tuple)
    out["vague"] = [words.get(p, ()) for p in out.index]
    out["n_events"] = per_period.reindex(out.index).fillna(0).astype(int)
    # A day with demonstrations of no counted size adds up to at least its counted crowds.
    out["exact"] = out["exact"] & (out["n_events"] <= out["n"])
    out.index = pd.DatetimeIndex(out.index, name="date")
    out["x"] = out.index + (pd.Timedelta(days=3.5) if weekly else NOON)  # where the dash goes
    return out.drop(columns="open")[columns]


def vague_words(marks: pd.DataFrame) -> pd.Series:
    """Per crowd mark, the vague word its range is ("hundreds", "dozens"), else NA: a figure
    no total adds (not a floor, not a dispute; :func:`total_words`)."""
    ranges = pd.DataFrame(
        [(lo, hi, w) for (lo, hi), w in RANGE_WORDS.items()], columns=["low", "high", "_w"]
    )
    looked = marks[["low", "high"]].astype(float).merge(ranges, how="left", on=["low", "high"])
    word = looked["_w"].set_axis(marks.index)
    return word.where(~(marks["open"].to_numpy(bool) | marks["disputed"].to_numpy(bool)))


def total_words(value: float, exact: bool, n: int, vague: tuple[str, ...] = ()) -> str:
    """A day's (week's) total as every output says it, each number a source's figure or
    their sum: "2,900 people in all" (every demonstration that day counted in figures),
    "at least 2,900 people at 2 demonstrations" (a floor, or others that day with no
    figure), "... at 2 demonstrations, and hundreds at 1 more" (a vague word is not added
    to a number: it is said in its word beside the sum)."""
    figure = format_count(value) if exact else f"at least {format_count(value)}"
    if exact and not vague:
        return f"{figure} people in all"
    text = f"{figure} people at {plural(n, 'demonstration')}"
    if vague:
        text += f", and {join_words(list(dict.fromkeys(vague)))} at {format_count(len(vague))} more"
    return text


def _crowd_peak(counted: pd.DataFrame, totals: pd.DataFrame, total: str | None) -> Peak | None:
    """The largest reported total: a day's (week's) total or a single item over several days."""
    candidates: list[Peak] = []
    if len(totals):
        top = totals["low_sum"].max()
        day = totals.index[(totals["low_sum"] == top).to_numpy(bool)].min()
        row = totals.loc[day]
        end = day + pd.Timedelta(days=6) if total == "W" else day
        keys = row["keys"] if isinstance(row["keys"], tuple) else ()
        candidates.append(
            Peak(
                day,
                end,
                float(top),
                bool(row["exact"]),
                int(row["n"]),
                "week" if total == "W" else "day",
                keys,
                None if pd.isna(row["high_sum"]) else float(row["high_sum"]),
                int(row["n_events"]),
            )
        )
    in_totals = set(k for keys in totals.get("keys", []) if isinstance(keys, tuple) for k in keys)
    if total is None:
        alone = counted
    elif total == "W":
        week = counted["start"] - pd.to_timedelta(counted["start"].dt.day_of_week, unit="D")
        week_end = counted["end"] - pd.to_timedelta(counted["end"].dt.day_of_week, unit="D")
        alone = counted[(week != week_end).to_numpy(bool)]
    else:
        alone = counted[counted["span"].to_numpy(bool)]
    alone = alone[~alone.index.isin(in_totals)]
    if len(alone):
        best = alone.sort_values(["low", "start"], ascending=[False, True], kind="stable").iloc[0]
        candidates.append(
            Peak(
                best["start"],
                best["end"],
                float(best["low"]),
                bool(not best["open"] and best["low"] == best["high"]),
                1,
                "item",
                (alone.index[alone.index.get_loc(best.name)],),
                None if best["open"] else float(best["high"]),
            )
        )
    if not candidates:
        return None
    return sorted(candidates, key=lambda p: (-p.value, p.start))[0]


def _largest(counted: pd.DataFrame) -> tuple[str, ...]:
    """The counted demonstrations with the largest low figure, every one tied on it (a headline
    that names one of two equal crowds misleads), largest high first, then earliest; those
    dated to a day first (see below)."""
    if counted.empty:
        return ()
    # A figure dated only to a week or month is said of a period, not of one crowd: it is
    # the largest only where no crowd dated to its day is counted.
    day = counted[~counted["span"].to_numpy(bool)]
    counted = day if len(day) else counted
    low = counted["low"].to_numpy(float)
    high = counted["high"].astype(float).fillna(np.inf).where(~counted["open"], np.inf)
    order = np.lexsort((counted["start"].to_numpy(), -high.to_numpy(float), -low))
    tied = order[low[order] == low[order[0]]]
    return tuple(str(k) for k in counted.index[tied])


def _crowd_bins(marks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Binned: per day, the figures drawn (lower median, smallest, largest) and the unknowns."""
    known = marks[marks["low"].notna().to_numpy(bool)]
    day = known["x"]
    lows = known["low"].astype(float)
    highs = known["high"].astype(float).fillna(lows)
    g_low = lows.groupby(day)
    bins = pd.DataFrame(
        {
            "n": g_low.size(),
            "low": g_low.min(),
            "high": highs.groupby(day).max(),
            "value": g_low.quantile(0.5, interpolation="lower"),
        }
    )
    bins["keys"] = first_keys(known.sort_values("low", ascending=False, kind="stable"), "x")
    unknown = marks[marks["low"].isna().to_numpy(bool)]
    unknown_bins = unknown["x"].value_counts().sort_index().rename("n").to_frame()
    unknown_bins["keys"] = first_keys(unknown, "x")
    bins.index.name = unknown_bins.index.name = "date"
    return bins, unknown_bins


def estimate_words(rows: pd.DataFrame) -> pd.Series:
    """Per row, the words saying whose estimate its crowd figure is ("" for reporters).

    The one reading of ``crowd_estimate_by``: the crowd marks and the events table use it.
    """
    if "crowd_estimate_by" not in rows:
        return pd.Series("", index=rows.index, dtype="string")
    by = rows["crowd_estimate_by"].astype("string")
    return by.map(ESTIMATE_WORDS).fillna("").astype("string")


def _crowd_labels(marks: pd.DataFrame) -> tuple[Label, ...]:
    """The largest figures drawn, with their place ("Torrance · 2,500"), and every claim."""
    with_figure = marks[marks["low"].notna().to_numpy(bool)]
    top = with_figure.assign(_h=with_figure["high"].astype(float).fillna(np.inf)).sort_values(
        ["low", "_h"], ascending=False, kind="stable"
    )
    labels = []
    for key, r in top.head(LABEL_TOP).iterrows():
        words = figure_words(
            r["low"], r["high"], bool(r["open"]), bool(r["disputed"]), bool(r["about"])
        )
        suffix = whose_estimate(r.get("estimate"))
        suffix += " (low-reliability sources)" if r["kind"] == "weak" else ""
        suffix += " (sources differ)" if bool(r["disputed"]) else ""
        # On a phone: the town for the event's name, the qualifiers said shorter.
        town = r.get("city") if isinstance(r.get("city"), str) and r.get("city") else r["place"]
        short = f"{town} · {words}" + "".join(
            f" ({w})"
            for w, on in (
                ("estimate", bool(r.get("estimate"))),
                ("weak sources", r["kind"] == "weak"),
                ("sources differ", bool(r["disputed"])),
            )
            if on
        )
        labels.append(
            Label(
                r["x"],
                float(r["low"]),
                f"{r['place']} · {words}{suffix}",
                float(r["low"]),
                key,
                short=short if len(short) < len(f"{r['place']} · {words}{suffix}") else None,
                # an advocate's figure is never said without whose it is
                figure=None if r.get("estimate") else words,
            )
        )
    # Officials' claims are written beside their marks (the first few; hovers give the rest).
    for key, r in marks[(marks["kind"] == "claim").to_numpy(bool)].head(LABEL_TOP).iterrows():
        text = str(r["claim"])
        figure = r.get("claim_figure")
        labels.append(
            Label(
                r["x"],
                np.nan,
                text,
                0.0,
                key,
                short=short_claim(text),
                figure=str(figure) if isinstance(figure, str) else None,
            )
        )
    return tuple(labels)


def _binned_crowd_labels(totals: pd.DataFrame, bins: pd.DataFrame | None) -> tuple[Label, ...]:
    """Binned: the largest daily totals (or bins), at most two, spread over the period."""
    if len(totals):
        values, days = totals["low_sum"], pd.DatetimeIndex(totals["x"])
        said = [
            total_words(v, bool(e), int(n), w)
            for v, e, n, w in zip(
                values, totals["exact"], totals["n"], totals["vague"], strict=True
            )
        ]
        text = "{day}: {said}"
    elif bins is not None and len(bins):
        values, days = bins["high"], bins.index
        text = "{day}: up to {value} at one demonstration"
    else:
        return ()
    order = np.argsort(-values.to_numpy(float), kind="stable")[: MAX_BINNED_LABELS * 50]
    chosen = _spread(pd.Series(days[order]), MAX_BINNED_LABELS)
    return tuple(
        Label(
            days[order[i]],
            float(values.iloc[order[i]]),
            text.format(
                day=format_day(days[order[i]]),
                value=format_count(values.iloc[order[i]]),
                said=said[order[i]] if len(totals) else "",
            ),
            float(values.iloc[order[i]]),
        )
        for i in chosen
    )


def _spread(when: pd.Series, n: int) -> list[int]:
    """Positions of the first ``n`` of ``when`` (ranked best first) a third of their period
    apart, so labels spread over the chart instead of piling up on one week."""
    values = pd.to_datetime(when).reset_index(drop=True)
    if values.empty:
        return []
    apart = max((values.max() - values.min()) / 3, pd.Timedelta(days=1))
    chosen: list[int] = []
    for i, t in enumerate(values):
        if all(abs(t - values[j]) >= apart for j in chosen):
            chosen.append(i)
            if len(chosen) == n:
                break
    return chosen


def _place(row: Mapping[str, object]) -> str:
    for col in ("city", "location", "title"):
        value = row.get(col)
        if isinstance(value, str) and value:
            return shorten(value, 18)
    return "place not given"
