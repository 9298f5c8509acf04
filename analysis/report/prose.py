"""Each fact said once in a report page's prose.

A report page is assembled section by section (the lede, the summary, each chart or the
sentence standing in for it, the charts-for-articles table), and the sections word the same
finding the same way: where several charts are sentences, each would restate the lede. A
:class:`PageProse` is the page's ledger: each section passes its prose through
:meth:`PageProse.fresh`, which keeps only the sentences the page has not said yet, so a reader
reads each sentence once, where it first appears (the lede, usually). A section left with
nothing new says where its finding was told instead of repeating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["PageProse", "repeated_sentences", "sentences"]

#: Full stops that end no sentence: initials ("L.A.", "U.S."), titles and month abbreviations.
_ABBREVIATIONS = re.compile(
    r"\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|St|Mr|Mrs|Ms|Dr|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept"
    r"|Oct|Nov|Dec)\."
)
#: Where one sentence ends and the next begins: after ".", "!" or "?" (and any closing quote
#: or bracket), before a capital, a digit, an opening quote or bracket.
_BREAK = re.compile(r"(?<=[.!?])([”\")\]]*)\s+(?=[A-Z0-9“\"(\[])")
_HOLD = "\x00"


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order, each with its closing punctuation.

    >>> sentences("Walkouts in L.A. (L.A. TACO). 2 responses are reported.")
    ['Walkouts in L.A. (L.A. TACO).', '2 responses are reported.']
    """
    held = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", _HOLD), " ".join(text.split()))
    parts = _BREAK.sub(lambda m: m.group(1) + "\n", held).split("\n")
    return [p.replace(_HOLD, ".").strip() for p in parts if p.strip()]


def _key(sentence: str) -> str:
    """A sentence as compared: case, spacing and the final full stop do not make it new."""
    return " ".join(sentence.split()).rstrip(".").casefold()


def repeated_sentences(texts: list[str], *, min_words: int = 4) -> dict[str, int]:
    """The sentences of ``texts`` said more than once (of at least ``min_words`` words), with
    how many times: what a page's prose should not have."""
    seen: dict[str, tuple[str, int]] = {}
    for text in texts:
        for s in sentences(text):
            if len(s.split()) >= min_words:
                first, n = seen.get(_key(s), (s, 0))
                seen[_key(s)] = (first, n + 1)
    return {s: n for s, n in seen.values() if n > 1}


@dataclass
class PageProse:
    """The sentences a report page has said so far, and where (``said``: sentence key to the
    section's name, e.g. "the opening paragraph").

    Make one per page (the report notebook does, before its first section) and pass it to
    each section that writes prose (:func:`analysis.report.display.chronology`,
    :func:`~analysis.report.display.summary`, :func:`~analysis.report.display.interactive_chart`,
    :func:`~analysis.report.display.chart_page`).
    """

    said: dict[str, str] = field(default_factory=dict)

    def say(self, text: str, where: str) -> None:
        """Record the sentences of ``text`` as said in ``where`` (those said before keep their
        first place)."""
        for s in sentences(text):
            self.said.setdefault(_key(s), where)

    def fresh(self, text: str, where: str) -> str:
        """``text`` without the sentences the page has already said, recording the rest as
        said in ``where``; "" when every sentence was said before."""
        kept = [s for s in sentences(text) if _key(s) not in self.said]
        out = " ".join(kept)
        self.say(out, where)
        return out

    def told_in(self, text: str) -> str:
        """Where the page first said the first sentence of ``text`` ("" if it never did)."""
        first = sentences(text)
        return self.said.get(_key(first[0]), "") if first else ""
