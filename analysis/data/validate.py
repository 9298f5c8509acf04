"""Check the three curated CSVs against the data dictionary and report every broken rule.

Each column is first checked against its kind, vocabulary and references
(``analysis.data.columns``); then come the rules that tie cells and rows together: figures need
their wording, responses their actor, coordinates come from the gazetteer, disputes come in
groups, evidence is short, and numbers follow the vague-word rule of ``analysis.data.crowd``.
A required text cell needs a visible character, and an events file needs at least one row
unless the caller says it is meant to be empty.
Every failure becomes a ``Problem`` naming file, spreadsheet row, column, value and rule; all
of them are collected and raised together as one ``DataValidationError``.

Checks run on whole columns at once (pyarrow compute, numpy, pandas); Python loops only build
the messages, and at most ``analysis.data.columns.MAX_LISTED`` problems are spelt out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import paths
from analysis.data import schema
from analysis.data.columns import (
    ProblemList,
    Table,
    as_mask,
    matches,
    matches_few,
    parse_columns,
    run_checks,
)
from analysis.data.crowd import crowd_range
from analysis.data.readcsv import RawTable, read_strings
from analysis.data.schema import Column
from analysis.errors import DataValidationError, Problem

_STATE = r"^[A-Z]{2}$"
#: A visible character (RE2): not white space, a separator, or a control or format character
#: such as a zero-width space; a required text cell needs at least one.
_VISIBLE = r"[^\s\p{Z}\p{C}]"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Dataset:
    """The three checked tables: events, sources and places."""

    events: Table
    sources: Table
    places: Table


# --- Rules across columns ----------------------------------------------------------------------


def _check_unique(table: Table, name: str, out: ProblemList) -> None:
    if not table.has(name):
        return
    if len(pc.unique(table.raw.columns[name])) == len(table):  # the usual case, fast
        return
    ids = table.values[name]
    dup = ids.duplicated(keep=False).to_numpy(dtype=bool) & table.ok[name]
    if not dup.any():
        return
    rows_of: dict[str, list[int]] = {}
    for i in np.flatnonzero(dup):
        rows_of.setdefault(str(ids.iat[i]), []).append(int(table.raw.rows[i]))

    def message(i: int) -> str:
        others = [r for r in rows_of[str(ids.iat[i])] if r != table.raw.rows[i]]
        shown = ", ".join(map(str, others[:10])) + (" ..." if len(others) > 10 else "")
        return f"duplicate {name}: also in row{'s' if len(others) > 1 else ''} {shown}"

    out.flag(table, dup, name, "unique", message)


def _check_visible(table: Table, out: ProblemList) -> None:
    """A required text cell needs a visible character: a title of spaces is no title.

    So does a set cell of a column with a length limit (``label``): a label of spaces is none.
    Such a column also holds at most ``max_length`` characters.
    """
    for column in table.spec:
        name = column.name
        if column.kind != "text" or not table.has(name):
            continue
        if column.required or column.max_length:
            blank = table.set(name) & ~matches(table.raw.columns[name], _VISIBLE)
            out.flag(
                table,
                blank,
                name,
                "required" if column.required else "visible",
                f"{name} is required: the cell has only spaces or invisible characters"
                if column.required
                else f"{name} has only spaces or invisible characters: write it or leave it empty",
            )
        if column.max_length:
            most = column.max_length
            length = np.asarray(
                pc.utf8_length(table.raw.columns[name]).to_numpy(zero_copy_only=False), dtype=int
            )
            out.flag(
                table,
                length > most,
                name,
                "length",
                lambda i, n=length, most=most, name=name: (
                    f"{name} has {n[i]} characters; at most {most}"
                ),
            )


def _check_not_empty(raw: RawTable, out: ProblemList) -> None:
    """Refuse an events file with a header and no rows: an emptied file, most likely."""
    if len(raw.rows) == 0:
        out.add(
            Problem(
                str(raw.path),
                None,
                None,
                None,
                "empty",
                "the file has a header but no events; if it is meant to be empty, say so with "
                "`python -m analysis validate --allow-empty` (in Python: allow_empty=True)",
            )
        )


def _requires(
    table: Table, out: ProblemList, when: tuple[str, ...], needed: str, why: str = ""
) -> None:
    """Flag records where any column of ``when`` is set but ``needed`` is empty."""
    present = [w for w in when if table.has(w)]
    if not present or not table.has(needed):
        return
    setting = np.logical_or.reduce([table.set(w) for w in present])
    mask = setting & ~table.set(needed)

    def message(i: int) -> str:
        if why:
            return f"{needed} must be set because {why}"
        which = [w for w in present if table.cell(w, i)]
        verb = "is" if len(which) == 1 else "are"
        return f"{needed} must be set because {' and '.join(which)} {verb} set"

    out.flag(table, mask, needed, "requires", message)


def _low_high(table: Table, out: ProblemList, low: str, high: str) -> None:
    if not table.has(low, high):
        return
    lo, hi = table.num[low], table.num[high]
    with np.errstate(invalid="ignore"):
        below = lo > hi
    out.flag(table, below, high, "low-high", lambda i: f"{high} is below {low} ({lo[i]:.0f})")


def _check_events(events: Table, places: Table | None, out: ProblemList) -> None:
    """The event rules that tie several cells of a row, or several rows, together."""
    ev = events
    run_checks(
        [
            lambda o: _check_unique(ev, "event_id", o),
            lambda o: _check_event_dates(ev, o),
            lambda o: _check_event_figures(ev, o),
            lambda o: _check_event_place(ev, places, o),
            lambda o: _check_disputes(ev, o),
            lambda o: _check_evidence(ev, o),
            lambda o: check_vague_words(ev, o),
            lambda o: _check_label(ev, o),
            lambda o: _check_coded(ev, o),
        ],
        out,
        len(ev),
    )


def _check_event_figures(ev: Table, out: ProblemList) -> None:
    """Figures need their wording and who made them; a high needs a low; responses an actor.

    ``crowd_estimator`` (the name of whoever made a crowd figure) only goes with a crowd figure.
    """
    for low, high, needs in (
        ("crowd_low", "crowd_high", ("crowd_text", "crowd_estimate_by")),
        ("figure_low", "figure_high", ("figure_text", "figure_unit")),
    ):
        _low_high(ev, out, low, high)
        for needed in needs:
            _requires(ev, out, (low, high), needed)
        _requires(ev, out, (high,), low, f"{high} is set (an open range has a low, not a high)")
    if ev.has("crowd_estimator", "crowd_low"):
        out.flag(
            ev,
            ev.set("crowd_estimator") & ~ev.set("crowd_low"),
            "crowd_estimator",
            "crowd-estimator",
            "crowd_estimator names who made a crowd figure, but the row gives none "
            "(crowd_low is empty)",
        )
    _requires(ev, out, ("arrests",), "arrests_text")
    _requires(ev, out, ("immigration_arrests",), "immigration_arrests_text")
    if ev.has("event_type"):
        responding = as_mask(ev.values["event_type"].isin(sorted(schema.RESPONSE_EVENT_TYPES)))
        for needed in ("response_level", "response_type"):
            if ev.has(needed):
                out.flag(
                    ev,
                    responding & ~ev.set(needed),
                    needed,
                    "response",
                    lambda i, needed=needed: (
                        f"{needed} must be set for an event of type {ev.cell('event_type', i)}"
                    ),
                )
    _requires(ev, out, ("response_type", "response_level"), "response_actor")


def _check_event_place(ev: Table, places: Table | None, out: ProblemList) -> None:
    """A local event names its city; state code; coordinates in range and from the gazetteer."""
    if ev.has("scope", "city"):
        local = as_mask(ev.values["scope"] == "local") & ~ev.set("city")
        out.flag(ev, local, "city", "scope", "city must be set because scope is local")
    _check_state(ev, out)
    _check_coordinates(ev, out)
    if places is not None:
        _check_gazetteer(ev, places, out)


def _evidence_words(text: str) -> int:
    """Words of an evidence cell; the ' … ' between its phrases is not a word."""
    return len(text.replace(schema.EVIDENCE_SEP.strip(), " ").split())


def _check_evidence(ev: Table, out: ProblemList) -> None:
    """The evidence is short: at most ``schema.EVIDENCE_MAX_WORDS`` words in all its phrases.

    Phrases from different places of the source are joined by ``schema.EVIDENCE_SEP``
    (" … "), which does not count as a word.
    """
    if not ev.has("evidence"):
        return
    most = schema.EVIDENCE_MAX_WORDS
    words = pc.replace_substring(ev.raw.columns["evidence"], schema.EVIDENCE_SEP.strip(), " ")
    too_long = matches(words, rf"^\s*(?:\S+\s+){{{most}}}\S")
    out.flag(
        ev,
        too_long,
        "evidence",
        "evidence",
        lambda i: (
            f"evidence has {_evidence_words(ev.cell('evidence', i) or '')} words; at most {most}"
        ),
    )


def _check_event_dates(ev: Table, out: ProblemList) -> None:
    """event_id starts with the date; week and month precision; date_end not before date."""
    if ev.has("event_id", "date"):
        ids, dates = ev.raw.columns["event_id"], ev.raw.columns["date"]
        prefix = pc.binary_join_element_wise(dates, "-", "")
        starts = as_mask(pc.equal(pc.utf8_slice_codeunits(ids, 0, 11), prefix))
        out.flag(
            ev,
            ev.ok["event_id"] & ev.ok["date"] & ~starts,
            "event_id",
            "event-id-date",
            lambda i: f"event_id must start with its date: '{ev.cell('date', i)}-'",
        )
    if ev.has("date", "date_precision"):
        date = ev.values["date"]
        precision = ev.values["date_precision"]
        weekday = date.dt.day_of_week.to_numpy(dtype=float, na_value=np.nan)
        week = ev.ok["date"] & as_mask(precision == "week") & (weekday != 0)

        def not_monday(i: int) -> str:
            day = int(weekday[i])
            monday = (date.iat[i] - pd.Timedelta(days=day)).date()
            return (
                f"date_precision is week, so date must be a Monday; {ev.cell('date', i)} is a "
                f"{_WEEKDAYS[day]} (that week's Monday is {monday})"
            )

        out.flag(ev, week, "date", "date-precision", not_monday)
        first = date.dt.day.to_numpy(dtype=float, na_value=np.nan) == 1
        month = ev.ok["date"] & as_mask(precision == "month") & ~first
        out.flag(
            ev, month, "date", "date-precision", "date_precision is month, so date must be the 1st"
        )
    if ev.has("date", "date_end"):
        early = as_mask(ev.values["date_end"] < ev.values["date"])
        out.flag(ev, early, "date_end", "date-end", "date_end is before date")


def _check_state(table: Table, out: ProblemList) -> None:
    if table.has("state"):
        bad = table.set("state") & ~matches_few(table.raw.columns["state"], _STATE)
        out.flag(table, bad, "state", "state", "state must be two capital letters (e.g. CA)")


def _check_coordinates(table: Table, out: ProblemList) -> None:
    """Latitude and longitude in range, and both set or both empty."""
    if not table.has("latitude", "longitude"):
        return
    lat, lon = table.num["latitude"], table.num["longitude"]
    with np.errstate(invalid="ignore"):
        out.flag(table, np.abs(lat) > 90, "latitude", "coordinates", "latitude outside -90..90")
        out.flag(
            table, np.abs(lon) > 180, "longitude", "coordinates", "longitude outside -180..180"
        )
    has_lat, has_lon = table.set("latitude"), table.set("longitude")
    out.flag(
        table, has_lat & ~has_lon, "longitude", "coordinates", "latitude is set, longitude empty"
    )
    out.flag(
        table, has_lon & ~has_lat, "latitude", "coordinates", "longitude is set, latitude empty"
    )


def _check_gazetteer(ev: Table, places: Table, out: ProblemList) -> None:
    """Coordinates come from places.csv: copied exactly, and never without a place_id."""
    if not ev.has("place_id"):
        return
    for name in ("latitude", "longitude"):
        if ev.has(name):
            out.flag(
                ev,
                ev.set(name) & ~ev.set("place_id"),
                "place_id",
                "gazetteer",
                f"{name} is set, so place_id must name the places.csv row it comes from",
            )
    if not places.has("place_id"):
        return
    # Position of each event's place in places.csv (first row of a duplicated id).
    where = pc.index_in(ev.raw.columns["place_id"], value_set=places.raw.columns["place_id"])
    pos = np.asarray(pc.fill_null(where, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    known = ev.ok["place_id"] & (pos >= 0)
    for name, source in (("latitude", "latitude"), ("longitude", "longitude")):
        if not ev.has(name) or not places.has(source):
            continue
        expected = np.append(places.num[source], np.nan)[pos]  # -1 (unknown place) -> NaN
        with np.errstate(invalid="ignore"):
            same = np.abs(ev.num[name] - expected) <= 1e-6
        usable = known & ~np.isnan(expected) & (ev.ok[name] | ev.empty[name])
        out.flag(
            ev,
            usable & ~same,
            name,
            "gazetteer",
            lambda i, e=expected, s=source: (
                f"must be copied from places.csv: the {s} of {ev.cell('place_id', i)} is {e[i]}"
            ),
        )
    if ev.has("geo_precision") and places.has("precision"):
        expected_p = np.append(places.values["precision"].astype(object), None)[pos]
        actual_p = np.asarray(ev.values["geo_precision"].astype(object))
        usable = known & pd.notna(expected_p) & (ev.ok["geo_precision"] | ev.empty["geo_precision"])
        same_p = np.asarray(actual_p == expected_p, dtype=bool)
        out.flag(
            ev,
            usable & ~same_p,
            "geo_precision",
            "gazetteer",
            lambda i: (
                f"must be copied from places.csv: the precision of {ev.cell('place_id', i)} "
                f"is {expected_p[i]}"
            ),
        )


def _check_disputes(ev: Table, out: ProblemList) -> None:
    """disputed ⇔ dispute_group; a group has at least two rows, all on one date."""
    if not ev.has("disputed", "dispute_group"):
        return
    disputed = as_mask(ev.values["disputed"])
    grouped = ev.set("dispute_group")
    out.flag(
        ev,
        disputed & ~grouped,
        "dispute_group",
        "dispute",
        "disputed is true, so dispute_group must name the group of conflicting rows",
    )
    out.flag(
        ev,
        grouped & ~disputed & ev.ok["disputed"],
        "disputed",
        "dispute",
        "dispute_group is set, so disputed must be true",
    )
    if not grouped.any() or not ev.has("date"):
        return
    idx = np.flatnonzero(grouped)
    frame = pd.DataFrame(
        {
            "group": ev.values["dispute_group"].iloc[idx].to_numpy(),
            "date": ev.values["date"].iloc[idx].to_numpy(),
        }
    )
    by_group = frame.groupby("group")["date"]
    size = by_group.transform("size").to_numpy()
    dates = by_group.transform("nunique").to_numpy()
    alone = np.zeros(len(ev), dtype=bool)
    alone[idx[size < 2]] = True
    out.flag(
        ev,
        alone,
        "dispute_group",
        "dispute",
        "a dispute_group needs at least two rows; no other row has this one",
    )
    spread = np.zeros(len(ev), dtype=bool)
    spread[idx[(size >= 2) & (dates > 1)]] = True
    out.flag(
        ev,
        spread,
        "dispute_group",
        "dispute",
        "the rows of a dispute_group must all be on the same date",
    )


def check_vague_words(events: Table, out: ProblemList) -> None:
    """The numbers agree with the wording they come from, by the rule of ``crowd_range``.

    ``crowd_text`` gives ``(crowd_low, crowd_high)``, ``figure_text`` gives
    ``(figure_low, figure_high)``, and the low figure of ``arrests_text`` and
    ``immigration_arrests_text`` gives ``arrests`` and ``immigration_arrests``. Wording with
    no figure ("a number of people") goes with empty numbers.
    """
    for text, numbers in (
        ("crowd_text", ("crowd_low", "crowd_high")),
        ("figure_text", ("figure_low", "figure_high")),
        ("arrests_text", ("arrests",)),
        ("immigration_arrests_text", ("immigration_arrests",)),
    ):
        if not events.has(text, *numbers) or not events.set(text).any():
            continue
        has_text = events.set(text)
        column = events.raw.columns[text]
        uniques = pc.unique(column)
        codes = pc.index_in(column, value_set=uniques).to_numpy(zero_copy_only=False)
        parsed = [crowd_range(u) for u in uniques.to_pylist()]
        reported = np.zeros(len(events), dtype=bool)  # one problem per row is enough
        for pos, number in enumerate(numbers):
            want = np.array([np.nan if p[pos] is None else p[pos] for p in parsed], dtype=float)
            want = want[codes]
            have = events.num[number]
            same = (have == want) | (np.isnan(have) & np.isnan(want))
            usable = has_text & (events.ok[number] | events.empty[number])
            differs = usable & ~same & ~reported
            reported |= differs
            out.flag(events, differs, number, "vague-words", _vague_message(events, text, numbers))


def _vague_message(events: Table, text: str, numbers: tuple[str, ...]) -> Callable[[int], str]:
    def message(i: int) -> str:
        wording = events.cell(text, i) or ""
        low, high = crowd_range(wording)
        if low is None:
            gives, must = "no figure", f"{' and '.join(numbers)} must be empty"
        elif len(numbers) == 1:
            gives, must = f"{low}", f"{numbers[0]} must be {low}"
        else:
            top = "empty (open-ended)" if high is None else str(high)
            gives = f"low {low} and high {top}"
            must = f"{numbers[0]} must be {low} and {numbers[1]} {top}"
        return (
            f"by the vague-word rule (analysis.data.crowd) {text} {wording!r} gives {gives}: {must}"
        )

    return message


# --- Labels and coded text --------------------------------------------------------------------

#: The figures of a row that a number in its label may be.
_LABEL_FIGURES = (
    "crowd_low",
    "crowd_high",
    "figure_low",
    "figure_high",
    "arrests",
    "immigration_arrests",
)
#: A numeral as a label writes it ("2,500", "44", "1,200").
_NUMERAL = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+")
_ONE_LINE = r"[\t\n\r\f\v\x{2028}\x{2029}]"


def label_numbers(label: str) -> list[int]:
    """The numbers written as numerals in a chart label ("Trump: 1,200–1,500 a day": 1200, 1500)."""
    return [int(m.replace(",", "")) for m in _NUMERAL.findall(label)]


def _check_label(ev: Table, out: ProblemList) -> None:
    """A label is one line, ends without punctuation, and its numbers are the row's figures.

    Its length and visible character are checked with the other text columns
    (:func:`_check_visible`).
    """
    if not ev.has("label") or not ev.set("label").any():
        return
    column = ev.raw.columns["label"]
    has = ev.set("label")
    out.flag(
        ev,
        has & matches_few(column, _ONE_LINE),
        "label",
        "label",
        "label must be one line: no tabs or line breaks",
    )
    stops = "".join(re.escape(c) for c in schema.LABEL_TRAILING_PUNCTUATION)
    out.flag(
        ev,
        has & matches_few(column, rf"[{stops}]\s*$"),
        "label",
        "label",
        lambda i: (
            f"label ends with {(ev.cell('label', i) or '').rstrip()[-1:]!r}: a label takes no "
            f"closing punctuation ({' '.join(schema.LABEL_TRAILING_PUNCTUATION)})"
        ),
    )
    with_digits = np.flatnonzero(has & matches_few(column, r"\d"))
    if not len(with_digits):
        return
    present = [c for c in _LABEL_FIGURES if ev.has(c)]
    bad = np.zeros(len(ev), dtype=bool)
    foreign: dict[int, list[int]] = {}
    for i in with_digits:
        own = {int(ev.num[c][i]) for c in present if not np.isnan(ev.num[c][i])}
        wrong = [n for n in label_numbers(ev.cell("label", int(i)) or "") if n not in own]
        if wrong:
            bad[i] = True
            foreign[int(i)] = wrong
    out.flag(
        ev,
        bad,
        "label",
        "label",
        lambda i: (
            f"label has {', '.join(f'{n:,}' for n in foreign[i])}, which is not one of the "
            f"row's figures ({', '.join(present)}); a number in a label is the row's own figure"
        ),
    )


_Q_OPEN, _Q_CLOSE = schema.QUOTE_OPEN, schema.QUOTE_CLOSE
#: Text whose quotation marks pair up: “ ... ” with no straight double quote.
_UNQUOTED = f'[^{_Q_OPEN}{_Q_CLOSE}"]'
_PAIRED = rf"^{_UNQUOTED}*(?:{_Q_OPEN}{_UNQUOTED}+{_Q_CLOSE}{_UNQUOTED}*)*$"
_QUOTE = rf"{_Q_OPEN}[^{_Q_OPEN}{_Q_CLOSE}]+{_Q_CLOSE}"
#: A quotation of more than EVIDENCE_MAX_WORDS words.
_LONG_QUOTE = (
    rf"{_Q_OPEN}\s*(?:[^{_Q_OPEN}{_Q_CLOSE}\s]+\s+){{{schema.EVIDENCE_MAX_WORDS}}}"
    rf"[^{_Q_OPEN}{_Q_CLOSE}\s]"
)
#: One item of ``claims``: a coder's summary (no comma, no quotation) or one quoted slogan.
_CLAIM = rf"(?:{schema.CLAIM_SUMMARY}[^;,{_Q_OPEN}{_Q_CLOSE}]*[^;,\s{_Q_OPEN}{_Q_CLOSE}]|{_QUOTE})"
_CLAIMS = rf"^\s*{_CLAIM}\s*(?:;\s*{_CLAIM}\s*)*$"


def quotations(text: str) -> list[str]:
    """The phrases in “curly quotes” in ``text`` (the source's own words in a coded column)."""
    return re.findall(rf"{_Q_OPEN}([^{_Q_OPEN}{_Q_CLOSE}]+){_Q_CLOSE}", text)


def _check_coded(ev: Table, out: ProblemList) -> None:
    """The coded columns: quotations paired and short, numbers only in them, claims CCC-style.

    ``claims`` items are summaries starting "for ", "against " or "in solidarity with " (the
    Crowd Counting Consortium's syntax) or one quoted slogan; ``property_damage`` and the
    injuries keep the source's wording, so each of their cells quotes it.
    """
    for name in schema.CODED_COLUMNS:
        if not ev.has(name) or not ev.set(name).any():
            continue
        column = ev.raw.columns[name]
        # Coded cells repeat ("against ICE"): each rule runs once per distinct cell.
        uniques = pc.unique(column)
        codes = np.asarray(
            pc.index_in(column, value_set=uniques).to_numpy(zero_copy_only=False), dtype=np.int64
        )

        def per_row(mask: np.ndarray, codes: np.ndarray = codes) -> np.ndarray:
            return mask[codes]

        has = ev.set(name)
        paired = matches(uniques, _PAIRED)
        unpaired = has & ~per_row(paired)
        out.flag(
            ev,
            unpaired,
            name,
            "quotes",
            f'quote the source in “curly quotes” that open and close (and no straight "): '
            f"{name} has an unpaired or straight quotation mark",
        )
        ok = has & ~unpaired
        most = schema.EVIDENCE_MAX_WORDS
        out.flag(
            ev,
            ok & per_row(matches(uniques, _LONG_QUOTE)),
            name,
            "quotes",
            f"a quotation in {name} has more than {most} words: quote a short phrase",
        )
        unquoted = pc.replace_substring_regex(uniques, _QUOTE, "")
        out.flag(
            ev,
            ok & per_row(matches(unquoted, r"\d")),
            name,
            "quotes",
            f"{name} has a number outside a quotation: numbers only where the source gives "
            "them, in its words",
        )
        if name in schema.WORDING_COLUMNS:
            out.flag(
                ev,
                ok & ~per_row(matches(uniques, _QUOTE)),
                name,
                "wording",
                f"{name} keeps the source's wording: quote its phrase in “curly quotes”",
            )
        if name == "claims":
            out.flag(
                ev,
                ok & ~per_row(matches(uniques, _CLAIMS)),
                name,
                "claims",
                lambda i: _claims_message(ev.cell("claims", i) or ""),
            )


def _claims_message(text: str) -> str:
    wrong = [
        item.strip()
        for item in text.split(schema.LIST_SEP)
        if not re.fullmatch(_CLAIM, item.strip())
    ]
    shown = ", ".join(repr(w) for w in wrong[:3]) or repr(text)
    return (
        f"each claim starts with 'for ', 'against ' or 'in solidarity with ' (no comma, no "
        f"quotation), or is one slogan in “curly quotes”: {shown}"
    )


# --- Entry points ------------------------------------------------------------------------------


def _read(path: Path, spec: tuple[Column, ...], out: ProblemList) -> RawTable | None:
    try:
        raw = read_strings(path, schema.column_names(spec))
    except DataValidationError as err:
        for problem in err.problems:
            out.add(problem)
        return None
    for problem in raw.problems:
        out.add(problem)
    return raw


def _sources(path: Path, out: ProblemList) -> Table | None:
    raw = _read(path, schema.SOURCE_COLUMNS, out)
    if raw is None:
        return None
    table = parse_columns(raw, schema.SOURCE_COLUMNS, out, {})
    _check_unique(table, "source_id", out)
    _check_visible(table, out)
    return table


def _places(path: Path, out: ProblemList) -> Table | None:
    raw = _read(path, schema.PLACE_COLUMNS, out)
    if raw is None:
        return None
    table = parse_columns(raw, schema.PLACE_COLUMNS, out, {})
    _check_unique(table, "place_id", out)
    _check_visible(table, out)
    _check_state(table, out)
    _check_coordinates(table, out)
    return table


def _ids(table: Table | None, name: str) -> pa.Array | None:
    """The distinct ids of a table (what references may point to), or None if unknown."""
    if table is None or not table.has(name):
        return None
    ids = pc.unique(table.raw.columns[name])
    return pc.filter(ids, pc.not_equal(pc.binary_length(ids), 0))


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)


