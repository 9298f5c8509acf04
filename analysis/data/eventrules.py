"""The rules that tie the cells of an event row, or several rows, together.

Figures need their wording, responses their actor, coordinates come from the gazetteer,
disputes come in groups, evidence is short, dates agree with their precision and weekday, and
numbers follow the vague-word rule of :mod:`analysis.data.crowd`. :func:`check_events` runs
them all, with the rules on labels and coded text (:mod:`analysis.data.textrules`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.data import schema
from analysis.data.columns import ProblemList, Table, as_mask, matches, run_checks
from analysis.data.crowd import crowd_range
from analysis.data.rules import check_coordinates, check_state, check_unique, low_high, requires
from analysis.data.textrules import check_coded, check_label

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_events(events: Table, places: Table | None, out: ProblemList) -> None:
    """The event rules that tie several cells of a row, or several rows, together."""
    ev = events
    run_checks(
        [
            lambda o: check_unique(ev, "event_id", o),
            lambda o: _check_event_dates(ev, o),
            lambda o: _check_date_inferred(ev, o),
            lambda o: _check_event_figures(ev, o),
            lambda o: _check_event_place(ev, places, o),
            lambda o: _check_disputes(ev, o),
            lambda o: _check_responds_to(ev, o),
            lambda o: _check_evidence(ev, o),
            lambda o: check_vague_words(ev, o),
            lambda o: check_label(ev, o),
            lambda o: check_coded(ev, o),
        ],
        out,
        len(ev),
    )


def _check_responds_to(ev: Table, out: ProblemList) -> None:
    """``responds_to``: only a response answers events, never itself, and never one that came
    after it (a relation read off the dates is not what the column records)."""
    if not ev.has("responds_to", "event_id", "date"):
        return
    answers = ev.set("responds_to")
    if ev.has("response_level"):
        out.flag(
            ev,
            answers & ~ev.set("response_level"),
            "responds_to",
            "responds-to",
            "responds_to is set, so this row must be an official response (response_level)",
        )
    ids = ev.values["event_id"].astype(object).to_numpy()
    dates = dict(zip(ids, ev.values["date"], strict=True))
    cells = ev.values["responds_to"].astype(object).to_numpy()
    own = ev.values["date"]

    def targets(i: int) -> list[str]:
        return [t for t in str(cells[i]).split(schema.LIST_SEP) if t]

    rows = np.flatnonzero(answers & ev.ok["responds_to"])
    itself = np.zeros(len(ids), dtype=bool)
    later = np.zeros(len(ids), dtype=bool)
    for i in rows:
        itself[i] = ids[i] in targets(i)
        later[i] = any(
            pd.notna(dates.get(t)) and pd.notna(own.iat[i]) and dates[t] > own.iat[i]
            for t in targets(i)
        )
    out.flag(ev, itself, "responds_to", "responds-to", "a response cannot answer itself")
    out.flag(
        ev,
        later,
        "responds_to",
        "responds-to",
        lambda i: (
            "responds_to names an event dated after this response ("
            + ", ".join(t for t in targets(i) if pd.notna(dates.get(t)) and dates[t] > own.iat[i])
            + ")"
        ),
    )


def _check_event_figures(ev: Table, out: ProblemList) -> None:
    """Figures need their wording and who made them; a high needs a low; responses an actor.

    ``crowd_estimator`` (the name of whoever made a crowd figure) only goes with a crowd figure.
    """
    for low, high, needs in (
        ("crowd_low", "crowd_high", ("crowd_text", "crowd_estimate_by")),
        ("figure_low", "figure_high", ("figure_text", "figure_unit")),
    ):
        low_high(ev, out, low, high)
        for needed in needs:
            requires(ev, out, (low, high), needed)
        requires(ev, out, (high,), low, f"{high} is set (an open range has a low, not a high)")
    if ev.has("crowd_estimator", "crowd_low"):
        out.flag(
            ev,
            ev.set("crowd_estimator") & ~ev.set("crowd_low"),
            "crowd_estimator",
            "crowd-estimator",
            "crowd_estimator names who made a crowd figure, but the row gives none "
            "(crowd_low is empty)",
        )
    if ev.has("crowd_estimator", "crowd_estimate_by"):
        by = ev.values["crowd_estimate_by"]
        out.flag(
            ev,
            as_mask(by == "unknown") & ev.set("crowd_estimator"),
            "crowd_estimator",
            "crowd-estimator",
            "crowd_estimate_by is unknown (the source does not say who made the figure), so "
            "crowd_estimator must be empty",
        )
        out.flag(
            ev,
            as_mask(by == "officials") & ev.set("crowd_low") & ~ev.set("crowd_estimator"),
            "crowd_estimator",
            "crowd-estimator",
            "crowd_estimate_by is officials: an official's figure is a claim, labelled with its "
            "claimant, so crowd_estimator must name them",
        )
    requires(ev, out, ("arrests",), "arrests_text")
    requires(ev, out, ("immigration_arrests",), "immigration_arrests_text")
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
    requires(ev, out, ("response_type", "response_level"), "response_actor")


def _check_date_inferred(ev: Table, out: ProblemList) -> None:
    """An inferred date says how in notes; a date known only to the week or month is inferred."""
    if not ev.has("date_inferred"):
        return
    inferred = as_mask(ev.values["date_inferred"]) & ev.ok["date_inferred"]
    if ev.has("notes"):
        out.flag(
            ev,
            inferred & ~ev.set("notes"),
            "notes",
            "date-inferred",
            "date_inferred is true, so notes must say how the date was worked out",
        )
    if ev.has("date_precision"):
        vague = as_mask(ev.values["date_precision"].isin(["week", "month"]))
        out.flag(
            ev,
            vague & ~inferred & ev.ok["date_inferred"],
            "date_inferred",
            "date-inferred",
            lambda i: (
                f"date_precision is {ev.cell('date_precision', i)}: no source states the full "
                "date, so date_inferred must be true"
            ),
        )


def _check_event_place(ev: Table, places: Table | None, out: ProblemList) -> None:
    """A local event names its city; an event in another state is national; state code;
    coordinates in range and from the gazetteer.

    A statement or directive has no place of its own (``schema.UNPLACED_EVENT_TYPES``): it is
    scoped by the events it speaks to and has no place_id or coordinates.
    """
    if ev.has("scope", "city"):
        local = as_mask(ev.values["scope"] == "local") & ~ev.set("city")
        out.flag(ev, local, "city", "scope", "city must be set because scope is local")
    if ev.has("scope", "state"):
        # Local and regional mean Southern California, so a row in another state (the leaked
        # Aurora, Colorado raid) is national: counts of the area can leave it out by scope.
        away = as_mask((ev.values["state"] != "CA") & (ev.values["scope"] != "national"))
        out.flag(
            ev,
            away & ev.set("state") & ev.ok["state"] & ev.ok["scope"],
            "scope",
            "scope",
            lambda i: (
                f"state {ev.cell('state', i)} is outside California, so scope must be "
                "national (local and regional mean Southern California)"
            ),
        )
    if ev.has("event_type"):
        unplaced = as_mask(ev.values["event_type"].isin(sorted(schema.UNPLACED_EVENT_TYPES)))
        for name in ("place_id", "latitude", "longitude"):
            if ev.has(name):
                out.flag(
                    ev,
                    unplaced & ev.set(name),
                    name,
                    "statement-place",
                    lambda i, name=name: (
                        f"an event of type {ev.cell('event_type', i)} has no place of its own, "
                        f"so {name} must be empty (scope and city say where the events it "
                        "speaks to are)"
                    ),
                )
    check_state(ev, out)
    check_coordinates(ev, out)
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
    _check_dispute_floors(ev, idx, out)


#: The figures a dispute can be about: (name, low column, high column or None, wording column).
#: Without a high column the wording gives the high by the vague-word rule ("at least five":
#: none, a floor; "eight": 8).
_DISPUTED_FIGURES = (
    ("crowd", "crowd_low", "crowd_high", "crowd_text"),
    ("figure", "figure_low", "figure_high", "figure_text"),
    ("arrests", "arrests", None, "arrests_text"),
    ("immigration", "immigration_arrests", None, "immigration_arrests_text"),
)


def _figure_span(ev: Table, i: int, low: str, high: str | None, text: str) -> tuple[float, float]:
    """One row's figure as the numbers it allows: (low, high), high infinite for a floor."""
    lo = float(ev.num[low][i])
    if high is not None:
        hi = float(ev.num[high][i])
        return lo, (np.inf if np.isnan(hi) else hi)
    top = crowd_range(ev.cell(text, i) or "")[1]
    return lo, (np.inf if top is None else float(top))


