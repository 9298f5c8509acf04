"""A selection's story as data: a lede, then episodes -> dated entries -> items, each sourced.

The chronology is written from the facts model (:class:`analysis.prep.facts.Facts`) only: the
episodes are the segments of the charts' time axis (so the chronology and the charts group the
days alike), each item is one event of the model worded with the phrases every output shares
(:func:`analysis.spec.phrases.crowd_line`, :func:`analysis.prep.marks.figure_words`), and every
figure keeps its qualifier ("at least", a range where sources disagree). A figure no source
gives is left out, never written as 0; an official's crowd figure is worded as that official's
claim. Nothing is added up here: the only arithmetic is counting items. The renderers
(:mod:`analysis.publish.chronology`) turn this plain data into HTML and Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.fmt import format_count, format_day, join_words, plural
from analysis.prep.aggregate import split_cell
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words, people, says_about
from analysis.prep.timeaxis import MONTH_ONLY
from analysis.spec import itemwords, significance, words
from analysis.spec.apart import ApartGroup, apart_groups
from analysis.spec.chronoepisodes import episode_of, episode_title, span_of
from analysis.spec.citations import Citation, SourceRef
from analysis.spec.phrases import WEAK_SUFFIX, crowd_line
from analysis.spec.significance import FILE_ITEMS, LeftOut

#: Reliability grades, most reliable first (sources.csv ``reliability``).
RELIABILITY = ("high", "medium", "low")
#: How a figure's unit reads (events.csv ``figure_unit``).
FIGURE_UNITS = {
    "events": "events",
    "cities": "cities",
    "organizations": "organizations",
    "arrests_per_day": "arrests a day",
    "officers": "officers",
}
#: Responding officials an episode summary names before counting the rest.
ACTORS_NAMED = 3
#: Arrest figures an episode summary lists one by one before only counting them.
ARRESTS_LISTED = 3
#: Event types that are held (announced ones are "not reported as held"; others "carried out").
_HELD = schema.PROTEST_EVENT_TYPES | {"meeting", "press_conference"}
#: What the chronology says of an empty selection.
EMPTY = "No events in this report: the sources collected here report nothing in its period."


@dataclass(frozen=True)
class Item:
    """One event in one plain sentence, with the quotes and sources it rests on.

    ``figures`` are the model's numbers the sentence quotes (for the consistency tests);
    ``weak`` is true when every source is low-reliability; ``claim`` when the sentence carries
    an official's crowd figure as a claim.
    """

    key: str
    text: str
    citations: tuple[Citation, ...]
    figures: tuple[float, ...] = ()
    weak: bool = False
    claim: bool = False
    announced: bool = False
    date_inferred: bool = False
    rank: int = 0
    #: The sentence without its title: what a TimelineJS slide's text adds to its headline.
    detail: str = ""

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        """Every source of the item once, in citation order."""
        seen: dict[str, SourceRef] = {}
        for citation in self.citations:
            for source in citation.sources:
                seen.setdefault(source.source_id, source)
        return tuple(seen.values())


@dataclass(frozen=True)
class Entry:
    """The items of one date, worded in the precision the data know.

    ``precision`` is "day", "days" (several days), "week" or "month"; ``when`` reads
    "Friday 6 June 2025", "Friday 30 – Saturday 31 January 2026", "Week of Monday 26 January
    2026" or "February 2025" (a month-dated item is never put on a day).
    """

    when: str
    precision: str
    start: pd.Timestamp
    end: pd.Timestamp
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Episode:
    """A segment of the charts' time axis: its label, a one-line summary and its entries."""

    title: str
    summary: str
    entries: tuple[Entry, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for e in self.entries for i in e.items)


