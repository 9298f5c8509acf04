"""The data behind each chart ("Get the data"): one row per mark, written from the facts model.

:func:`chart_data` returns, for an article chart, exactly the figures it draws: dates, place,
the figure as drawn and whether it is a floor ("at least"), its kind, the sources' own wording,
who estimated a crowd, each source with its reliability, and for a mark that groups events how
many it groups and every one of their ``event_ids``. The chart page writes each frame as a
formula-safe CSV (:func:`analysis.publish.csvfiles.write_csv`). The reader-facing report tables
are in :mod:`analysis.charts.tables`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pandas as pd

from analysis.charts.style import RESPONSE_LEVEL_STYLE
from analysis.charts.tables import source_labels
from analysis.data.labels import response_type_label, status_label
from analysis.fmt import format_day
from analysis.prep.aggregate import split_cell
from analysis.prep.arrests import OVER_WORDS
from analysis.prep.crowd import CrowdFacts, total_words, vague_words
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words
from analysis.spec import showing, words

#: Columns of :func:`chart_data`, in order (a chart's table keeps those it uses).
CHART_DATA_COLUMNS = (
    "chart",
    "panel",
    "mark",
    "series",
    "start",
    "end",
    "when",
    "event",
    "place",
    "low",
    "high",
    "value",
    "at_least",
    "figure",
    "kind",
    "disputed",
    "claim",
    "n",
    "n_events",
    "level",
    "actor",
    "response_type",
    "label",
    "status",
    "wording",
    "estimate_by",
    "estimator",
    "sources",
    "event_ids",
)
#: What each kind of crowd mark is, for the "kind" column.
_CROWD_KINDS = ("count", "weak", "claim", "unknown")


def _iso(day: object) -> str:
    return "" if day is None or pd.isna(day) else pd.Timestamp(day).strftime("%Y-%m-%d")


def _is_floor(low: object, is_open: bool) -> bool:
    """Whether a figure is drawn and worded as a floor ("at least", a caret), as
    ``figure_words`` says: a figure with no upper bound. A vague word's range ("hundreds",
    200–999) has its ceiling and is no floor."""
    if low is None or pd.isna(low):
        return False
    return bool(is_open)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _figure_cells(
    low: object, high: object, is_open: bool, disputed: bool, about: bool = False
) -> dict[str, object]:
    """A drawn figure's cells: its low and high, whether it is a floor, and its words (the
    chart's: "about 2,500" where the source gives an estimate)."""
    return {
        "low": _number(low),
        "high": _number(high),
        "at_least": _is_floor(low, is_open),
        "figure": figure_words(low, high, is_open, disputed, about),
    }


def _event_cells(text: _EventText, key: str, mark: pd.Series, what: str) -> dict[str, object]:
    """The cells of a mark that is one event: what it is, its days, and the event's words."""
    ev = text.events.loc[key]
    return {
        "mark": what,
        "start": _iso(mark["start"]),
        "end": _iso(mark["end"]),
        "when": words.when_words(ev),
        "event": ev["title"],
        "place": text.place(key),
    }


def _joined(values: list[object], sep: str = " | ") -> str:
    seen = dict.fromkeys(str(v) for v in values if isinstance(v, str) and v.strip())
    return sep.join(seen)


def _binned(facts: Facts, panel: str) -> bool:
    """Whether ``panel`` draws grouped marks (one per day, and level) instead of one per event."""
    part = {"crowd": facts.crowd, "arrests": facts.arrests, "responses": facts.responses}[panel]
    return part.binning.binned


def _members(marks: pd.DataFrame, by: str | list[str]) -> dict[Any, tuple[str, ...]]:
    """Every event key (``marks``' index) per value of ``by``: what each grouped mark groups.

    The model keeps only a grouped mark's first few keys, for its hover box; the mark's row in
    "Get the data" names all of its events. Keys keep ``marks``' order.
    """
    keys = marks.index.astype(str).to_numpy(object)
    return {
        group: tuple(keys[positions])
        for group, positions in marks.groupby(by, sort=False).indices.items()
    }


def _by_key(frame: pd.DataFrame, column: str, keys: pd.Index | None = None) -> dict[str, object]:
    """``column`` of ``frame`` per key, as a dict: grouped marks look up thousands of events."""
    keys = frame.index if keys is None else keys
    return dict(zip(keys.astype(str).to_numpy(object), frame[column].to_numpy(object), strict=True))


