"""Corrections in reader copy: "Corrected on 7 Dec 2026: <event title> — the date and the sources".

The corrections log (:mod:`analysis.data.changes`) lists rows and columns; a reader wants to
know which event was corrected, when, and what about it changed, in words. :func:`reader_lines`
writes one line per corrected event (and per corrected source or place the page relies on),
with no row ids, column names, data versions or commands: those stay in the maintainers'
details under it.

Standard library only: the reports index is rewritten even on a run that skips every report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from analysis.data.changes import Changes, ChangesError, parse_csv

#: What a change of each events.csv column changes, in a reader's words (None: not reader copy,
#: such as the curator's notes; a row whose only changes are those is not listed).
EVENT_FIELDS: dict[str, str | None] = {
    "date": "the date",
    "date_end": "the date",
    "date_precision": "the date",
    "date_inferred": "the date",
    "time": "the time",
    "status": "whether it took place",
    "scope": "the area it covers",
    "event_type": "the kind of event",
    "title": "the title",
    "label": "the title",
    "city": "the place",
    "location": "the place",
    "county": "the place",
    "state": "the place",
    "place_id": "the place",
    "latitude": "the place",
    "longitude": "the place",
    "geo_precision": "the place",
    "actors": "who took part",
    "claims": "what it was about",
    "crowd_text": "the crowd size",
    "crowd_low": "the crowd size",
    "crowd_high": "the crowd size",
    "crowd_estimate_by": "who estimated the crowd",
    "crowd_estimator": "who estimated the crowd",
    "arrests": "the number arrested",
    "arrests_text": "the number arrested",
    "immigration_arrests": "the number detained by immigration agents",
    "immigration_arrests_text": "the number detained by immigration agents",
    "participant_measures": "what the protesters did",
    "police_measures": "what the police did",
    "property_damage": "the damage reported",
    "injuries_crowd": "the injuries reported",
    "injuries_police": "the injuries reported",
    "response_actor": "who responded",
    "response_level": "who responded",
    "response_type": "the kind of response",
    "responds_to": "what it responds to",
    "figure_text": "the figure",
    "figure_low": "the figure",
    "figure_high": "the figure",
    "figure_unit": "the figure",
    "disputed": "whether the sources disagree",
    "dispute_group": "whether the sources disagree",
    "source_ids": "the sources",
    "evidence": "the quoted evidence",
    "notes": None,
}
SOURCE_FIELDS: dict[str, str | None] = {
    "publisher": "its publisher",
    "title": "its title",
    "authors": "its authors",
    "published": "its date",
    "url": "its address",
    "reliability": "its reliability",
    "reliability_reason": "its reliability",
    "seed_file": None,
    "notes": None,
}
PLACE_FIELDS: dict[str, str | None] = {
    "name": "its name",
    "city": "its town",
    "county": "its town",
    "state": "its town",
    "latitude": "where it is marked on the map",
    "longitude": "where it is marked on the map",
    "precision": "where it is marked on the map",
    "coordinates_note": None,
}
_FIELDS = {"events.csv": EVENT_FIELDS, "sources.csv": SOURCE_FIELDS, "places.csv": PLACE_FIELDS}

#: keep(file, key, day): whether a page lists a correction of row ``key`` of ``file``
#: (``day`` is an event's date, "" for sources and places).
Keep = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class ReaderCorrection:
    """One corrected row in reader words; ``file`` and ``key`` are for the maintainers' view."""

    file: str
    key: str
    day: str
    text: str
    #: "Corrected", "Added" or "Removed".
    verb: str = "Corrected"


def day_words(day: str | dt.date) -> str:
    """ "7 Dec 2026" from an ISO date (or the text as it is when it is not one)."""
    try:
        d = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
    except ValueError:
        return str(day)
    return f"{d.day} {d:%b %Y}"


def _and(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _rows(texts: Mapping[str, str | None], name: str, key: str) -> dict[str, dict[str, str]]:
    text = texts.get(name)
    if not text:
        return {}
    try:
        _, rows = parse_csv(text, name)
    except ChangesError:
        return {}
    return {row.get(key, ""): dict(row) for row in rows}


def _what(file: str, row: Mapping[str, str]) -> str:
    if file == "events.csv":
        return (row.get("title") or "an event").strip()
    if file == "sources.csv":
        title = (row.get("title") or "").strip()
        publisher = (row.get("publisher") or "").strip()
        return f"the source \u201c{title}\u201d ({publisher})" if title else f"a {publisher} source"
    return f"the place {(row.get('name') or '').strip()}".strip()


def reader_corrections(
    changes: Changes,
    old: Mapping[str, str | None],
    new: Mapping[str, str | None],
    keep: Keep | None = None,
) -> list[ReaderCorrection]:
    """The corrected rows of ``changes`` (between the files' texts ``old`` and ``new``) that
    ``keep`` keeps, each in reader words: "<title> — the date and the sources" (the title alone
    for a row added or removed); changes only to curator notes are left out."""
    out: list[ReaderCorrection] = []
    for table in changes.tables:
        fields = _FIELDS.get(table.file)
        if fields is None:
            continue
        before = _rows(old, table.file, table.key)
        after = _rows(new, table.file, table.key)

        def add(
            key: str, row: Mapping[str, str], verb: str, what: str = "", file: str = table.file
        ) -> None:
            day = (row.get("date") or "") if file == "events.csv" else ""
            if keep is None or keep(file, key, day):
                text = _what(file, row) + (f" \u2014 {what}" if what else "")
                out.append(ReaderCorrection(file, key, day, text, verb))

        for key in table.added:
            add(key, after.get(key, {}), "Added")
        for key in table.removed:
            add(key, before.get(key, {}), "Removed")
        for row in table.changed:
            said = [fields.get(f.field, "other details") for f in row.fields]
            said = [w for w in said if w]
            if said:
                add(row.key, after.get(row.key) or before.get(row.key, {}), "Corrected", _and(said))
    return out


def reader_lines(corrections: list[ReaderCorrection], on: str | dt.date) -> list[str]:
    """ "Corrected on 7 Dec 2026: <what> — <what changed>" ("Added on …: <title>"), one each."""
    when = day_words(on)
    return [f"{c.verb} on {when}: {c.text}" for c in corrections]