@dataclass(frozen=True)
class Chronology:
    """A selection's lede and its episodes in date order (none for an empty selection), and
    the items it keeps apart (dated only to a week or month it covers in part).

    ``left_out`` counts the selection's events not told (see
    :mod:`analysis.spec.significance`); ``tiers`` and ``ranks`` are every event's step and
    place in the significance rule (for :meth:`shortened`).
    """

    period: str
    lede: str
    episodes: tuple[Episode, ...]
    apart: tuple[ApartGroup, ...] = ()
    left_out: LeftOut = field(default_factory=lambda: LeftOut(0, 0, (0, 0, 0, 0)))
    tiers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8), compare=False)
    ranks: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), compare=False)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for ep in self.episodes for i in ep.items)

    @property
    def empty(self) -> bool:
        return not self.episodes

    def closing(self, what: str = "This chronology") -> str:
        """The line saying what is left out and by which rule ("" when nothing is)."""
        return significance.left_out_words(self.left_out, what=what)

    def shortened(self, limit: int) -> Chronology:
        """The same chronology telling only its ``limit`` most significant events (by the same
        rule), every episode kept with its name and summary; itself when nothing more goes."""
        if self.left_out.kept <= limit or not len(self.ranks):
            return self
        episodes = tuple(
            replace(
                ep,
                entries=tuple(
                    replace(e, items=tuple(i for i in e.items if i.rank < limit))
                    for e in ep.entries
                    if any(i.rank < limit for i in e.items)
                ),
            )
            for ep in self.episodes
        )
        kept = self.ranks < limit
        return replace(self, episodes=episodes, left_out=significance.left_out(self.tiers, kept))


# --- dates -----------------------------------------------------------------------------------


def day_words(day: pd.Timestamp) -> str:
    """ "Friday 6 June 2025"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def days_words(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """ "Friday 30 – Saturday 31 January 2026" (the month and year once where they are shared)."""
    if start.year != end.year:
        return f"{day_words(start)} \u2013 {day_words(end)}"
    if start.month != end.month:
        return f"{start:%A} {start.day} {start:%B} \u2013 {day_words(end)}"
    return f"{start:%A} {start.day} \u2013 {day_words(end)}"


def entry_when(precision: str, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """An entry's date as its precision allows (see :class:`Entry`)."""
    if precision == "month":
        return f"{start:%B %Y}"
    if precision == "week":
        return f"Week of {day_words(start)}"
    if precision == "days":
        return days_words(start, end)
    return day_words(start)


def _precision(record: Mapping[str, object]) -> str:
    precision = str(record.get("date_precision"))
    if precision in ("month", "week"):
        return precision
    return "days" if record["end"] != record["start"] else "day"


#: Within one start day, a month comes before a week, a week before the day's own items.
_ORDER = {"month": 0, "week": 1, "days": 2, "day": 2}


# --- items -----------------------------------------------------------------------------------


_text = itemwords.text


#: Words before a figure that make it an approximation ("about 40 people").
def _about(text: str, wording: object) -> str:
    """ "about 40" where the source's own wording of an exact figure says so."""
    if says_about(wording) and re.fullmatch(r"[\d,]+", text):
        return f"about {text}"
    return text


