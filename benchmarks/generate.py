"""Synthetic but valid events files in the project's schema, for benchmarks (issue 6).

``generate_dataset(n_rows, out_dir)`` writes ``events.csv``, ``sources.csv`` and ``places.csv``
that pass ``analysis.data.validate`` and look like a large compiled dataset: a realistic mix of
event
types, cities of Southern California (with some national rows), dates from
``schema.DATE_MIN`` to ``schema.DATE_MAX`` in bursts (episodes), week- and month-precision dates,
missing figures, crowd wording whose numbers follow ``analysis.data.crowd.crowd_range``, official
responses with their level and type, police measures, and disputed pairs in dispute groups.

Everything is drawn with one seeded numpy generator and built column by column with numpy and
pyarrow compute, so a million rows take a few seconds and the same seed gives the same bytes.
The CSV is written with minimal quoting (only cells with a comma, quote or line break), as a
spreadsheet exports it.

Command line: ``python benchmarks/generate.py N OUT_DIR [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script; PYTHONPATH and the installed package win
    sys.path.append(str(ROOT))

from analysis.data import schema  # noqa: E402
from analysis.data.crowd import VAGUE_WORDS, crowd_range  # noqa: E402

_EPOCH = dt.date(1970, 1, 1)
_DAY_MIN = (schema.DATE_MIN - _EPOCH).days
_DAY_MAX = (schema.DATE_MAX - _EPOCH).days

# --- Fixed vocabularies of the synthetic world --------------------------------------------------

#: (city, county, latitude, longitude): Southern California cities, approximate centres.
SOCAL_CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("Los Angeles", "Los Angeles", 34.0522, -118.2437),
    ("Long Beach", "Los Angeles", 33.7701, -118.1937),
    ("Paramount", "Los Angeles", 33.8895, -118.1598),
    ("Compton", "Los Angeles", 33.8958, -118.2201),
    ("Baldwin Park", "Los Angeles", 34.0853, -117.9609),
    ("El Monte", "Los Angeles", 34.0686, -118.0276),
    ("Pasadena", "Los Angeles", 34.1478, -118.1445),
    ("Glendale", "Los Angeles", 34.1425, -118.2551),
    ("Santa Monica", "Los Angeles", 34.0195, -118.4912),
    ("Culver City", "Los Angeles", 34.0211, -118.3965),
    ("Inglewood", "Los Angeles", 33.9617, -118.3531),
    ("Torrance", "Los Angeles", 33.8358, -118.3406),
    ("Pomona", "Los Angeles", 34.0551, -117.7500),
    ("Huntington Park", "Los Angeles", 33.9817, -118.2251),
    ("Bell Gardens", "Los Angeles", 33.9653, -118.1515),
    ("Santa Ana", "Orange", 33.7455, -117.8677),
    ("Anaheim", "Orange", 33.8366, -117.9143),
    ("Irvine", "Orange", 33.6846, -117.8265),
    ("Aliso Viejo", "Orange", 33.5676, -117.7256),
    ("Riverside", "Riverside", 33.9806, -117.3755),
    ("Corona", "Riverside", 33.8753, -117.5664),
    ("San Bernardino", "San Bernardino", 34.1083, -117.2898),
    ("Ontario", "San Bernardino", 34.0633, -117.6509),
    ("Oxnard", "Ventura", 34.1975, -119.1771),
    ("Ventura", "Ventura", 34.2746, -119.2290),
)
#: (city, state, latitude, longitude): places outside Southern California (national scope).
OTHER_CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("Chicago", "IL", 41.8781, -87.6298),
    ("New York", "NY", 40.7128, -74.0060),
    ("Minneapolis", "MN", 44.9778, -93.2650),
    ("Aurora", "CO", 39.7294, -104.8319),
    ("Portland", "OR", 45.5152, -122.6784),
    ("Houston", "TX", 29.7604, -95.3698),
    ("Phoenix", "AZ", 33.4484, -112.0740),
    ("San Francisco", "CA", 37.7749, -122.4194),
    ("Washington", "DC", 38.9072, -77.0369),
    ("Atlanta", "GA", 33.7490, -84.3880),
)
SOCAL_COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino", "Ventura")
_VENUE_KINDS = (
    ("venue", "Federal Building"),
    ("venue", "City Hall"),
    ("venue", "Home Depot"),
    ("venue", "Park"),
    ("neighborhood", "Downtown"),
    ("neighborhood", "Eastside"),
    ("address", "Main St and 1st St"),
    ("venue", "Detention Center"),
)

#: Relative frequency of each event type (every key of schema.EVENT_TYPES).
TYPE_WEIGHTS: dict[str, float] = {
    "protest": 20,
    "rally": 15,
    "march": 12,
    "vigil": 4,
    "walkout": 3,
    "day_of_action": 2,
    "meeting": 3,
    "press_conference": 4,
    "patrol": 5,
    "clash": 4,
    "enforcement_operation": 8,
    "official_statement": 6,
    "advocacy_statement": 3,
    "directive": 2,
    "deployment": 2,
    "police_action": 4,
    "legislation": 1,
    "policy_target": 0.3,
    "reporting_portal": 0.2,
    "other": 2,
}
_ORGS = (
    "CHIRLA",
    "Union del Barrio",
    "ACLU of Southern California",
    "SEIU California",
    "Students for Immigrant Rights",
    "LA Tenants Union",
    "Community Self-Defense Coalition",
    "Raids Rapid Response Network",
    "Clergy and Laity United",
    "Democratic Socialists of America",
    "ICE",
    "CBP",
    "LAPD",
    "National Guard",
)
_RESPONDERS: dict[str, tuple[str, ...]] = {
    "federal": ("Donald Trump (President)", "DHS", "ICE", "U.S. Attorney Bill Essayli"),
    "state": ("Gov. Gavin Newsom", "California Attorney General", "State Sen. Maria Durazo"),
    "county": ("LA County Board of Supervisors", "LA County Sheriff"),
    "city": ("Mayor Karen Bass", "Los Angeles City Council", "Long Beach City Council"),
    "police": ("LAPD", "LAPD Chief Jim McDonnell", "Long Beach Police Department"),
}
_RESPONSE_TYPES_BY_EVENT: dict[str, tuple[str, ...]] = {
    "official_statement": ("statement", "prosecution_threat", "funding_threat", "accommodation"),
    "directive": ("directive", "prosecution_threat"),
    "deployment": ("deployment", "deployment_request", "withdrawal"),
    "police_action": ("crowd_dispersal", "arrests", "tactical_alert"),
    "legislation": ("legislation",),
    "policy_target": ("quota",),
    "reporting_portal": ("reporting_portal",),
}
#: Who made a crowd figure, by kind of estimator (crowd_estimator, named as a source names them);
#: an empty name is a source that does not say. Reporters' own figures name no one.
_ESTIMATORS: dict[str, tuple[str, ...]] = {
    "police": ("LAPD", "Long Beach Police Department", "LA County Sheriff's Department", ""),
    "organizers": ("50501", "Indivisible South Bay LA", "Union del Barrio", "CHIRLA", ""),
    "officials": ("Department of Homeland Security", "Mayor Karen Bass", "White House"),
    "advocates": ("ACLU of Southern California", "Centro CSO", ""),
}
_PUBLISHERS = (
    ("Los Angeles Times", "high"),
    ("LA Taco", "medium"),
    ("Southern California News Group", "high"),
    ("Al Jazeera", "high"),
    ("LAist", "high"),
    ("Associated Press", "high"),
    ("Parriva (website)", "low"),
    ("Unknown website", "low"),
    ("Knock LA", "medium"),
)
_REASONS = {
    "high": "Newsroom's own reporting, with named reporters at the scene.",
    "medium": "Original reporting by an outlet with an advocacy angle.",
    "low": "Aggregated or machine-spun rewrite of other outlets' reporting.",
}
_NOTES = (
    "Date from the source's weekday; the year is that of the article.",
    'The source calls it a "peaceful" gathering; no crowd figure given.',
    "Figures differ between outlets, see the dispute group.",
    "Time is when the source says the crowd gathered, not when it left.",
    "Recorded under the month of the report, which gives no day.",
    "Organizers, not police, gave this count.",
)
#: Chart labels: a short word for each event type, after the city ("Pasadena rally").
_LABEL_WORDS: dict[str, str] = {
    "protest": "protest",
    "rally": "rally",
    "march": "march",
    "vigil": "vigil",
    "walkout": "walkout",
    "day_of_action": "day of action",
    "meeting": "meeting",
    "press_conference": "press event",
    "patrol": "ICE watch",
    "clash": "clash",
    "enforcement_operation": "ICE raid",
    "official_statement": "statement",
    "advocacy_statement": "group statement",
    "directive": "directive",
    "deployment": "deployment",
    "police_action": "police action",
    "legislation": "bill",
    "policy_target": "arrest goal",
    "reporting_portal": "reporting portal",
    "other": "event",
}
#: Coded columns (issue 13): claims of demonstrations; actions, damage, injuries at clashes.
#: Quotations are in curly quotes and numbers only inside them, as the validator wants.
_CLAIMS = (
    "against ICE raids",
    "against ICE; for immigrant rights",
    "against deportations; “ICE out of LA”",
    "in solidarity with Minneapolis; “Abolish ICE”",
    "for the release of detainees; “Set them free, let them stay!”",
)
_PARTICIPANT_MEASURES = (
    "blocked the entrance; chanted",
    "some protesters “threw objects at officers”",
    "marched in the street",
)
_PROPERTY_DAMAGE = ("“a car that had been set on fire”", "DHS says protesters “defaced buildings”")
_INJURIES_CROWD = ("“two protesters were injured”", "police say “several people were hurt”")
_INJURIES_POLICE = ("LAPD says “3 officers were injured”", "“an officer was hurt”")

#: Evidence phrases: text before the place name, text after it, whether a weekday follows.
_EVIDENCE: tuple[tuple[str, str, bool], ...] = (
    ("protesters gathered outside ", " on ", True),
    ("a crowd of hundreds marched through ", "", False),
    ("officers declared an unlawful assembly near ", " on ", True),
    ("agents detained people outside ", ", witnesses said", False),
    ("organizers said they would return to ", " next week", False),
    ('officials said "we will not be intimidated" in ', "", False),
)


# --- Small helpers -------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower-case letters and digits joined by single hyphens (an id of the schema)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _strings(values: Sequence[str]) -> pa.Array:
    return pa.array(list(values), pa.string())


def _pick(values: Sequence[str] | pa.Array, idx: np.ndarray) -> pa.Array:
    """``values[idx]`` as a pyarrow string array; ``idx < 0`` gives an empty cell."""
    table = values if isinstance(values, pa.Array) else _strings(values)
    table = pa.concat_arrays([table.cast(pa.string()), _strings([""])])
    idx = np.where(idx < 0, len(table) - 1, idx)
    return table.take(pa.array(idx, pa.int64()))


def _num_text(values: np.ndarray) -> pa.Array:
    """Integers (float with NaN = empty) as text cells."""
    mask = np.isnan(values)
    ints = pa.array(np.where(mask, 0, values).astype(np.int64), mask=mask)
    return pc.fill_null(pc.cast(ints, pa.string()), "")


def _date_text(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 as YYYY-MM-DD cells (negative = empty)."""
    mask = days < 0
    dates = pa.array(np.where(mask, 0, days).astype(np.int32), pa.date32(), mask=mask)
    return pc.fill_null(pc.cast(dates, pa.string()), "")


