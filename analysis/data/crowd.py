"""The documented rule that turns a source's wording of a number into a low and a high figure.

Sources say "hundreds", "about 80", "more than 300" or "several hundred ... swelled to 2,500".
``crowd_range`` reads such wording and returns ``(low, high)``; the validator checks that every
curated ``crowd_low``/``crowd_high`` (and ``figure_*``, ``arrests``) agrees with it, so the
numbers in the data always follow one published rule instead of each curator's judgement.

A range means uncertainty: sources or an estimate disagree, or a vague word spans many numbers.
It never means growth: the size of a crowd is its peak, and a crowd's earlier size stays in the
wording, not in the numbers.

The rule, in order:

1. Vague words (``VAGUE_WORDS``, case-insensitive, whole phrases, longest phrase first) give a
   fixed range. Low figures follow the Crowd Counting Consortium (hundreds = 200,
   thousands = 2000); the high figure is the largest number before the next word up is used.
2. Numerals ("80", "2,500", "1.5 million") and number words (``NUMBER_WORDS``, also "twenty-five",
   "two dozen", "a hundred") are exact: ``(n, n)``. "about", "around", "approximately", "roughly",
   "some" and "nearly" change nothing: we do not invent a margin.
3. "at least N", "more than N", "over N", "N or more" and "N+" are open-ended: ``(n, None)``.
4. Ranges "N to M", "N-M", "N–M" and "between N and M" give ``(n, m)``.
5. Growth: when the text says the crowd grew to a figure (``GROWTH_WORDS`` before it, followed
   by "to": "swelled to", "grew to", "rose to", "climbed to", "increased to"; or "reached",
   "peaked at"; also "grew from N to M"), the figure it grew to is the size, with its own low
   and high, and the figure it grew from is dropped: "A crowd of several hundred protesters
   swelled to 2,500" gives ``(2500, 2500)``, not ``(300, 2500)``. If it grew more than once,
   the largest figure reached counts.
6. Successive sizes without a growth word (``SEQUENCE_WORDS``: "80 at first, then hundreds",
   "dwindled to 300", "thousands by evening") are also one crowd over time: the size is its
   peak, the figure with the largest value, with that figure's own low and high.
7. Otherwise several figures in one text are one estimate that spans them ("hundreds, perhaps
   thousands"): low = the smallest low, high = the high of the figure with the largest value
   (``None`` when that figure is open-ended).
8. Times ("4 p.m."), dates ("Jan. 31, 2026"), ages ("94-year-old") and percentages are ignored.
   Text with no figure gives ``(None, None)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Vague crowd words and the (low, high) figures they stand for.
VAGUE_WORDS: dict[str, tuple[int, int]] = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "a few dozen": (24, 59),
    "several dozen": (36, 99),
    "hundreds": (200, 999),
    "a few hundred": (200, 499),
    "several hundred": (300, 999),
    "thousands": (2000, 9999),
    "a few thousand": (2000, 4999),
    "several thousand": (3000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
}

#: Number words read as exact numbers (tens combine with units: "twenty-five", "forty two").
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

#: Words that multiply the number before them ("two dozen", "1.5 million", "a hundred").
MULTIPLIERS: dict[str, int] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}

#: Wording before a figure that makes it open-ended (a floor with no upper bound).
OPEN_BEFORE = ("at least", "more than", "over")
#: Wording after a figure that makes it open-ended.
OPEN_AFTER = ("or more", "+")

#: Verbs that say a crowd grew; followed by "to" (or "from N to") they mark the size it grew to.
GROWTH_WORDS = (
    "swelled",
    "swell",
    "swells",
    "swollen",
    "grew",
    "grow",
    "grows",
    "grown",
    "rose",
    "rise",
    "rises",
    "risen",
    "climbed",
    "climbs",
    "increased",
    "increases",
    "surged",
    "surges",
    "ballooned",
    "jumped",
)
#: Words that mark the figure after them as a size reached, without "to".
REACH_WORDS = ("reached", "reaches", "reaching", "reach", "peaked at")
#: Words that make several figures successive sizes of one crowd (direction not stated, or down).
SEQUENCE_WORDS = (
    "at first",
    "initially",
    "then",
    "later",
    "eventually",
    "dwindled to",
    "fell to",
    "dropped to",
    "shrank to",
    "thinned to",
    "by morning",
    "by noon",
    "by midday",
    "by afternoon",
    "by mid-afternoon",
    "by evening",
    "by nightfall",
    "by night",
)

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SKIP = (
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)"  # Jan. 31, 2026
    r"|\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"  # 4 p.m.
    r"|\d{1,2}:\d{2}(?!\d)"  # 16:30
    r"|\d+(?:\.\d+)?\s*(?:%|percent\b)"  # 40%
    r"|\d+[- ]years?[- ]old\b"  # 94-year-old
)
_TENS = "|".join(w for w, n in NUMBER_WORDS.items() if n >= 20)
_UNITS = "|".join(w for w, n in NUMBER_WORDS.items() if n < 10)
_SMALL = "|".join(sorted((w for w, n in NUMBER_WORDS.items() if n < 20), key=len, reverse=True))
_MULT = "|".join(MULTIPLIERS)
_VAGUE = "|".join(
    r"\s+".join(map(re.escape, p.split())) for p in sorted(VAGUE_WORDS, key=len, reverse=True)
)
_TOKEN = re.compile(
    rf"""
    (?P<skip>{_SKIP})
    | \b(?P<vague>{_VAGUE})\b
    | (?:
        (?<![\w.,])(?P<numeral>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?![\w]|[.,]\d)
        | \b(?P<tens>{_TENS})(?:[-\s](?P<unit>{_UNITS}))?\b
        | \b(?P<small>{_SMALL})\b
        | \b(?P<article>an?)(?=\s+(?:{_MULT})\b)
      )
      (?:\s+(?P<mult>{_MULT})\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OPEN_BEFORE = re.compile(
    r"(?:\b" + r"|\b".join(r"\s+".join(p.split()) for p in OPEN_BEFORE) + r")\s+$", re.IGNORECASE
)
_OPEN_AFTER = re.compile(r"^\s*(?:\+|or\s+more\b)", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:to|-|–|—)\s*", re.IGNORECASE)
_AND_GAP = re.compile(r"\s*and\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_GROWTH = "|".join(sorted(GROWTH_WORDS, key=len, reverse=True))
_REACH = "|".join(r"\s+".join(w.split()) for w in sorted(REACH_WORDS, key=len, reverse=True))
# Up to three words (no sentence break, no comma) between the growth word and the figure:
# "grew to around 2,500", "swelled to an estimated 3,000", "reached more than 1,000".
_FILLER = r"(?:\s+[^\s.;:,]+){0,3}?\s*$"
_GROWN_TO = re.compile(rf"(?:\b(?:{_GROWTH})\s+to|\b(?:{_REACH})){_FILLER}", re.IGNORECASE)
_GROWN_FROM = re.compile(rf"\b(?:{_GROWTH})\s+from{_FILLER}", re.IGNORECASE)
_TO_ONLY = re.compile(rf"^\s*to{_FILLER}", re.IGNORECASE)
_SEQUENCE = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in SEQUENCE_WORDS) + r")\b",
    re.IGNORECASE,
)