def _number(value: object) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _figure_clauses(record: Mapping[str, object]) -> tuple[list[str], list[float], bool]:
    """The item's figures in words, the numbers they quote, and whether a claim is among them."""
    clauses: list[str] = []
    numbers: list[float] = []
    disputed = bool(record.get("disputed"))
    claim = bool(record.get("crowd_claim"))
    crowd = _number(record.get("crowd_low"))
    title = _text(record.get("title"))
    if claim or crowd is not None:
        # The item carries its own "low-reliability" tag: the phrase's suffix would repeat it.
        line = crowd_line(record).text.removesuffix(WEAK_SUFFIX)
        estimator = _text(record.get("crowd_estimator"))
        if line.startswith("Crowd: "):
            figure = _about(line.removeprefix("Crowd: "), record.get("crowd_wording"))
            # said once: where the title gives the figure, only who estimated it is added
            line = "" if itemwords.title_gives(title, figure) else "crowd: " + figure
        if crowd is not None and not claim and estimator:
            line = f"{line}, per {estimator}" if line else f"crowd size per {estimator}"
        if line:
            clauses.append(line)
        numbers += [v for v in (crowd, _number(record.get("crowd_high"))) if v is not None]
    elif itemwords.crowd_expected(record):
        clauses.append("no crowd size reported")
    for measure, what in (
        ("arrests", "protesters arrested"),
        ("immigration", "detained by immigration agents"),
    ):
        low, high = _number(record.get(f"{measure}_low")), _number(record.get(f"{measure}_high"))
        if low is None:
            continue  # missing is not zero: say nothing rather than "0"
        text = figure_words(low, high, bool(record.get(f"{measure}_open")), disputed)
        text = _about(text, record.get(f"{measure}_wording"))
        if disputed and high is not None and high != low:
            text += " (sources disagree)"
        elif itemwords.title_gives(title, text):
            numbers += [v for v in (low, high) if v is not None]
            continue  # "Eight protesters arrested …": not again as "protesters arrested: 8"
        clauses.append(f"{what}: {text}")
        numbers += [v for v in (low, high) if v is not None]
    low, high = _number(record.get("figure_low")), _number(record.get("figure_high"))
    if low is not None:
        unit = FIGURE_UNITS.get(_text(record.get("figure_unit")), "")
        if high is not None and high != low and _says(record.get("figure_wording"), high):
            text = f"{format_count(low)}\u2013{format_count(high)}"  # the source's own range
        else:  # "at least 600" (no ceiling), a vague word in its word ("dozens"), or exact
            text = figure_words(low, high, bool(record.get("figure_open")), False)
        if not itemwords.title_gives(title, text):
            clauses.append(people(text, unit).strip() if unit else text)
        numbers += [v for v in (low, high) if v is not None]
    return clauses, numbers, claim


def _says(wording: object, value: float) -> bool:
    """Whether the source's own wording gives ``value`` in figures ("1,200 to 1,500")."""
    if not isinstance(wording, str):
        return False
    said = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", wording)}
    return float(value) in said


def _sentence(record: Mapping[str, object]) -> tuple[str, str, list[float], bool]:
    """What happened, where, who responded and its figures, as one sentence, each part once;
    and the same without the title (what a slide's text adds to its headline)."""
    what = _text(record.get("title")).rstrip(".")
    place = itemwords.place_words(record)
    clauses, numbers, claim = _figure_clauses(record)
    who = itemwords.responder(record) if bool(record.get("response")) else ""
    if not bool(record.get("occurred")):
        clauses.append(
            "announced, not reported as held"
            if record.get("event_type") in _HELD
            else "announced, not reported as carried out"
        )
    head = what + (f", {place}" if place else "") + (f" ({who})" if who else "")
    text = head + "".join(f"; {c}" for c in clauses) + "."
    rest = [p for p in (place, f"by {who}" if who else "", *clauses) if p]
    detail = "; ".join(rest)
    detail = detail[0].upper() + detail[1:] + "." if detail else ""
    return text, detail, numbers, claim