def _join(parts: Sequence[pa.Array], sep: str) -> pa.Array:
    """Join the non-empty parts element-wise with ``sep`` (an all-empty row gives "").

    Not ``binary_join_element_wise(..., null_handling="skip")``: pyarrow 26 drops the rows
    whose parts are all null from its result.
    """
    out = parts[0]
    for part in parts[1:]:
        both = pc.and_(pc.not_equal(out, ""), pc.not_equal(part, ""))
        out = _concat(out, pc.if_else(both, sep, ""), part)
    return out


def _concat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of arrays and literal strings."""
    return pc.binary_join_element_wise(*parts, "")


_SPECIAL = np.frombuffer(b'",\r\n', dtype=np.uint8)


def _csv_cell(arr: pa.Array) -> pa.Array:
    """Quote the cells that need it (comma, quote, line break), doubling inner quotes."""
    data = arr.buffers()[2]
    if data is None or not np.isin(np.frombuffer(data, np.uint8), _SPECIAL).any():
        return arr  # the usual case: one pass over the bytes, no per-cell work
    needs = pc.match_substring_regex(arr, '[",\r\n]')
    quoted = _concat('"', pc.replace_substring(arr, '"', '""'), '"')
    return pc.if_else(needs, quoted, arr)


def write_csv(path: Path, columns: dict[str, pa.Array]) -> None:
    """Write string columns as a CSV with minimal quoting and ``\\n`` line ends, fast."""
    header = ",".join(columns) + "\n"
    cells = [_csv_cell(pc.fill_null(c, "")) for c in columns.values()]
    lines = pc.binary_join_element_wise(*cells, ",")
    lines = pc.binary_join_element_wise(lines, "", "\n").cast(pa.large_string())
    with path.open("wb") as handle:
        handle.write(header.encode())
        if len(lines):
            offsets = np.frombuffer(lines.buffers()[1], np.int64)
            first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
            handle.write(memoryview(lines.buffers()[2])[first:last])


# --- Gazetteer and sources ----------------------------------------------------------------------


def _places(rng: np.random.Generator, n_rows: int) -> dict[str, list[str]]:
    """Cities, counties, and venues/neighbourhoods within cities; more of them for more rows."""
    rows: dict[str, list[str]] = {c.name: [] for c in schema.PLACE_COLUMNS}

    def add(
        pid: str,
        name: str,
        city: str,
        county: str,
        state: str,
        lat: float,
        lon: float,
        precision: str,
        note: str,
    ) -> None:
        values = (pid, name, city, county, state, f"{lat:.4f}", f"{lon:.4f}", precision, note)
        for column, value in zip(schema.PLACE_COLUMNS, values, strict=True):
            rows[column.name].append(value)

    for city, county, lat, lon in SOCAL_CITIES:
        add(slug(city), city, city, county, "CA", lat, lon, "city", "Approximate city centre.")
    for county in SOCAL_COUNTIES:
        lat, lon = 34.0 + rng.uniform(-0.4, 0.4), -117.8 + rng.uniform(-0.8, 0.8)
        add(
            slug(f"{county} county"),
            f"{county} County",
            "",
            county,
            "CA",
            lat,
            lon,
            "region",
            "Approximate centre of the county, for county-wide events.",
        )
    for city, state, lat, lon in OTHER_CITIES:
        add(
            slug(f"{city} {state}"),
            city,
            city,
            "",
            state,
            lat,
            lon,
            "city",
            "Approximate city centre.",
        )
    n_venues = int(np.clip(n_rows // 200, 20, 5000))
    for k in range(n_venues):
        city, county, lat, lon = SOCAL_CITIES[int(rng.integers(len(SOCAL_CITIES)))]
        precision, kind = _VENUE_KINDS[int(rng.integers(len(_VENUE_KINDS)))]
        name = f"{city} {kind}"
        add(
            slug(f"{name} {k}"),
            name,
            city,
            county,
            "CA",
            lat + rng.normal(0, 0.02),
            lon + rng.normal(0, 0.02),
            precision,
            "Synthetic position near the city centre, good to about 2 km.",
        )
    return rows


def _sources(rng: np.random.Generator, n_rows: int) -> tuple[dict[str, pa.Array], np.ndarray]:
    """Articles spread over the window, sorted by publication day (also returned)."""
    n = int(np.clip(n_rows // 15, 6, 100_000))
    days = np.sort(rng.integers(_DAY_MIN, _DAY_MAX + 1, n))
    pub = rng.integers(0, len(_PUBLISHERS), n)
    publishers = [p for p, _ in _PUBLISHERS]
    reliability = np.array([_PUBLISHERS[i][1] for i in range(len(_PUBLISHERS))])[pub]
    date_text = _date_text(days)
    ids = _concat(
        _pick([slug(p) for p in publishers], pub),
        "-",
        date_text,
        "-",
        pc.cast(pa.array(np.arange(n)), pa.string()),
    )
    undated = rng.random(n) < 0.05
    columns = {
        "source_id": ids,
        "publisher": _pick(publishers, pub),
        "title": _concat("[Protests and raids reported by ", _pick(publishers, pub), "]"),
        "authors": _pick(
            ("A. Reporter; B. Writer", "Staff", "City News Service", ""), rng.integers(0, 4, n)
        ),
        "published": _date_text(np.where(undated, -1, days)),
        "url": _concat("https://example.org/", ids),
        "seed_file": pa.array([""] * n, pa.string()),
        "reliability": _strings(list(reliability)),
        "reliability_reason": _pick([_REASONS[r] for _, r in _PUBLISHERS], pub),
        "notes": _pick(("Title in brackets is ours.",), np.where(rng.random(n) < 0.5, 0, -1)),
    }
    return columns, days


# --- Events -------------------------------------------------------------------------------------


def _event_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Dates in bursts: most events fall within a week or two of one of a few dozen peaks."""
    n_bursts = 24
    centres = rng.integers(_DAY_MIN + 10, _DAY_MAX - 10, n_bursts)
    weights = rng.pareto(1.5, n_bursts) + 0.2
    burst = rng.choice(n_bursts, n, p=weights / weights.sum())
    days = centres[burst] + np.round(rng.laplace(0, 4, n)).astype(np.int64)
    background = rng.random(n) < 0.3
    days[background] = rng.integers(_DAY_MIN, _DAY_MAX + 1, int(background.sum()))
    return np.clip(days, _DAY_MIN, _DAY_MAX)