@dataclass
class _Figure:
    low: int
    high: int | None
    start: int
    end: int
    numeric: bool  # a number (not a vague word): may take part in a range
    multiplied: bool  # carried its own multiplier ("20 thousand")
    raw: float  # the number before any multiplier
    grown_from: bool = False  # the size a crowd grew from ("grew from 300 to 500": 300)
    grown_to: bool = False  # the size a crowd grew to ("swelled to 2,500", "reached 1,000")


def _read_token(m: re.Match[str]) -> _Figure | None:
    """Turn one regex match into a figure (or ``None`` for text that only looks like a number)."""
    if m["skip"]:
        return None
    if m["vague"]:
        low, high = VAGUE_WORDS[" ".join(m["vague"].lower().split())]
        return _Figure(low, high, m.start(), m.end(), False, False, float(low))
    if m["numeral"]:
        raw = float(m["numeral"].replace(",", ""))
    elif m["tens"]:
        raw = NUMBER_WORDS[m["tens"].lower()] + (
            NUMBER_WORDS[m["unit"].lower()] if m["unit"] else 0
        )
    elif m["small"]:
        raw = NUMBER_WORDS[m["small"].lower()]
    else:  # "a hundred", "an ..." : the article stands for one
        raw = 1.0
    mult = MULTIPLIERS[m["mult"].lower()] if m["mult"] else 1
    value = round(raw * mult)
    return _Figure(value, value, m.start(), m.end(), True, mult > 1, raw)


def _figures(text: str) -> list[_Figure]:
    """Every figure in ``text``, left to right, with ranges merged and open ends marked."""
    figures = [f for f in map(_read_token, _TOKEN.finditer(text)) if f is not None]
    merged: list[_Figure] = []
    i = 0
    while i < len(figures):
        fig = figures[i]
        nxt = figures[i + 1] if i + 1 < len(figures) else None
        grew_from = _GROWN_FROM.search(text[: fig.start]) is not None
        if nxt is not None and fig.numeric and nxt.numeric and not grew_from:
            gap = text[fig.end : nxt.start]
            is_range = _RANGE_GAP.fullmatch(gap) is not None or (
                _AND_GAP.fullmatch(gap) is not None and _BETWEEN.search(text[: fig.start])
            )
            low = fig.low
            if is_range and not fig.multiplied and nxt.multiplied:
                # "10 to 20 thousand": the multiplier belongs to both ends when that keeps order.
                scaled = round(fig.raw * (nxt.low / nxt.raw)) if nxt.raw else low
                low = scaled if scaled <= (nxt.high or 0) else low
            if is_range and low <= nxt.low:
                merged.append(_Figure(low, nxt.high, fig.start, nxt.end, True, True, fig.raw))
                i += 2
                continue
        merged.append(fig)
        i += 1
    previous: _Figure | None = None
    for fig in merged:
        if _OPEN_BEFORE.search(text[: fig.start]) or _OPEN_AFTER.match(text[fig.end :]):
            fig.high = None
        before = text[previous.end if previous else 0 : fig.start]
        fig.grown_from = _GROWN_FROM.search(before) is not None
        fig.grown_to = _GROWN_TO.search(before) is not None or (
            previous is not None and previous.grown_from and _TO_ONLY.match(before) is not None
        )
        previous = fig
    return merged