class _Sources:
    """The sources table as :class:`SourceRef` by id, and the rows' own quotes by event id."""

    def __init__(self, facts: Facts, keys: pd.Index | None = None) -> None:
        """The sources, and the quotes of the rows behind the events ``keys`` (every row when
        None): a chronology that tells 500 of a million events reads 500 events' quotes."""
        self.refs: dict[str, SourceRef] = {}
        for row in facts.sources.to_dict("records"):
            sid = _text(row.get("source_id"))
            self.refs[sid] = SourceRef(
                source_id=sid,
                publisher=_text(row.get("publisher")) or sid,
                title=_text(row.get("title")),
                url=_text(row.get("url")),
                reliability=_text(row.get("reliability")),
            )
        rows = facts.rows
        if keys is not None:
            wanted = {i for cell in facts.events.loc[keys, "event_ids"] for i in split_cell(cell)}
            wanted |= set(map(str, keys))
            rows = rows[rows["event_id"].astype("string").isin(wanted).to_numpy(bool)]
        self.quotes = {
            _text(eid): (_text(evidence), _text(sources))
            for eid, evidence, sources in zip(
                rows["event_id"], rows["evidence"], rows["source_ids"], strict=True
            )
        }

    def ref(self, source_id: str) -> SourceRef:
        return self.refs.get(source_id, SourceRef(source_id, source_id, "", "", ""))

    def citations(self, record: Mapping[str, object]) -> tuple[Citation, ...]:
        """Each merged row's quote with its sources (a dispute quotes every side)."""
        out: list[Citation] = []
        for eid in split_cell(record.get("event_ids")) or [str(record.get("key", ""))]:
            quote, ids = self.quotes.get(eid, (_text(record.get("evidence")), ""))
            refs = tuple(self.ref(s) for s in split_cell(ids or record.get("source_ids")))
            if any(c.quote == quote and c.sources == refs for c in out):
                continue
            out.append(Citation(quote, refs))
        rank = {r: i for i, r in enumerate(RELIABILITY)}
        return tuple(
            sorted(
                out,
                key=lambda c: min((rank.get(s.reliability, 9) for s in c.sources), default=9),
            )
        )


def build_item(key: str, record: Mapping[str, object], sources: _Sources, *, rank: int = 0) -> Item:
    """One event of the model as an :class:`Item` (``rank``: its place in the significance
    order of :mod:`analysis.spec.significance`)."""
    text, detail, numbers, claim = _sentence(record)
    return Item(
        key=key,
        rank=rank,
        text=text,
        detail=detail,
        citations=sources.citations(record),
        figures=tuple(numbers),
        weak=bool(record.get("weak")),
        claim=claim,
        announced=not bool(record.get("occurred")),
        date_inferred=str(record.get("date_inferred")).lower() == "true",
    )


# --- episodes --------------------------------------------------------------------------------


def _within(index: pd.Index, keys: pd.Index) -> np.ndarray:
    """Which entries of ``index`` are among ``keys`` (a set lookup: ``Index.isin`` on arrow
    strings took seconds at 100,000 events)."""
    wanted = set(keys)
    return np.fromiter((k in wanted for k in index), dtype=bool, count=len(index))


def _largest(facts: Facts, keys: pd.Index) -> str:
    """The largest reported crowd among ``keys``, every tie named, each with its qualifier as
    every output words it ("2,500 in Los Angeles ... and about 2,500 in Torrance ...")."""
    marks = facts.crowd.marks
    counted = marks[_within(marks.index, keys) & (marks["kind"] == "count").to_numpy(bool)]
    if counted.empty:
        return ""
    day = counted[~counted["span"].to_numpy(bool)]  # a week's figure is no crowd of a day
    counted = day if len(day) else counted
    top = counted[counted["low"] == counted["low"].max()]
    details = facts.details(top.index)
    if len(day) == 0 and len(top) == 1:  # told as said (words.span_crowd_words)
        row = details.iloc[0]
        return f"{words.spoke_of(row)}, in {_text(row.get('city'))} ({words.when_words(row)})"
    said = [
        words.mark_words(top.loc[key]) + words.estimate_of(top.loc[key])
        for key in details.index[: words.TIES_NAMED]
    ]
    places = []
    for row in details.head(words.TIES_NAMED).to_dict("records"):
        city = _text(row.get("city"))
        where = f"in {city} " if city else ""
        places.append(f"{where}({words.when_words(row)})")
    more = (
        [plural(len(top) - words.TIES_NAMED, "other") + " of the same size"]
        if len(top) > words.TIES_NAMED
        else []
    )
    if len(top) == 1:
        return f"largest reported crowd {said[0]} {places[0]}"
    if len(set(said)) == 1:
        return f"largest reported crowds {said[0]} each, {join_words(places + more)}"
    named = [f"{figure} {place}" for figure, place in zip(said, places, strict=True)]
    return f"largest reported crowds {join_words(named + more)}"