def _check_dispute_floors(ev: Table, idx: np.ndarray, out: ProblemList) -> None:
    """A floor and figures at or above it are no dispute (data dictionary, Conflicting figures).

    Rows of a dispute group conflict on a figure when no one number fits all of them: "at
    least five" fits every number from 5 up, "eight" only 8, "hundreds" 200 to 999. A group in
    which one row gives a floor, the others figures the floor allows, and no figure conflicts,
    is rejected on the floor's row: the figure is the event's, sourced to what gives it, and the
    floor's wording goes in its notes as a corroborating account (not a source of the figure).
    """
    if not ev.has("dispute_group"):
        return
    groups: dict[str, list[int]] = {}
    for i in idx:
        groups.setdefault(str(ev.cell("dispute_group", int(i))), []).append(int(i))
    floors = np.zeros(len(ev), dtype=bool)
    reason: dict[int, str] = {}
    for rows in groups.values():
        if len(rows) < 2:
            continue
        conflict, found = False, []
        for _name, low, high, text in _DISPUTED_FIGURES:
            if not ev.has(low, text) or (high is not None and not ev.has(high)):
                continue
            given = [i for i in rows if ev.ok[low][i] and not ev.empty[low][i]]
            if len(given) < 2:
                continue
            spans = {i: _figure_span(ev, i, low, high, text) for i in given}
            if max(s[0] for s in spans.values()) > min(s[1] for s in spans.values()):
                conflict = True
                break
            for i in given:
                lo, hi = spans[i]
                above = [j for j in given if j != i and spans[j][0] >= lo]
                if hi == np.inf and above:
                    found.append((i, low, text, above))
        if conflict:
            continue
        for i, low, text, above in found:
            floors[i] = True
            others = ", ".join(f"row {int(ev.raw.rows[j])} gives {ev.cell(low, j)}" for j in above)
            reason[i] = (
                f"not a dispute: {text} {ev.cell(text, i)!r} is a floor ({low} "
                f"{ev.cell(low, i)}, at least) and {others}, at or above it; a floor and a "
                "figure it allows do not conflict. Record the figure in one row, sourced to "
                "what gives it, with this row's wording in its notes as a corroborating "
                "account (data dictionary, Conflicting figures)"
            )
    out.flag(ev, floors, "disputed", "dispute-floor", lambda i: reason[i])


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