class _EventText:
    """What a chart's data says of its events: row ids, sources with reliability, place, words.

    Ids, sources and places are read from ``facts.events``, which holds every event, so a
    grouped mark can name each event it groups. The sources' wording of each figure
    (``<measure>_wording``, from :meth:`Facts.details`) is built only for the events of the
    panels drawn one mark per event: a grouped mark's row names its events, not their words,
    and at scale the words are most of the merging work.
    """

    def __init__(self, facts: Facts, panels: tuple[str, ...] = ()) -> None:
        keys = (
            pd.Index([])
            .append([facts.drawn_keys(p) for p in panels if not _binned(facts, p)])
            .unique()
        )
        self.events = facts.events
        self.details = facts.details(keys) if len(keys) else facts.events.iloc[:0]
        self.labels = source_labels(facts.sources)
        self.rows = facts.rows

    @cached_property
    def _source_ids(self) -> dict[str, object]:
        return _by_key(self.events, "source_ids")

    @cached_property
    def _event_ids(self) -> dict[str, object]:
        return _by_key(self.events, "event_ids")

    @cached_property
    def _estimators(self) -> dict[str, object]:
        """Each row's crowd estimator, by its event_id (when the events have no such column)."""
        if "crowd_estimator" not in self.rows:
            return {}
        return _by_key(self.rows, "crowd_estimator", pd.Index(self.rows["event_id"]))

    def sources(self, keys: tuple[str, ...] | list[str]) -> str:
        ids = [i for k in keys for i in split_cell(self._source_ids[k])]
        return "; ".join(dict.fromkeys(self.labels.get(i, i) for i in ids))

    def ids(self, keys: tuple[str, ...] | list[str]) -> str:
        return ";".join(i for k in keys for i in split_cell(self._event_ids[k]))

    def wording(self, keys: tuple[str, ...] | list[str], measure: str) -> str:
        """The sources' words for ``measure`` of events drawn one by one (see the class)."""
        return _joined([self.details.at[k, f"{measure}_wording"] for k in keys])

    def estimator(self, key: str) -> str:
        if "crowd_estimator" in self.events:
            return _joined([self.events.at[key, "crowd_estimator"]])
        ids = split_cell(self.events.at[key, "event_ids"])
        return _joined([self._estimators.get(i) for i in ids], "; ")

    def place(self, key: str) -> str:
        ev = self.events.loc[key]
        return ", ".join(v for v in (ev["location"], ev["city"]) if isinstance(v, str) and v)


def _grouped_cells(text: _EventText, keys: tuple[str, ...], n: int) -> dict[str, object]:
    """The cells saying what a grouped mark groups: how many events, their sources and rows."""
    return {"n": n, "sources": text.sources(keys), "event_ids": text.ids(keys)}


def _total_members(crowd: CrowdFacts) -> dict[Any, tuple[str, ...]]:
    """Per crowd total (by its day or Monday), every counted demonstration it adds up.

    The model names them only for small selections (``totals["keys"]``); its rule: a counted
    crowd dated to one day (one Monday-to-Sunday week) adds to that day's (week's) total, unless
    its figure is a vague word (:func:`analysis.prep.crowd.vague_words`).
    """
    counted = crowd.marks[(crowd.marks["kind"] == "count").to_numpy(bool)]
    counted = counted[vague_words(counted).isna().to_numpy(bool)]  # a vague word is not added
    start, end = counted["start"], counted["end"]
    if crowd.total_freq == "W":
        start = start - pd.to_timedelta(start.dt.day_of_week, unit="D")
        end = end - pd.to_timedelta(end.dt.day_of_week, unit="D")
        single = (start == end).to_numpy(bool)
    else:
        single = ~counted["span"].to_numpy(bool)
    return _members(counted[single].assign(_period=start[single]), "_period")


