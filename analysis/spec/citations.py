"""What a chronology item rests on: its sources and their own short phrases, as data.

Each output (:mod:`analysis.publish.chronology`, :mod:`analysis.publish.timelinejs`) quotes a
:class:`Citation` through :meth:`Citation.quoted`, so a phrase joined from two places of a
source is printed the same way everywhere, each part in its own quotation marks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis.data import schema


@dataclass(frozen=True)
class SourceRef:
    """One source of an item: publisher, title, address (may be empty) and reliability."""

    source_id: str
    publisher: str
    title: str
    url: str
    reliability: str

    @property
    def low(self) -> bool:
        """Whether the source is graded low-reliability (marked wherever it is cited)."""
        return self.reliability == "low"


#: The source's own double quotes inside a quoted phrase become single ones (“as ‘goons’”).
_INNER_QUOTES = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", '"': "\u2019"})


@dataclass(frozen=True)
class Citation:
    """A source's own short phrase (events.csv ``evidence``) and the sources it comes from."""

    quote: str
    sources: tuple[SourceRef, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        """The quote's verbatim phrases: an evidence cell joins phrases from different places
        of the source (often different speakers: a reporter's narration and an official's
        claim), so each is shown in its own quotation marks, never spliced into one."""
        parts = (p.strip() for p in self.quote.split(schema.EVIDENCE_SEP.strip()))
        return tuple(p.translate(_INNER_QUOTES) for p in parts if p)

    def quoted(self, escape: Callable[[str], str] = str) -> str:
        """The phrases, each escaped for its output and in its own quotation marks, joined by
        an ellipsis: “demonstrators blocked entrances …” … “1,000 rioters surrounded”."""
        return " \u2026 ".join(f"\u201c{escape(p)}\u201d" for p in self.phrases)