def _largest(figures: list[_Figure]) -> _Figure:
    """The figure with the largest value; an open-ended one wins ties."""
    return max(figures, key=lambda f: (f.high if f.high is not None else f.low, f.high is None))


def crowd_figures(text: str) -> list[tuple[int, int | None]]:
    """Return the ``(low, high)`` of every figure in ``text``, left to right.

    Each figure is read by rules 1-4 and 8 of the module docstring (ranges merged, open ends
    marked), before rules 5-7 pick the size; the tests use it to check that a row's evidence
    quotes every figure of its wording.

    >>> crowd_figures("A crowd of several hundred protesters swelled to 2,500")
    [(300, 999), (2500, 2500)]
    >>> crowd_figures("more than 600 events attended by tens of thousands")
    [(600, None), (20000, 99999)]
    """
    return [(f.low, f.high) for f in _figures(text)]


@lru_cache(maxsize=65536)
def crowd_range(text: str) -> tuple[int | None, int | None]:
    """Return the ``(low, high)`` figures that a source's wording stands for.

    Parameters
    ----------
    text : str
        The source's own wording, e.g. ``"several hundred"``, ``"about 80 people"``,
        ``"more than 300 events"``.

    Returns
    -------
    tuple of (int or None, int or None)
        ``(None, None)`` when the text has no figure; ``high`` is ``None`` when the wording is
        open-ended ("at least 44"). See the module docstring for the full rule.

    Examples
    --------
    >>> crowd_range("hundreds of people showed up")
    (200, 999)
    >>> crowd_range("more than 50 organizations")
    (50, None)

    A crowd that grew is as large as its peak; where it started stays in the wording:

    >>> crowd_range("A crowd of several hundred protesters swelled to 2,500")
    (2500, 2500)
    >>> crowd_range("the march grew from 300 to more than 1,000 by evening")
    (1000, None)
    >>> crowd_range("80 at first, then hundreds")
    (200, 999)

    Several figures that are not sizes over time are one estimate spanning them:

    >>> crowd_range("hundreds, perhaps thousands")
    (200, 9999)
    """
    figures = _figures(text)
    if not figures:
        return (None, None)
    grown = [f for f in figures if f.grown_to]
    if grown:  # rule 5: the size it grew to
        peak = _largest(grown)
        return (peak.low, peak.high)
    if len(figures) > 1 and _SEQUENCE.search(text):  # rule 6: successive sizes, the peak
        peak = _largest(figures)
        return (peak.low, peak.high)
    # Rule 7: one estimate spanning its figures; the largest figure decides the high end.
    return (min(f.low for f in figures), _largest(figures).high)


def stated_counts(text: str) -> tuple[int | None, int | None, bool]:
    """The lowest and highest counts ``text`` states, read as the Crowd Counting Consortium does.

    The CCC records the counts reports give, not a span the words could cover: a vague word
    counts as its low figure ("thousands" = 2,000), an open-ended figure as the number it names
    ("more than 300" = 300: a floor stays a floor, never raised), a range as its two ends. As in
    :func:`crowd_range`, a crowd that grew counts at its peak and successive sizes by their
    largest; several figures that are one estimate give their smallest and largest.

    Returns
    -------
    tuple
        ``(low, high, vague)``: ``(None, None, False)`` when the text has no figure; ``vague``
        is true when the count rests on a vague word or an open-ended figure (the CCC then
        keeps the words in ``size_text``).

    Examples
    --------
    >>> stated_counts("thousands gathered")
    (2000, 2000, True)
    >>> stated_counts("A crowd of several hundred protesters swelled to 2,500")
    (2500, 2500, False)
    >>> stated_counts("more than 300 events")
    (300, 300, True)
    >>> stated_counts("hundreds, perhaps thousands")
    (200, 2000, True)
    >>> stated_counts("between 300 and 500 people")
    (300, 500, False)
    """
    figures = _figures(text)
    if not figures:
        return (None, None, False)
    grown = [f for f in figures if f.grown_to]
    if grown:
        chosen = [_largest(grown)]
    elif len(figures) > 1 and _SEQUENCE.search(text):
        chosen = [_largest(figures)]
    else:
        chosen = figures
    highs = [f.high if f.numeric and f.high is not None else f.low for f in chosen]
    vague = any(not f.numeric or f.high is None for f in chosen)
    return (min(f.low for f in chosen), max(highs), vague)