def _crowd_data(facts: Facts, text: _EventText) -> list[dict[str, object]]:
    crowd = facts.crowd
    rows: list[dict[str, object]] = []
    if crowd.binning.binned:
        known = crowd.marks["low"].notna().to_numpy(bool)
        grouped = (
            ("demonstrations of the day (binned)", "count", crowd.bins, crowd.marks[known]),
            (
                "demonstrations of the day, size not reported (binned)",
                "unknown",
                crowd.unknown_bins,
                crowd.marks[~known],
            ),
        )
        for mark, kind, bins, marks in grouped:
            members = _members(marks, "x")
            for day, b in (bins if bins is not None else pd.DataFrame()).iterrows():
                rows.append(
                    {
                        "mark": mark,
                        "start": _iso(day),
                        "end": _iso(day),
                        "when": format_day(day),
                        **{c: _number(b[c]) for c in ("low", "high", "value") if c in b},
                        "kind": kind,
                        **_grouped_cells(text, members.get(day, ()), int(b["n"])),
                    }
                )
    else:
        for key, m in crowd.marks.iterrows():
            ev = text.events.loc[key]
            low, high = m["low"], m["high"]
            rows.append(
                {
                    **_event_cells(text, str(key), m, "demonstration"),
                    **_figure_cells(
                        low, high, bool(m["open"]), bool(m["disputed"]), bool(m.get("about"))
                    ),
                    "value": _number(low),
                    "kind": str(m["kind"]),
                    "disputed": bool(m["disputed"]),
                    "claim": m["claim"] if isinstance(m.get("claim"), str) else "",
                    "wording": text.wording([str(key)], "crowd"),
                    "estimate_by": _joined([ev["crowd_estimate_by"]]),
                    "estimator": text.estimator(str(key)),
                    "sources": text.sources([str(key)]),
                    "event_ids": text.ids([str(key)]),
                }
            )
    total = words.total_word(facts).lower()
    in_totals = None
    for day, t in crowd.totals.iterrows():
        end = day + pd.Timedelta(days=6) if crowd.total_freq == "W" else day
        if isinstance(t["keys"], tuple):
            keys = tuple(str(k) for k in t["keys"])
        else:
            in_totals = _total_members(crowd) if in_totals is None else in_totals
            keys = in_totals.get(day, ())
        rows.append(
            {
                "mark": f"{total} total of counted crowds",
                "start": _iso(day),
                "end": _iso(end),
                "when": format_day(day) if end == day else f"week of {format_day(day)}",
                "low": _number(t["low_sum"]),
                "high": _number(t["high_sum"]),
                "value": _number(t["low_sum"]),
                "at_least": not bool(t["exact"]),
                "figure": total_words(t["low_sum"], bool(t["exact"]), int(t["n"]), t["vague"]),
                "kind": "total",
                "n_events": int(t["n_events"]),
                **_grouped_cells(text, keys, int(t["n"])),
            }
        )
    return [{"panel": "crowd", **r} for r in rows]


def _arrests_data(facts: Facts, text: _EventText) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    binned = facts.arrests.binning.binned
    drawn = text.events.loc[facts.arrests.events]
    for s in facts.arrests.series.values():
        measure = ARREST_MEASURES[s.kind]
        if binned:  # one mark per day: every figure counts on its first day
            with_figure = drawn[drawn[f"{measure}_low"].notna().to_numpy(bool)]
            members = _members(with_figure, "start")
        for m in s.marks.to_dict("records"):
            cells = _figure_cells(
                m["low"], m["high"], bool(m["open"]), bool(m["disputed"]), bool(m.get("about"))
            )
            if cells["figure"]:  # "about 25 in one week", as the chart labels it
                cells["figure"] += OVER_WORDS.get(str(m.get("over")), "")
            figures = {
                **cells,
                "value": _number(m["high"]),
                "kind": "count",
                "disputed": bool(m["disputed"]),
            }
            if binned:
                rows.append(
                    {
                        "mark": "day (binned)",
                        "series": s.what,
                        "start": _iso(m["start"]),
                        "end": _iso(m["end"]),
                        "when": words.when_words(m),
                        **figures,
                        **_grouped_cells(text, members.get(m["start"], ()), int(m["n"])),
                    }
                )
                continue
            keys = [str(k) for k in m["keys"]] if isinstance(m["keys"], tuple) else []
            single = len(keys) == 1
            rows.append(
                {
                    "mark": "figure" if single else "day's figures",
                    "series": s.what,
                    "start": _iso(m["start"]),
                    "end": _iso(m["end"]),
                    "when": words.when_words(text.events.loc[keys[0]])
                    if single
                    else words.when_words(m),
                    "event": text.events.at[keys[0], "title"] if single else "",
                    "place": text.place(keys[0]) if single else "",
                    **figures,
                    "n": int(m["n"]),
                    "wording": text.wording(keys, measure),
                    "sources": text.sources(keys),
                    "event_ids": text.ids(keys),
                }
            )
    return [{"panel": "arrests", **r} for r in rows]