def _arrests(facts: Facts, keys: pd.Index) -> str:
    """Each arrest figure as reported (never added up across events or series)."""
    parts: list[str] = []
    wanted = set(map(str, keys))
    for series in facts.arrests.series.values():
        marks = series.marks[[not wanted.isdisjoint(k) for k in series.marks["keys"]]]
        if marks.empty:
            continue
        if len(marks) > ARRESTS_LISTED:
            events = len(wanted.intersection(k for ks in marks["keys"] for k in ks))
            parts.append(f"{series.what}: figures reported for {plural(events, 'event')}")
            continue
        said = []
        for _, m in marks.iterrows():
            figure = words.mark_words(m)
            if len(m["keys"]) == 1:  # one event: its source's "about" stays
                wording = "immigration" if series.what.startswith("detained") else "arrests"
                record = facts.details([m["keys"][0]]).iloc[0]
                figure = _about(figure, record.get(f"{wording}_wording"))
            said.append(words.span_figure_words(m, figure))  # "about 25 in one week of …"
        parts.append(f"{series.what}: {join_words(said)}")
    return "; ".join(parts)


def _responses(facts: Facts, keys: pd.Index) -> str:
    """How many official responses made, per level, and who made them (a reported silence or
    an arrest quota is not a response made: ``ResponseFacts.uncounted``), and how many more
    only low-reliability sources report (in no count: ``marks["counted"]``)."""
    marks = facts.responses.marks
    inside = _within(marks.index, keys)
    picked = marks[inside & marks["counted"].to_numpy(bool)]
    n_weak = int((inside & marks["weak"].to_numpy(bool) & (marks["kind"] == "response")).sum())
    weak = f"{format_count(n_weak)} {words.WEAK_RESPONSES}"
    if picked.empty:
        return f"{plural(n_weak, 'official response')} {words.WEAK_RESPONSES}" if n_weak else ""
    levels = picked["response_level"].astype("string").value_counts()
    order = [lvl for lvl in words.LEVEL_WORDS if lvl in levels.index]
    by_level = ", ".join(f"{format_count(levels[lvl])} {words.LEVEL_WORDS[lvl]}" for lvl in order)
    said = [
        name.split(" (")[0]  # "police (agency not named)": "police", counted like a name
        for cell in facts.events.loc[picked.index, "response_actor"]
        for name in split_cell(_text(cell))  # "ICE; CBP": two actors
    ]
    # named ones first; an unnamed responder ("police") is one actor too, never left uncounted
    actors = list(dict.fromkeys(sorted(said, key=lambda a: not a[:1].isupper())))
    named = actors[:ACTORS_NAMED]
    if len(actors) > ACTORS_NAMED:
        named.append(plural(len(actors) - ACTORS_NAMED, "other"))
    by = f" by {join_words(named)}" if named else ""
    more = f", and {weak}" if n_weak else ""
    return f"{plural(len(picked), 'official response')} ({by_level}){by}{more}"


def episode_summary(facts: Facts, keys: pd.Index) -> str:
    """One line: demonstrations, the largest reported crowd, arrests as reported, responses."""
    ev = facts.events.loc[keys]
    demo = ev["demonstration"].to_numpy(bool)
    local = int((demo & ev["in_panel_scope"].to_numpy(bool)).sum())
    beyond = int(demo.sum()) - local  # counting items: those the crowd panel leaves out
    parts = [plural(local, "demonstration") if local else "no demonstration reported"]
    if beyond:
        parts[0] += f" (and {itemwords.beyond_words(ev, facts.selection.place)})"
    for part in (_largest(facts, keys), _arrests(facts, keys), _responses(facts, keys)):
        if part:
            parts.append(part)
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


# --- the lede --------------------------------------------------------------------------------


