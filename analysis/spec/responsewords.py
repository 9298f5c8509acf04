"""The words of the responses chart that count: what the swimlanes count and what they draw
without counting (a response only low-reliability sources report, a reported silence, an arrest
quota), read off the facts model's one rule (``ResponseFacts.marks["counted"]``); re-exported by
:mod:`analysis.spec.words`."""

from __future__ import annotations

from analysis.data.labels import UNCOUNTED_RESPONSE_TYPES
from analysis.fmt import format_count, join_words, plural
from analysis.prep.facts import Facts

#: Level names as they read in a sentence.
LEVEL_WORDS = {
    "federal": "federal",
    "state": "state",
    "county": "county",
    "city": "city",
    "police": "police",
}


#: The responses drawn (hollow) that no count holds, as a list of what is not counted says it.
WEAK_RESPONSES = "reported only by low-reliability sources"


def uncounted_words(facts: Facts, *, weak: bool = True) -> str:
    """What the responses panel draws but does not count as responses, or "": "3 reported only
    by low-reliability sources, 1 'no immediate comment' and 2 arrest quotas set for ICE"
    (``ResponseFacts.weak``, ``ResponseFacts.uncounted``); ``weak=False`` leaves out the
    first (where the notes line already keys the hollow marks)."""
    parts = []
    n_weak = facts.counts.responses_weak
    if weak and n_weak:
        parts.append(f"{format_count(n_weak)} {WEAK_RESPONSES}")
    for kind, n in facts.responses.uncounted.items():
        one, many = UNCOUNTED_RESPONSE_TYPES[kind]
        parts.append(f"{format_count(n)} {one if n == 1 else many}")
    return join_words(parts)


def responses_headline(facts: Facts) -> str:
    """Which level of government made most of the responses reported, in plain words: counts
    only responses made that a medium- or high-reliability source reports (a silence or an
    arrest quota is none, and one only low-reliability sources report is in no count:
    :func:`uncounted_words`)."""
    resp = facts.responses
    c = facts.counts
    if resp.marks.empty:
        return "No official response is reported in this period"
    if c.responses == 0 and c.responses_weak:
        if c.responses_weak == 1:
            return "The one official response reported rests only on low-reliability sources"
        return (
            f"All {format_count(c.responses_weak)} official responses reported rest only on "
            "low-reliability sources"
        )
    if c.responses == 0:
        return f"{uncounted_words(facts)} reported, and no official response made"
    top = max(resp.by_level.values())
    tied = [level for level, n in resp.by_level.items() if n == top]
    who = f"{join_words([LEVEL_WORDS[level] for level in tied])} officials"
    if c.responses == 1:
        return f"The one official response reported came from {who}"
    if top == c.responses:
        every = "Both" if top == 2 else f"All {format_count(top)}"
        return f"{every} official responses reported came from {who}"
    if len(tied) > 1:
        return f"{who.capitalize()} made {plural(top, 'reported official response')} each"
    if 2 * top > c.responses:
        return f"Most official responses reported came from {who}"
    return f"{who.capitalize()} made more of the official responses reported than any other level"


def weak_look(facts: Facts) -> str:
    """How the responses panel draws what only low-reliability sources report, as drawn: "A
    hollow hexagon", "An outlined band", "A hollow hexagon or an outlined band" ("mark" where
    a hollow quota is among them)."""
    marks = facts.responses.marks
    weak = marks["weak"].to_numpy(bool)
    span = marks["span"].to_numpy(bool)
    points = marks[weak & ~span]
    looks = []
    if len(points):
        looks.append(
            "a hollow hexagon" if (points["kind"] == "response").all() else "a hollow mark"
        )
    if (weak & span).any():
        looks.append("an outlined band")
    text = " or ".join(looks)
    return text[0].upper() + text[1:]


def weak_drawn(n: int) -> str:
    """ "the one drawn is", "the 3 drawn are"."""
    return "the one drawn is" if n == 1 else f"the {format_count(n)} drawn are"


def responses_weak_drawn(facts: Facts) -> bool:
    """Whether the responses panel draws a hollow mark (it draws none when binned)."""
    resp = facts.responses
    return not resp.binning.binned and bool(resp.marks["weak"].any())
