"""The rules on the curators' words: chart labels and coded text.

A chart label is one line and writes no number its row's figures do not give; the coded
columns (``claims``, ``property_damage``, the injuries, ...) quote their source in paired curly
quotation marks, keep numbers inside the quotations, and write claims as the Crowd Counting
Consortium does (a summary starting "for ", "against " ... or one quoted slogan).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow.compute as pc

from analysis.data import schema
from analysis.data.columns import ProblemList, Table, matches, matches_few

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


def check_label(ev: Table, out: ProblemList) -> None:
    """A label is one line, ends without punctuation, and its numbers are the row's figures.

    Its length and visible character are checked with the other text columns
    (:func:`check_visible`).
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


def check_coded(ev: Table, out: ProblemList) -> None:
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