def period_phrase(facts: Facts) -> str:
    """ "from 3 Feb 2025 to 28 Feb 2026", "in Jun 2025", "on 31 Jan 2026"."""
    if facts.period is None:
        return ""
    start, end = facts.period
    text = words.period_words(facts)
    if start == end:
        return f"on {text}"
    if "\u2013" not in text:
        return f"in {text}"
    first, last = (t.strip() for t in text.split("\u2013", 1))
    return f"from {first} to {last}"  # "from 6 to 7 Jun 2025", "from 3 Feb 2025 to 28 Feb 2026"


def lede(facts: Facts, episodes: int) -> str:
    """Two or three sentences: period, demonstrations and places (in how many ``episodes``
    they fall), the largest reported crowd(s), the official responses. Every figure is the
    model's; nothing is summed across series."""
    if facts.events.empty:
        return EMPTY
    c = facts.counts
    period = period_phrase(facts)
    # where they were, in the map's words and count (words.held_where: one wording with the
    # summary and the map)
    where = words.held_where(facts) if c.crowd_drawn else ""
    if c.crowd_drawn:
        first = (
            f"{period[0].upper()}{period[1:]}, the sources collected here report "
            f"{plural(c.crowd_drawn, 'demonstration')} in {facts.selection.place}"
        )
    else:
        first = (
            f"{period[0].upper()}{period[1:]}, the sources collected here report no "
            f"demonstration in {facts.selection.place}"
        )
    if c.outside_scope:
        first += f" (and {itemwords.beyond_words(facts.events, facts.selection.place)})"
    if episodes > 1:
        first += f", in {plural(episodes, 'separate episode')}"
    if where:  # one sentence with them: the lede keeps to two or three
        first += f"; {'it was' if c.crowd_drawn == 1 else 'they were'} held {where}"
    sentences = [first + "."]
    if facts.crowd.largest:
        sentences.append(words.largest_crowd_words(facts) + ".")
    elif c.crowd_drawn:
        sentences.append("No reliable source counts any of their crowds.")
    resp = facts.responses
    if c.responses:
        levels = [
            f"{format_count(n)} {words.LEVEL_WORDS.get(lvl, lvl)}"
            for lvl, n in resp.by_level.items()
            if n
        ]
        sentences.append(
            f"{plural(c.responses, 'official response')} "
            f"{'is' if c.responses == 1 else 'are'} reported ({', '.join(levels)})"
            + (
                (
                    f", {format_count(resp.busiest[1])} of them on {format_day(resp.busiest[0][0])}"
                    if len(resp.busiest[0]) == 1
                    else f", {format_count(resp.busiest[1])} each on "
                    + join_words([format_day(d) for d in resp.busiest[0]])
                )
                if resp.busiest is not None and resp.busiest[1] > 1
                else ""
            )
            + (f"; {weak_more(c.responses_weak)}" if c.responses_weak else "")
            + "."
        )
    elif c.responses_weak:
        sentences.append(
            f"{plural(c.responses_weak, 'official response')} {words.WEAK_RESPONSES}, and no other."
        )
    else:
        sentences.append("No official response is reported.")
    return " ".join(sentences)


def weak_more(n: int) -> str:
    """ "3 more rest only on low-reliability sources" (responses in no count)."""
    return f"{format_count(n)} more {'rests' if n == 1 else 'rest'} only on low-reliability sources"


# --- the whole -------------------------------------------------------------------------------