def validate_dataset(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
    *,
    allow_empty: bool = False,
) -> Dataset:
    """Check events.csv against the dictionary, and against its sources and places.

    Parameters
    ----------
    events_path, sources_path, places_path : str or Path, optional
        The three CSVs; each defaults to the project's file in ``data/``.
    allow_empty : bool
        Accept an events file with a header and no rows. By default it is a problem: an
        emptied file would otherwise give empty reports without a word.

    Returns
    -------
    Dataset
        The three checked tables, with every column parsed to its kind.

    Raises
    ------
    DataValidationError
        With every problem found in any of the three files.
    FileNotFoundError
        If a file does not exist.
    """
    out = ProblemList()
    sources = _sources(Path(sources_path or paths.SOURCES_CSV), out)
    places = _places(Path(places_path or paths.PLACES_CSV), out)
    raw = _read(Path(events_path or paths.EVENTS_CSV), schema.EVENT_COLUMNS, out)
    events = None
    if raw is not None:
        if not allow_empty:
            _check_not_empty(raw, out)
        refs = {"sources": _ids(sources, "source_id"), "places": _ids(places, "place_id")}
        events = parse_columns(raw, schema.EVENT_COLUMNS, out, refs)
        _check_visible(events, out)
        _check_events(events, places, out)
    _raise_if_any(out.result())
    assert events is not None and sources is not None and places is not None
    return Dataset(events, sources, places)


def validate_sources(path: str | Path | None = None) -> Table:
    """Check sources.csv on its own (columns, kinds, vocabularies, unique ids); raise if broken."""
    out = ProblemList()
    table = _sources(Path(path or paths.SOURCES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def validate_places(path: str | Path | None = None) -> Table:
    """Check places.csv on its own (columns, kinds, coordinates, unique ids); raise if broken."""
    out = ProblemList()
    table = _places(Path(path or paths.PLACES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def parse_table(path: str | Path, spec: tuple[Column, ...]) -> Table:
    """Read and parse one CSV without checking the rules (for ``load_*(validate=False)``).

    Cells that do not parse become ``<NA>``; references are not resolved. Only a file that
    cannot be read as a table (not UTF-8, empty, malformed CSV) raises ``DataValidationError``.
    """
    out = ProblemList()
    raw = _read(Path(path), spec, out)
    unreadable = [p for p in out.result() if p.rule in ("encoding", "csv")]
    _raise_if_any(unreadable)
    assert raw is not None
    return parse_columns(raw, spec, ProblemList(limit=0), {}, strict=False)
