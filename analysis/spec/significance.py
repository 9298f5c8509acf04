"""Which events a chronology, a TimelineJS sheet and a report page keep at scale, and in what order.

A curated selection (a few dozen events) is told whole. A compiled dataset of 100,000 events
is not: no reader scrolls a chronology of 100,000 items, and TimelineJS stalls on a sheet of
thousands of slides. So each output keeps a stated number of events (:data:`FILE_ITEMS` for
the chronology's page and Markdown and the TimelineJS sheet, :data:`PAGE_ITEMS` for the
chronology section of a report page), chosen by one documented rule (:func:`rank`):

1. every official response (federal first, then state, county, city, police; each level in
   date order),
2. then every event with an arrest or detention figure (the largest figure first),
3. then the events with a counted crowd (the largest reported crowd first; an official's
   claim and a figure resting only on low-reliability sources are not counts),
4. then the others, in date order.

Ties keep date order. The kept events are told in date order as usual; what is left out is
counted per step of the rule (:class:`LeftOut`) and said in one closing line
(:func:`left_out_words`), so the parts told and not told add up to the selection's events.
Nothing here adds figures up: the only arithmetic is ranking and counting events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.fmt import format_count, join_words, plural

#: Events kept by the chronology's own page and Markdown, and by the TimelineJS sheet.
FILE_ITEMS = 500
#: Events kept by the chronology section of a report page (the most significant of the above).
PAGE_ITEMS = 300
#: The steps of the rule, in order, as the closing line names what each left out.
TIERS = (
    ("official response", "official responses"),
    ("event with an arrest or detention figure", "events with an arrest or detention figure"),
    ("event with a counted crowd", "events with a counted crowd"),
    ("other event", "other events"),
)
#: Levels of government, the most senior first (events.csv ``response_level``).
LEVELS = ("federal", "state", "county", "city", "police")
#: The rule, as the closing line states it.
RULE = (
    "official responses first (federal, then state, county, city and police), then events "
    "with an arrest or detention figure, largest first, then the largest reported crowds, then "
    "the rest in date order"
)


def _bool(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].fillna(False).to_numpy(bool)


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(float, na_value=np.nan)


def tiers(events: pd.DataFrame) -> np.ndarray:
    """The step of the rule (0-3, see the module docstring) each event of ``events`` falls in.

    ``events`` is :attr:`analysis.prep.facts.Facts.events` (or rows of it).
    """
    response = _bool(events, "response")
    figure = ~np.isnan(_floats(events, "arrests_low")) | ~np.isnan(
        _floats(events, "immigration_low")
    )
    counted = (
        ~np.isnan(_floats(events, "crowd_low"))
        & ~_bool(events, "crowd_claim")
        & ~_bool(events, "weak")
    )
    return np.select([response, figure, counted], [0, 1, 2], default=3).astype(np.int8)


def rank(events: pd.DataFrame) -> pd.Series:
    """Each event's place in the rule's order (0 the most significant), indexed like ``events``.

    Within a step: responses by level (:data:`LEVELS`) then date; arrest and detention
    figures by the larger lowest figure, largest first; counted crowds by their lowest
    figure, largest first; the others by date. Ties keep date order, then the events' order.
    """
    n = len(events)
    if n == 0:
        return pd.Series([], index=events.index, dtype="int64")
    tier = tiers(events)
    level = (
        events["response_level"].astype("string").map({lv: i for i, lv in enumerate(LEVELS)})
        if "response_level" in events
        else pd.Series(np.nan, index=events.index)
    )
    level_code = pd.to_numeric(level, errors="coerce").fillna(len(LEVELS)).to_numpy(float)
    arrests = np.fmax(_floats(events, "arrests_low"), _floats(events, "immigration_low"))
    crowd = _floats(events, "crowd_low")
    # one key per step: smaller first (a figure negated, so the largest comes first)
    within = np.select(
        [tier == 0, tier == 1, tier == 2],
        [level_code, -np.nan_to_num(arrests), -np.nan_to_num(crowd)],
        default=0.0,
    )
    start = events["start"] if "start" in events else events["date"]
    day = pd.to_datetime(start).to_numpy("datetime64[ns]").astype("int64")
    order = np.lexsort((np.arange(n), day, within, tier))
    out = np.empty(n, dtype=np.int64)
    out[order] = np.arange(n)
    return pd.Series(out, index=events.index)


@dataclass(frozen=True)
class LeftOut:
    """What a kept selection of events leaves out: how many, per step of the rule.

    ``kept`` + sum of ``by_tier`` = ``total`` (the selection's events).
    """

    kept: int
    total: int
    by_tier: tuple[int, int, int, int]

    @property
    def count(self) -> int:
        """How many events are left out."""
        return self.total - self.kept

    @property
    def any(self) -> bool:
        """Whether anything is left out (never at the curated size)."""
        return self.count > 0


def left_out(tier: np.ndarray, kept: np.ndarray) -> LeftOut:
    """Count the events not ``kept`` (a boolean mask) per step of the rule (``tier``)."""
    dropped = np.bincount(tier[~kept].astype(np.int64), minlength=len(TIERS))
    return LeftOut(
        kept=int(kept.sum()),
        total=len(tier),
        by_tier=tuple(int(n) for n in dropped[: len(TIERS)]),  # type: ignore[arg-type]
    )


def left_out_words(left: LeftOut, *, what: str = "This chronology") -> str:
    """The closing line of a shortened output ("" when nothing is left out).

    "This chronology tells the 500 most significant of the 98,123 events: official responses
    first (...), ... Left out: 97,623 events (1,200 official responses, ..., 80,000 other
    events)."
    """
    if not left.any:
        return ""
    parts = [plural(n, one, many) for n, (one, many) in zip(left.by_tier, TIERS, strict=True) if n]
    return (
        f"{what} tells the {format_count(left.kept)} most significant of the "
        f"{format_count(left.total)} events: {RULE}. Left out: "
        f"{plural(left.count, 'event')} ({join_words(parts)}).\n"
    ).strip()