#: The events column each arrest series reads its wording from.
ARREST_MEASURES = {"protesters": "arrests", "immigration": "immigration"}


def _responses_data(facts: Facts, text: _EventText) -> list[dict[str, object]]:
    resp = facts.responses
    rows: list[dict[str, object]] = []
    if resp.binning.binned:
        counted = resp.marks[resp.marks["counted"].to_numpy(bool)]  # what the bins count
        marks = counted.assign(_day=counted["x"].dt.normalize())
        members = _members(marks, ["_day", "response_level"])
        for b in (resp.bins if resp.bins is not None else pd.DataFrame()).to_dict("records"):
            keys = members.get((b["date"], b["response_level"]), ())
            rows.append(
                {
                    "mark": "responses of the day (binned)",
                    "start": _iso(b["date"]),
                    "end": _iso(b["date"]),
                    "when": format_day(b["date"]),
                    "level": RESPONSE_LEVEL_STYLE[str(b["response_level"])][2],
                    "actor": "; ".join(f"{a} ({k:,})" for a, k in b["actors"]),
                    **_grouped_cells(text, keys, int(b["n"])),
                }
            )
        return [{"panel": "responses", **r} for r in rows]
    for key, m in resp.marks.iterrows():
        ev = text.events.loc[key]
        kind = ev["response_type"]
        label = m.get("label")
        rows.append(
            {
                **_event_cells(text, str(key), m, _response_mark(m)),
                "level": RESPONSE_LEVEL_STYLE[str(m["response_level"])][2],
                "actor": _joined([ev["response_actor"]]),
                "response_type": response_type_label(kind),
                "label": label if isinstance(label, str) else "",
                "status": "announced" if bool(m["announced"]) else str(ev["status"]),
                "sources": text.sources([str(key)]),
                "event_ids": text.ids([str(key)]),
            }
        )
    return [{"panel": "responses", **r} for r in rows]


#: What a responses mark is, by the model's ``kind``, in the "mark" column (a response made that
#: only low-reliability sources report is drawn, and in no count: ``marks["counted"]``).
RESPONSE_MARKS = {
    "ignore": "no comment (not a response)",
    "quota": "arrest quota or goal (not a response)",
    "weak": "response (low-reliability sources only; not counted)",
}


def _response_mark(mark: pd.Series) -> str:
    """ "response", "response (low-reliability sources only; not counted)", or what is drawn
    among the responses and is not one."""
    kind = str(mark.get("kind", "response"))
    if kind in RESPONSE_MARKS:
        return RESPONSE_MARKS[kind]
    return "response" if bool(mark["counted"]) else RESPONSE_MARKS["weak"]


#: Columns of the map's "Get the data" CSV: one row per place it marks.
MAP_DATA_COLUMNS = (
    "chart",
    "place",
    "lon",
    "lat",
    "precision",
    "approximate",
    "demonstrations",
    "counted",
    "largest",
    "at_least",
    "figure",
    "kind",
)


def _map_data(facts: Facts) -> pd.DataFrame:
    """One row per place the map marks, largest first, as :func:`chart_data` gives it."""
    places = facts.map.places
    if places.empty:
        return pd.DataFrame(columns=list(MAP_DATA_COLUMNS))
    places = places.sort_values(["rank", "name"]) if "rank" in places else places
    value = places["value"].astype("Float64")
    floor = places["floor"].fillna(False).astype(bool)
    frame = pd.DataFrame(
        {
            "chart": "map",
            "place": places["name"].astype("string"),
            "lon": places["lon"].round(4),
            "lat": places["lat"].round(4),
            "precision": places["precision"].astype("string"),
            "approximate": places["approximate"].astype("boolean"),
            "demonstrations": places["n"].astype("Int64"),
            "counted": places["n_counted"].astype("Int64"),
            "largest": value.round().astype("Int64"),
            "at_least": (floor & value.notna().to_numpy(bool)).astype("boolean"),
            "figure": places["figure"].astype("string"),
            "kind": places["kind"].astype("string"),
        },
        columns=list(MAP_DATA_COLUMNS),
    )
    return frame.reset_index(drop=True)