def _crowd_wordings(rng: np.random.Generator, n: int) -> list[str]:
    """Source wordings of crowd sizes: numerals, ranges, open-ended floors and vague words."""
    sizes = np.exp(rng.normal(5.5, 1.4, n)).clip(5, 300_000)
    unit = np.where(sizes < 100, 5, np.where(sizes < 2000, 10, 100))
    nice = np.round(sizes / unit) * unit
    nice = nice.astype(np.int64)
    form = rng.integers(0, 10, n)
    out = []
    vague = list(VAGUE_WORDS)  # the documented vague words
    for size, f in zip(nice.tolist(), form.tolist(), strict=True):
        if f == 0:
            out.append(f"about {size:,} people")
        elif f == 1:
            out.append(f"at least {size:,}")
        elif f == 2:
            out.append(f"{size:,} to {size * 2:,} protesters")
        elif f == 3:
            out.append(vague[size % len(vague)])
        elif f == 4:
            out.append(f"more than {size:,} marchers")
        elif f == 5:
            out.append("a large crowd")  # no figure: numbers stay empty
        else:
            out.append(f"{size} people")
    return out


def _ranges(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``crowd_range`` of each wording as float arrays (NaN = no figure), plus a NaN at the end.

    The extra last element is what index ``-1`` (an empty cell) picks.
    """
    parsed = [crowd_range(w) for w in words] + [(None, None)]
    low = np.array([np.nan if p[0] is None else p[0] for p in parsed], dtype=float)
    high = np.array([np.nan if p[1] is None else p[1] for p in parsed], dtype=float)
    return low, high


def _n_distinct(rng: np.random.Generator, n: int, k: int, n_items: int) -> list[np.ndarray]:
    """``k`` columns of distinct item indices per row (-1 = absent), 1..k items per row."""
    count = rng.integers(1, k + 1, n)
    first = rng.integers(0, n_items, n)
    cols = [first]
    step = first.copy()
    for j in range(1, k):
        step = (step + rng.integers(1, max(n_items // k, 2), n)) % n_items
        cols.append(np.where(count > j, step, -1))
    return cols


def _place_scopes(places: dict[str, list[str]]) -> np.ndarray:
    """Scope of an event at each place: 0 local (a SoCal city), 1 regional, 2 national."""
    state = np.array(places["state"])
    county = np.array(places["county"])
    city = np.array(places["city"])
    socal = (state == "CA") & np.isin(county, SOCAL_COUNTIES)
    return np.where(socal & (city != ""), 0, np.where(socal, 1, 2))


def generate_events(
    rng: np.random.Generator,
    n_rows: int,
    places: dict[str, list[str]],
    sources: dict[str, pa.Array],
    source_days: np.ndarray,
) -> dict[str, pa.Array]:
    """The events columns as pyarrow string arrays, in file order (by date).

    Every column is first drawn as integer indices into a small list of values (numpy), rows
    are then put in file order once, and only then are the strings built (pyarrow ``take``
    and element-wise joins), so each string column is materialised exactly once.
    """
    n_twins = n_rows // 50  # about one row in 50 is the second figure of a disputed pair
    n = n_rows - n_twins
    types = list(schema.EVENT_TYPES)
    weights = np.array([TYPE_WEIGHTS[t] for t in types])
    etype = rng.choice(len(types), n, p=weights / weights.sum())

    def is_type(*names: str) -> np.ndarray:
        return np.isin(etype, [types.index(t) for t in names])

    protest = is_type(*schema.PROTEST_EVENT_TYPES)
    response = is_type(*schema.RESPONSE_EVENT_TYPES)

    # Dates and their precision (a week is dated by its Monday, a month by its 1st).
    days = _event_days(rng, n)
    prec = rng.choice(3, n, p=[0.95, 0.03, 0.02])  # day, week, month
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    days = np.where(prec == 1, days - weekday, days)
    month_start = days.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]")
    days = np.where(prec == 2, month_start.astype(np.int64), days)
    inferred = ((prec > 0) | (rng.random(n) < 0.05)).astype(np.int64)
    multi = is_type("day_of_action") & (rng.random(n) < 0.3)
    date_end = np.where(multi, np.minimum(days + rng.integers(1, 5, n), _DAY_MAX), -1)
    status = (rng.random(n) < 0.05).astype(np.int64)
    times = [f"{h:02d}:{m:02d}" for h in range(6, 23) for m in (0, 15, 30, 45)]
    time_i = np.where(rng.random(n) < 0.4, rng.integers(0, len(times), n), -1)

    # Places: demonstrations mostly at a place; official responses often without one.
    n_places = len(places["place_id"])
    n_fixed = len(SOCAL_CITIES) + len(SOCAL_COUNTIES) + len(OTHER_CITIES)
    no_place_likely = response | is_type("advocacy_statement")
    has_place = rng.random(n) < np.where(no_place_likely, 0.3, 0.93)
    roll = rng.random(n)
    place = np.where(
        roll < 0.45,
        rng.integers(min(n_fixed, n_places - 1), n_places, n),  # a venue or neighbourhood
        np.where(
            roll < 0.9,
            rng.integers(0, len(SOCAL_CITIES), n),
            rng.integers(len(SOCAL_CITIES), n_fixed, n),
        ),
    )
    # Statements and directives have no coordinates (data/README.md, Places and coordinates).
    has_place &= ~is_type(*schema.UNPLACED_EVENT_TYPES)
    place = np.where(has_place, place, -1)
    scope = np.where(has_place, _place_scopes(places)[place], rng.integers(1, 3, n))

    # Crowd wording for demonstrations; its figures come from crowd_range.
    wordings = _crowd_wordings(rng, 4096)
    w_low, w_high = _ranges(wordings)
    crowd_w = np.where(protest & (rng.random(n) < 0.55), rng.integers(0, len(wordings), n), -1)
    estimators = list(schema.CROWD_ESTIMATE_BY)
    crowd_by = rng.integers(0, len(estimators), n)

    # Arrests and immigration arrests, with their wording.
    arrest_words = [f"{k} people arrested" for k in range(1, 60)] + [
        "at least 40 arrests",
        "dozens arrested",
        "no arrests reported",
        "one arrest",
        "more than 100 people arrested",
        "several arrests",
    ]
    arrested = (is_type("clash", "police_action") & (rng.random(n) < 0.5)) | (
        protest & (rng.random(n) < 0.04)
    )
    arrest_w = np.where(arrested, rng.integers(0, len(arrest_words), n), -1)
    detain_words = [f"{k} people detained" for k in range(1, 40)] + [
        "dozens detained",
        "at least 16 workers detained",
        "hundreds detained",
    ]
    raided = is_type("enforcement_operation") & (rng.random(n) < 0.6)
    detain_w = np.where(raided, rng.integers(0, len(detain_words), n), -1)

    # Police measures: one to three distinct ones at clashes and police actions.
    measures = list(schema.POLICE_MEASURES)
    forceful = is_type("clash") | (is_type("police_action") & (rng.random(n) < 0.7))
    measure_cols = [np.where(forceful, c, -1) for c in _n_distinct(rng, n, 3, len(measures))]

    # Official responses: level, an actor of that level, a type that fits the event type.
    levels = list(schema.RESPONSE_LEVELS)
    level = np.where(response, rng.integers(0, len(levels), n), -1)
    responders = [a for lv in levels for a in _RESPONDERS[lv]]
    first = np.cumsum([0] + [len(_RESPONDERS[lv]) for lv in levels])
    level_c = np.maximum(level, 0)
    responder = np.where(
        response, first[level_c] + rng.integers(0, 1 << 30, n) % np.diff(first)[level_c], -1
    )
    rtypes = list(schema.RESPONSE_TYPES)
    rtype = np.full(n, -1)
    for event_type, allowed in _RESPONSE_TYPES_BY_EVENT.items():
        rows = is_type(event_type)
        choice = np.array([rtypes.index(a) for a in allowed])
        rtype[rows] = choice[rng.integers(0, len(choice), int(rows.sum()))]

    # Other counted figures: days of action count events; quotas; deployments of troops.
    figure_words = {
        "day_of_action": (
            ["more than 300 events", "events in 50 cities", "over 1,000 events"],
            "events",
        ),
        "policy_target": (
            ["a quota of 1,200 to 1,500 arrests per day", "3,000 arrests a day"],
            "arrests_per_day",
        ),
        "deployment": (
            ["about 2,000 National Guard troops", "700 Marines", "4,000 troops"],
            "officers",
        ),
    }
    fig_texts: list[str] = []
    units = list(schema.FIGURE_UNITS)
    fig_w = np.full(n, -1)
    fig_unit = np.full(n, -1)
    for event_type, (texts, unit) in figure_words.items():
        rows = is_type(event_type) & (rng.random(n) < 0.6)
        fig_w[rows] = len(fig_texts) + rng.integers(0, len(texts), int(rows.sum()))
        fig_unit[rows] = units.index(unit)
        fig_texts += texts

    # Sources: one to three distinct articles, the first published around the event's date.
    n_src = len(source_days)
    near = np.clip(np.searchsorted(source_days, days) + rng.integers(-3, 4, n), 0, n_src - 1)
    more = _n_distinct(rng, n, 2, max(n_src - 1, 1))
    src_cols = [near] + [np.where(c >= 0, (near + 1 + c) % n_src, -1) for c in more]
    src_cols[2] = np.where(src_cols[2] == src_cols[1], -1, src_cols[2])
    if n_src == 1:
        src_cols = [near, np.full(n, -1), np.full(n, -1)]

    # Actors: organisations for most rows; the responding official for responses.
    actor_vocab = list(_ORGS) + responders
    has_actors = rng.random(n) < 0.6
    actor_cols = [np.where(has_actors, c, -1) for c in _n_distinct(rng, n, 3, len(_ORGS))]
    actor_cols[0] = np.where(response, len(_ORGS) + responder, actor_cols[0])
    for c in actor_cols[1:]:
        c[response] = -1
    evidence_i = rng.integers(0, len(_EVIDENCE), n)
    notes_i = np.where(rng.random(n) < 0.3, rng.integers(0, len(_NOTES), n), -1)

    # Disputed pairs: a second row for the same event, with other figures and another source.
    # A floor and a figure it allows are no dispute (data/README.md, Conflicting figures), so
    # neither figure of a pair is a floor ("at least 55"): both have a high.
    figured = np.flatnonzero(~np.isnan(w_low[:-1]) & ~np.isnan(w_high[:-1]))
    candidates = np.flatnonzero((crowd_w >= 0) & ~np.isnan(w_high[crowd_w]))
    n_twin = min(n_twins, len(candidates))
    twin_of = rng.choice(candidates, n_twin, replace=False)
    twin_word = figured[rng.integers(0, len(figured), n_twin)]
    # ... and the two conflict: no one number fits both (else they agree, and are no dispute).
    first = crowd_w[twin_of]
    for _ in range(50):
        agree = np.maximum(w_low[first], w_low[twin_word]) <= np.minimum(
            w_high[first], w_high[twin_word]
        )
        if not agree.any():
            break
        twin_word[agree] = figured[rng.integers(0, len(figured), int(agree.sum()))]
    else:  # what is left takes the largest wording, or the smallest if it is the largest
        top, bottom = figured[np.argmax(w_low[figured])], figured[np.argmin(w_high[figured])]
        twin_word[agree] = np.where(w_low[first[agree]] < w_low[top], top, bottom)
    twin_by = rng.integers(0, len(estimators), n_twin)

    # File order: by date; a twin right where its date puts it.
    order = np.concatenate([np.arange(n), twin_of])
    perm = np.argsort(days[order], kind="stable")
    final = order[perm]
    k = perm - n  # which twin (>= 0) each output row is
    twin = k >= 0
    total = len(final)

    def out(a: np.ndarray) -> np.ndarray:
        return a[final]

    days, prec, inferred, date_end, status, time_i = map(
        out, (days, prec, inferred, date_end, status, time_i)
    )
    etype, place, scope, crowd_w, crowd_by = map(out, (etype, place, scope, crowd_w, crowd_by))
    arrest_w, detain_w, level, rtype, responder = map(
        out, (arrest_w, detain_w, level, rtype, responder)
    )
    fig_w, fig_unit, evidence_i, notes_i = map(out, (fig_w, fig_unit, evidence_i, notes_i))
    notes_i = np.where((inferred == 1) & (notes_i < 0), 0, notes_i)  # an inferred date says how
    measure_cols = [out(c) for c in measure_cols]
    src_cols = [out(c) for c in src_cols]
    actor_cols = [out(c) for c in actor_cols]
    crowd_w[twin] = twin_word[k[twin]]
    crowd_by[twin] = twin_by[k[twin]]
    src_cols[0][twin] = (src_cols[0][twin] + 7) % n_src
    src_cols[1][twin] = -1
    src_cols[2][twin] = -1
    date_end[twin] = -1
    crowd_by = np.where(np.isnan(w_low[crowd_w]), -1, crowd_by)
    # The estimator's name, for the kinds a source names, drawn without the generator (so the
    # other columns stay as they were): the row number picks one of the kind's names.
    names = [""] + [nm for kind in estimators for nm in _ESTIMATORS.get(kind, ())]
    offset = np.cumsum([1] + [len(_ESTIMATORS.get(kind, ())) for kind in estimators])
    count = np.array([len(_ESTIMATORS.get(kind, ())) for kind in estimators] + [0])
    kind_c = np.where(crowd_by >= 0, crowd_by, len(estimators))
    estimator = np.where(
        count[kind_c] > 0,
        np.append(offset, 0)[kind_c] + np.arange(total) % np.maximum(count[kind_c], 1),
        0,
    )
    # Dispute groups: the twin and the row it doubles.
    position = np.empty(n, dtype=np.int64)
    position[final[~twin]] = np.flatnonzero(~twin)
    group = np.full(total, -1)
    group[twin] = k[twin]
    group[position[twin_of]] = np.arange(n_twin)
    disputed = group >= 0

    # The coded columns and labels, drawn without the generator (so the other columns stay as
    # they were): the row number picks.
    row = np.arange(total)
    is_protest = np.isin(etype, [types.index(t) for t in schema.PROTEST_EVENT_TYPES])
    is_clash = etype == types.index("clash")
    label_words = [_LABEL_WORDS[t] for t in types]

    # Now the strings, each column built once.
    date_text = _date_text(days)
    n_places = len(places["place_id"])
    where_names = [*places["name"], "Southern California", "the United States"]
    where = np.where(place >= 0, place, n_places + (scope == 2))
    short_names = [c or nm for c, nm in zip(places["city"], places["name"], strict=True)]
    short_names += ["Southern California", "the United States"]
    label_places = [c or "SoCal" for c in places["city"]] + ["SoCal", "US"]
    place_slugs = [*places["place_id"], "socal", "us"]
    weekday_names = ("Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday")
    with_day = np.array([e[2] for e in _EVIDENCE])[evidence_i]
    crowd_low, crowd_high = w_low[crowd_w], w_high[crowd_w]
    city = _pick(places["city"], place)
    location = [nm if nm != c else "" for nm, c in zip(places["name"], places["city"], strict=True)]
    ids = _concat(
        date_text,
        "-",
        _pick(place_slugs, where),
        "-",
        _pick([t.replace("_", "-") for t in types], etype),
        "-",
        pc.cast(pa.array(np.arange(total)), pa.string()),
    )
    return {
        "event_id": ids,
        "date": date_text,
        "date_end": _date_text(date_end),
        "date_precision": _pick(list(schema.DATE_PRECISION), prec),
        "date_inferred": _pick(["false", "true"], inferred),
        "time": _pick(times, time_i),
        "status": _pick(list(schema.STATUS), status),
        "scope": _pick(list(schema.SCOPE), scope),
        "event_type": _pick(types, etype),
        "title": _concat(
            _pick([t.replace("_", " ").capitalize() for t in types], etype),
            " in ",
            _pick(where_names, where),
        ),
        "label": pc.if_else(
            pa.array(row % 4 != 0),
            _concat(_pick(label_places, where), " ", _pick(label_words, etype)),
            "",
        ),
        "city": city,
        "location": _pick(location, place),
        "county": _pick(places["county"], place),
        "state": _pick(places["state"], place),
        "place_id": _pick(places["place_id"], place),
        "latitude": _pick(places["latitude"], place),
        "longitude": _pick(places["longitude"], place),
        "geo_precision": _pick(places["precision"], place),
        "actors": _join([_pick(actor_vocab, c) for c in actor_cols], "; "),
        "claims": _pick(_CLAIMS, np.where(is_protest & (row % 3 != 0), row % len(_CLAIMS), -1)),
        "crowd_text": _pick(wordings, crowd_w),
        "crowd_low": _num_text(crowd_low),
        "crowd_high": _num_text(crowd_high),
        "crowd_estimate_by": _pick(estimators, crowd_by),
        "crowd_estimator": _pick(names, estimator),
        "arrests": _num_text(_ranges(arrest_words)[0][arrest_w]),
        "arrests_text": _pick(arrest_words, arrest_w),
        "immigration_arrests": _num_text(_ranges(detain_words)[0][detain_w]),
        "immigration_arrests_text": _pick(detain_words, detain_w),
        "participant_measures": _pick(
            _PARTICIPANT_MEASURES, np.where(is_clash, row % len(_PARTICIPANT_MEASURES), -1)
        ),
        "police_measures": _join([_pick(measures, c) for c in measure_cols], "; "),
        "property_damage": _pick(
            _PROPERTY_DAMAGE, np.where(is_clash & (row % 5 == 0), row % 2, -1)
        ),
        "injuries_crowd": _pick(_INJURIES_CROWD, np.where(is_clash & (row % 7 == 0), row % 2, -1)),
        "injuries_police": _pick(
            _INJURIES_POLICE, np.where(is_clash & (row % 11 == 0), row % 2, -1)
        ),
        "response_actor": _pick(responders, responder),
        "response_level": _pick(levels, level),
        "response_type": _pick(rtypes, rtype),
        # No generated response is tied to an event: a tie is a source's word, not a date's.
        "responds_to": _pick([""], np.full(len(row), -1)),
        "figure_text": _pick(fig_texts, fig_w),
        "figure_low": _num_text(_ranges(fig_texts)[0][fig_w]),
        "figure_high": _num_text(_ranges(fig_texts)[1][fig_w]),
        "figure_unit": _pick(units, fig_unit),
        "disputed": _pick(["false", "true"], disputed.astype(np.int64)),
        "dispute_group": pc.if_else(
            pa.array(disputed),
            _concat("dispute-", pc.cast(pa.array(group), pa.string())),
            "",
        ),
        "source_ids": _join([_pick(sources["source_id"], c) for c in src_cols], ";"),
        "evidence": _concat(
            _pick([e[0] for e in _EVIDENCE], evidence_i),
            _pick(short_names, where),
            _pick([e[1] for e in _EVIDENCE], evidence_i),
            _pick(weekday_names, np.where(with_day, days % 7, -1)),
        ),
        "notes": _pick(_NOTES, notes_i),
    }


def generate_dataset(n_rows: int, out_dir: str | Path, seed: int = 0) -> Path:
    """Write a valid synthetic ``events.csv`` with ``sources.csv`` and ``places.csv`` beside it.

    Parameters
    ----------
    n_rows : int
        Number of event rows (at least 1).
    out_dir : str or Path
        Folder to write into (created if missing).
    seed : int, default 0
        The same seed gives byte-identical files.

    Returns
    -------
    Path
        The path of ``events.csv``.
    """
    if n_rows < 1:
        raise ValueError("n_rows must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    places = _places(rng, n_rows)
    sources, source_days = _sources(rng, n_rows)
    events = generate_events(rng, n_rows, places, sources, source_days)
    write_csv(out / "places.csv", {k: _strings(v) for k, v in places.items()})
    write_csv(out / "sources.csv", sources)
    write_csv(out / "events.csv", events)
    return out / "events.csv"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a dataset of N rows into OUT_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_rows", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = generate_dataset(args.n_rows, args.out_dir, args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