def build_chronology(facts: Facts, *, limit: int | None = FILE_ITEMS) -> Chronology:
    """The chronology of a selection (see the module docstring); empty when nothing is in it.

    At most ``limit`` events are told (None: every one), the most significant by the rule of
    :mod:`analysis.spec.significance`, in date order; every episode keeps its name and its
    summary of all its events, and :attr:`Chronology.left_out` counts what is not told. At the
    curated size nothing is left out.
    """
    events = facts.events
    if events.empty:
        return Chronology(
            period=words.period_words(facts), lede=EMPTY, episodes=(), apart=apart_groups(facts)
        )
    tier = significance.tiers(events)
    ranks = significance.rank(events).to_numpy()
    kept = ranks < limit if limit is not None else np.ones(len(events), dtype=bool)
    sources = _Sources(facts, events.index[kept])
    segment, joined = episode_of(facts, events)
    starts = pd.to_datetime(events["start"])
    month = starts.dt.strftime("%Y-%m").to_numpy()
    is_month = (events["date_precision"].astype("string") == "month").fillna(False).to_numpy(bool)
    labels = facts.axis.labels if facts.axis is not None else ()
    # An item dated only to its month is not put under a segment named by days ("6–7 Jun
    # 2025"): it heads a group of its own, named by its month.
    month_segment = np.array([label.endswith(MONTH_ONLY) for label in labels] + [False])
    segment = np.where(is_month & ~month_segment[segment], -1, segment)
    # episodes: a segment of the axis, or (off the axis) a month; every event counts in its
    # episode's summary, only the kept ones become items
    group_of = np.where(segment >= 0, segment.astype(str), "m" + month)
    members = pd.Series(np.arange(len(events))).groupby(group_of, sort=False).indices
    start_ns = starts.to_numpy("datetime64[ns]")
    end_ns = pd.to_datetime(events["end"]).to_numpy("datetime64[ns]")
    details = facts.details(events.index[kept])
    records = dict(zip(details.index, details.to_dict("records"), strict=True))
    built: list[tuple[pd.Timestamp, Episode]] = []
    drawn = events.index.isin(facts.crowd.marks.index)
    for group, where in members.items():
        where = np.sort(where)
        keys = events.index[where]
        on_axis = not str(group).startswith("m") and facts.axis is not None
        which = int(group) if on_axis else -1
        told = []
        for i in where[kept[where]]:
            key = events.index[i]
            record = records[key]
            record["key"] = key
            told.append((str(key), record, int(ranks[i])))
        entries = _entries(told, sources)
        span = span_of(start_ns[where], end_ns[where], is_month[where], joined[where])
        label = labels[which] if on_axis else ""
        bounds = (facts.axis.starts[which], facts.axis.ends[which]) if on_axis else None
        title = episode_title(label, span, bounds)
        built.append((span.first, Episode(title, episode_summary(facts, keys), tuple(entries))))
    episodes = tuple(ep for _, ep in sorted(built, key=lambda p: p[0]))
    return Chronology(
        period=words.period_words(facts),
        # the segments of the axis that hold a demonstration drawn ("1 demonstration, in 2
        # episodes" never); a group of items dated only to a month that a segment spans is
        # part of that segment's episode, not one more (1,000 generated events: "9 separate
        # episodes" beside a chronology of one)
        lede=lede(
            facts,
            sum(not str(g).startswith("m") and drawn[w].any() for g, w in members.items()),
        ),
        episodes=episodes,
        apart=apart_groups(facts),
        left_out=significance.left_out(tier, kept),
        tiers=tier,
        ranks=ranks,
    )


def _day(start: object, precision: str) -> pd.Timestamp:
    """An entry's first day: a month-dated item's is the 1st of its month."""
    day = pd.Timestamp(start)  # type: ignore[arg-type]
    return day.replace(day=1) if precision == "month" else day


def _entries(
    members: list[tuple[str, Mapping[str, object], int]], sources: _Sources
) -> list[Entry]:
    """The members (key, record, rank) grouped by their date (in its precision), in date order."""
    by_date: dict[tuple[pd.Timestamp, int, pd.Timestamp, str], list[Item]] = {}
    for key, record, ranked in members:
        precision = _precision(record)
        start, end = pd.Timestamp(record["start"]), pd.Timestamp(record["end"])
        start = _day(start, precision)
        by_date.setdefault((start, _ORDER[precision], end, precision), []).append(
            build_item(key, record, sources, rank=ranked)
        )
    return [
        Entry(entry_when(precision, start, end), precision, start, end, tuple(items))
        for (start, _, end, precision), items in sorted(by_date.items(), key=lambda p: p[0][:3])
    ]