def chart_data(facts: Facts, chart: str) -> pd.DataFrame:
    """The figures a chart draws, one row per mark, for its "Get the data" CSV.

    Read from the model only: the crowd panel's marks (and its daily or weekly totals), each
    arrest series' marks, the responses panel's marks, as they are drawn (per day when a panel
    is binned). Each row gives when (``start``, ``end`` as ISO days, ``when`` in words), what
    and where (``event``, ``place``), the figure as drawn (``low``, ``high``, ``value`` the
    height of the mark, ``at_least`` when it is a floor, ``figure`` as the label words it),
    ``kind`` (count, weak, claim, unknown; total for a crowd total), ``disputed``, the
    source's ``wording``, who estimated a crowd (``estimate_by``, ``estimator``), the
    ``sources`` with their reliability and the data's ``event_ids``; responses add ``level``,
    ``actor``, ``response_type``, ``label`` and ``status``. Columns no mark of the chart uses
    are left out; ``chart`` is "combined" or one panel's name.

    For ``chart="map"``, one row per place the map marks (largest crowd first): ``place``,
    ``lon``/``lat`` (the gazetteer's), ``precision`` and ``approximate`` (only the town is
    known), ``demonstrations`` there, how many have a ``counted`` size, the ``largest``
    counted crowd (low-reliability figures excluded) with ``at_least`` and ``figure`` as the
    map labels it, and ``kind`` (count, weak or unknown, as the mark is drawn).

    Raises
    ------
    ParameterError
        For an unknown chart.
    """
    if chart == "map":
        return _map_data(facts)
    # the combined chart's marks are those of the panels it draws (showing.combined_panels)
    panels = showing.combined_panels(facts) if chart == "combined" else facts.panels_of(chart)
    text = _EventText(facts, panels)
    build = {"crowd": _crowd_data, "arrests": _arrests_data, "responses": _responses_data}
    rows = [r for panel in panels for r in build[panel](facts, text)]
    frame = pd.DataFrame(rows, columns=[c for c in CHART_DATA_COLUMNS if c != "chart"])
    frame.insert(0, "chart", chart)
    used = [c for c in frame.columns if c in ("chart", "panel") or frame[c].notna().any()]
    frame = frame[used]
    for column in ("low", "high", "value"):  # counts of people: whole numbers stay whole
        if column in frame:
            values = frame[column].astype("Float64")
            whole = bool((values.dropna() % 1 == 0).all())
            frame[column] = values.astype("Int64") if whole else values
    for column in ("n", "n_events"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in ("at_least", "disputed"):
        if column in frame:
            frame[column] = frame[column].astype("boolean")
    return frame.reset_index(drop=True)


#: The reader's words for a mark's ``kind`` in a "Get the data" CSV (the frame keeps the
#: codes the tests and the model use; the file a reader opens says what they mean).
KIND_WORDS = {
    "count": "counted",
    "weak": "low-reliability sources only",
    "claim": "official's claim, not a count",
    "unknown": "size not reported",
    "total": "total of counted crowds",
}
#: Columns of a "Get the data" CSV that hold yes/no answers.
YES_NO_COLUMNS = ("at_least", "disputed", "approximate")


def reader_words(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (:func:`chart_data`) as a "Get the data" CSV writes it, in a reader's words
    rather than codes: ``kind`` ("counted", "official's claim, not a count", ...), ``status``
    ("Happened", "Announced only") and yes/no for ``at_least``, ``disputed`` and
    ``approximate``. Nothing is added, dropped or reordered; the chart page's "What the data
    columns mean" says what each column holds."""
    out = frame.copy()
    if "kind" in out:
        out["kind"] = [
            KIND_WORDS.get(str(k), str(k)) if isinstance(k, str) else k for k in out["kind"]
        ]
    if "status" in out:
        out["status"] = [status_label(s) for s in out["status"]]
    for column in YES_NO_COLUMNS:
        if column in out:
            out[column] = [
                "" if v is None or v is pd.NA else ("yes" if bool(v) else "no") for v in out[column]
            ]
    if "at_least" in out and "figure" in out:  # no figure drawn: nothing is a floor
        drawn = out["figure"].fillna("").astype(str) != ""
        out["at_least"] = out["at_least"].where(drawn, "")
    return out
