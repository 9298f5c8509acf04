"""Rules any of the three tables may break beyond its columns' own checks.

Ids are unique, a required text cell (and a set cell with a length limit) has a visible
character, a cell needed by another is set, a low figure is not above its high, a state is a
two-letter code and coordinates are in range. :mod:`analysis.data.validate` runs them on each
table; the events' own rules (:mod:`analysis.data.eventrules`) use them too.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from analysis.data.columns import ProblemList, Table, matches, matches_few

_STATE = r"^[A-Z]{2}$"
#: A visible character (RE2): not white space, a separator, or a control or format character
#: such as a zero-width space; a required text cell needs at least one.
_VISIBLE = r"[^\s\p{Z}\p{C}]"


def check_unique(table: Table, name: str, out: ProblemList) -> None:
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


def check_visible(table: Table, out: ProblemList) -> None:
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


def requires(
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


def low_high(table: Table, out: ProblemList, low: str, high: str) -> None:
    if not table.has(low, high):
        return
    lo, hi = table.num[low], table.num[high]
    with np.errstate(invalid="ignore"):
        below = lo > hi
    out.flag(table, below, high, "low-high", lambda i: f"{high} is below {low} ({lo[i]:.0f})")


def check_state(table: Table, out: ProblemList) -> None:
    if table.has("state"):
        bad = table.set("state") & ~matches_few(table.raw.columns["state"], _STATE)
        out.flag(table, bad, "state", "state", "state must be two capital letters (e.g. CA)")


def check_coordinates(table: Table, out: ProblemList) -> None:
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
