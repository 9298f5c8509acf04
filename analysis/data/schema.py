"""The data dictionary as code: columns, types and controlled vocabularies of the three CSVs.

Everything that checks, loads, documents or generates the data reads its rules from here, so the
dictionary in ``data/README.md``, the validator and the benchmark generator cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Dates outside this window are treated as typos (e.g. 2062 for 2026).
DATE_MIN = dt.date(2024, 1, 1)
DATE_MAX = dt.date(2027, 12, 31)

#: Separator inside list-valued cells (actors, police_measures, source_ids).
LIST_SEP = ";"

# --- Controlled vocabularies -------------------------------------------------------------------
# Each maps a value to its one-line meaning; data/README.md documents the same text.

DATE_PRECISION = {
    "day": "the event happened on this date",
    "week": "only the week is known; `date` is that week's Monday",
    "month": "only the month is known; `date` is the 1st of that month",
}

STATUS = {
    "occurred": "the source reports that it happened",
    "announced": "announced or planned; the source does not report that it took place",
}

SCOPE = {
    "local": "at one place in Southern California (Los Angeles, Orange, Riverside, San Bernardino, "
    "Ventura counties), or a statement or directive about events at one such place",
    "regional": "across several places in Southern California, statewide in California, or a "
    "region-wide count",
    "national": "outside Southern California, or nationwide (national actions, counts, policies)",
}

GEO_PRECISION = {
    "address": "a street address or street corner",
    "venue": "a named building, park or store",
    "neighborhood": "a neighborhood or district (e.g. downtown Los Angeles)",
    "city": "only the city is known",
    "region": "a county or wider region",
}

EVENT_TYPES = {
    "protest": "a demonstration not better described by a more specific type",
    "rally": "a stationary gathering with speakers or chants",
    "march": "a moving demonstration",
    "vigil": "a commemorative gathering",
    "walkout": "students or workers leaving school or work in protest",
    "day_of_action": "a coordinated, multi-site call to protest, strike or boycott",
    "meeting": "an organizing or volunteer meeting",
    "press_conference": "a press conference by organizers or officials",
    "patrol": "community watch of immigration enforcement activity",
    "clash": "physical confrontation between protesters and police or federal officers",
    "enforcement_operation": "an immigration enforcement raid, sweep or deployment of agents",
    "official_statement": "a statement or social-media post by an official or agency, or its "
    "reported silence ('no immediate comment': response_type ignore)",
    "advocacy_statement": "a statement by a civil-society organisation (not an official)",
    "directive": "an order or instruction issued by an official",
    "deployment": "sending, requesting or withdrawing officers or troops",
    "police_action": "a police measure: tactical alert, dispersal order, use of force",
    "legislation": "a bill or law introduced or passed",
    "policy_target": "an arrest quota or numeric enforcement goal",
    "reporting_portal": "an official channel for reporting incidents",
    "other": "a dated event in the sources that fits no type above (notes say what)",
}

#: Event types that are responses by officials: these rows need response_level and response_type.
RESPONSE_EVENT_TYPES = frozenset(
    {
        "official_statement",
        "directive",
        "deployment",
        "police_action",
        "legislation",
        "policy_target",
        "reporting_portal",
    }
)

#: Event types that have no place of their own, so no coordinates: a statement or directive is
#: scoped by the events it speaks to (data/README.md, Places and coordinates).
UNPLACED_EVENT_TYPES = frozenset({"official_statement", "advocacy_statement", "directive"})

#: Event types that are demonstrations (what crowd charts count).
PROTEST_EVENT_TYPES = frozenset(
    {"protest", "rally", "march", "vigil", "walkout", "day_of_action", "clash"}
)

CROWD_ESTIMATE_BY = {
    "police": "a police department",
    "organizers": "the organizers or a spokesperson of the protest",
    "advocates": "an activist or advocacy group speaking of an event it did not organise",
    "reporters": "the journalists who wrote the source",
    "officials": "a government official or agency other than police",
    "unknown": "the source does not say who made the estimate",
}

POLICE_MEASURES = {
    "tear_gas": "tear gas",
    "pepper_balls": "pepper-ball launchers",
    "pepper_spray": "pepper spray",
    "flashbangs": "flash-bang (stun) grenades",
    "less_lethal": "other less-lethal weapons not named more exactly",
    "dispersal_order": "an order to disperse (unlawful assembly)",
    "tactical_alert": "an LAPD tactical alert (all officers held on duty)",
    "skirmish_line": "officers formed a skirmish line",
    "riot_gear": "officers in riot gear",
    "crowd_pushback": "officers pushed the crowd back",
}

RESPONSE_LEVELS = {
    "federal": "the White House, DHS, ICE, CBP, the Justice Department, U.S. Attorneys",
    "state": "the governor, state legislators, state agencies",
    "county": "county supervisors, sheriff, county agencies",
    "city": "the mayor, city council, city agencies other than police",
    "police": "a police department (e.g. LAPD)",
}

# Mass Mobilization's state-response codes first, then the types this project needs.
RESPONSE_TYPES = {
    "accommodation": "officials met or conceded to protesters' demands (Mass Mobilization)",
    "arrests": "arrests of protesters (Mass Mobilization)",
    "crowd_dispersal": "police dispersed a crowd (Mass Mobilization)",
    "ignore": "no response (Mass Mobilization)",
    "statement": "a public statement condemning, supporting or describing events",
    "directive": "an order or instruction to officers or agencies",
    "deployment": "officers or troops sent",
    "deployment_request": "a request for more officers or troops",
    "withdrawal": "officers or troops withdrawn",
    "tactical_alert": "a police tactical alert",
    "prosecution_threat": "a warning that people will be arrested or prosecuted",
    "funding_threat": "a threat to withhold public funds",
    "quota": "an arrest quota or numeric enforcement goal",
    "legislation": "a bill or law",
    "reporting_portal": "a channel for the public to report incidents",
}

FIGURE_UNITS = {
    "events": "number of separate protest events",
    "cities": "number of cities with events",
    "organizations": "number of organisations",
    "arrests_per_day": "an immigration-arrest target per day",
    "officers": "number of officers",
}

RELIABILITY = {
    "high": "a newsroom's own reporting, with named reporters or correspondents",
    "medium": "original reporting by an outlet with an advocacy angle, or aggregated reporting "
    "that names the outlets it draws on",
    "low": "a machine-spun or unattributed rewrite of other outlets' reporting, or an aggregation "
    "citing only unnamed reporting",
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "date_precision": DATE_PRECISION,
    "status": STATUS,
    "scope": SCOPE,
    "geo_precision": GEO_PRECISION,
    "event_type": EVENT_TYPES,
    "crowd_estimate_by": CROWD_ESTIMATE_BY,
    "police_measures": POLICE_MEASURES,
    "response_level": RESPONSE_LEVELS,
    "response_type": RESPONSE_TYPES,
    "figure_unit": FIGURE_UNITS,
    "reliability": RELIABILITY,
    "precision": GEO_PRECISION,
}


# --- Labels and coded text ---------------------------------------------------------------------

#: Most characters in a chart label (``label``).
LABEL_MAX_CHARS = 32
#: A label may not end with one of these (a label is a name, not a sentence or a cut-off text).
LABEL_TRAILING_PUNCTUATION = ".,;:!?…-–—·/"

#: Quotation marks that enclose the source's own words in the coded columns.
QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"

#: How a coder-summarised claim starts (the Crowd Counting Consortium's syntax: "for ...",
#: "against ...", "in solidarity with ...", "in memory of ..."); anything else in ``claims``
#: is a verbatim slogan in quotation marks.
CLAIM_SUMMARY = r"(?:for|against|in [A-Za-z]{3,} (?:of|with)) "

#: Columns whose text is coded by us with the source's own words in quotation marks.
CODED_COLUMNS = (
    "claims",
    "participant_measures",
    "property_damage",
    "injuries_crowd",
    "injuries_police",
)
#: Of those, the columns that keep the source's wording: each cell quotes the source.
WORDING_COLUMNS = ("property_damage", "injuries_crowd", "injuries_police")


# --- Column specifications ---------------------------------------------------------------------

#: Column kinds understood by the validator and the loader.
KINDS = (
    "id",  # readable slug, unique
    "text",  # free text
    "date",  # ISO 8601 YYYY-MM-DD
    "time",  # HH:MM, 24 h
    "bool",  # true / false
    "int",  # non-negative integer
    "float",  # decimal number
    "category",  # one value of a vocabulary
    "list",  # semicolon-separated values (of a vocabulary when one is named)
    "ref",  # id of a row in another file
    "reflist",  # semicolon-separated ids of rows in another file
)


@dataclass(frozen=True)
class Column:
    """One column of a curated CSV: its name, kind, whether it may be empty, and its meaning."""

    name: str
    kind: str
    required: bool
    description: str
    vocabulary: str | None = None  # key into VOCABULARIES
    references: str | None = None  # "sources", "places" or "events" (this file)
    extra: dict[str, str] = field(default_factory=dict)
    max_length: int | None = None  # most characters a cell may hold (text columns)


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "id", True, "Unique, stable slug: the date, then place and what happened."),
    Column("date", "date", True, "Day of the event (ISO 8601); see date_precision."),
    Column(
        "date_end",
        "date",
        False,
        "Last day, only for a source figure that covers several days and cannot be split.",
    ),
    Column("date_precision", "category", True, "How exactly the date is known.", "date_precision"),
    Column(
        "date_inferred",
        "bool",
        True,
        "true where no source of the row states the full date (only a weekday, no year, no "
        "date, or only the week or month); notes say how. false where any of its sources "
        "states it.",
    ),
    Column(
        "time",
        "time",
        False,
        "Local time (HH:MM, 24 h) where the source gives one: when the event began or gathered, "
        "or, where the source times only a count ('as of 1 p.m.'), the time of that count "
        "(notes say so).",
    ),
    Column(
        "status", "category", True, "Whether the event is reported as having happened.", "status"
    ),
    Column("scope", "category", True, "Geographic reach of the event.", "scope"),
    Column("event_type", "category", True, "What kind of event this is.", "event_type"),
    Column("title", "text", True, "A short headline in our own words."),
    Column(
        "label",
        "text",
        False,
        f"A short label for charts, at most {LABEL_MAX_CHARS} characters, in our own plain words "
        "(e.g. 'Torrance rally', 'LAPD disperses crowd'); no closing punctuation, and a number in "
        "it is one of the row's own figures. Charts use it where set.",
        max_length=LABEL_MAX_CHARS,
    ),
    Column("city", "text", False, "City (required when scope is local)."),
    Column(
        "location", "text", False, "Venue, street corner or neighborhood, as the source names it."
    ),
    Column("county", "text", False, "County."),
    Column("state", "text", False, "Two-letter US state code."),
    Column(
        "place_id",
        "ref",
        False,
        "The gazetteer row (data/places.csv) giving the coordinates.",
        references="places",
    ),
    Column("latitude", "float", False, "Latitude (WGS 84) copied from the gazetteer."),
    Column("longitude", "float", False, "Longitude (WGS 84) copied from the gazetteer."),
    Column("geo_precision", "category", False, "What the coordinates point at.", "geo_precision"),
    Column("actors", "list", False, "Organizers or agencies involved, semicolon-separated."),
    Column(
        "claims",
        "list",
        False,
        "What the participants demanded, as the Crowd Counting Consortium codes it, "
        "semicolon-separated: our summaries, each starting 'for ', 'against ' or 'in solidarity "
        "with ' (no commas, no numbers), and slogans, chants or signs the source quotes, "
        "verbatim in “curly quotes”. Empty = the sources do not say.",
    ),
    Column("crowd_text", "text", False, "The source's own wording of the crowd size."),
    Column("crowd_low", "int", False, "Low crowd figure (vague words per the documented rule)."),
    Column(
        "crowd_high", "int", False, "High crowd figure; empty when the source gives no upper bound."
    ),
    Column(
        "crowd_estimate_by", "category", False, "Who made the crowd estimate.", "crowd_estimate_by"
    ),
    Column(
        "crowd_estimator",
        "text",
        False,
        "Who made the estimate, named as the source names them, e.g. 'Department of Homeland "
        "Security', 'LAPD', a correspondent the source quotes; empty when the source does not "
        "say, for a newsroom's own unattributed figure, and always for unknown.",
    ),
    Column(
        "arrests",
        "int",
        False,
        "Protesters arrested; empty = not reported; 0 only if a source says none.",
    ),
    Column("arrests_text", "text", False, "The source's own wording of the protester arrests."),
    Column("immigration_arrests", "int", False, "People detained by immigration enforcement."),
    Column(
        "immigration_arrests_text", "text", False, "The source's own wording of those detentions."
    ),
    Column(
        "participant_measures",
        "list",
        False,
        "Notable actions of participants, semicolon-separated, in our words; the source's own "
        "words in “curly quotes”, with who says so where it is not the reporters (e.g. 'DHS "
        "says ...'). Numbers only inside a quotation. Empty = the sources report none.",
    ),
    Column(
        "police_measures",
        "list",
        False,
        "Police measures used, semicolon-separated.",
        "police_measures",
    ),
    Column(
        "property_damage",
        "text",
        False,
        "Property damage as the source words it: its phrase in “curly quotes”, with who says so "
        "where it is not the reporters. Numbers only inside a quotation. Empty = none reported.",
    ),
    Column(
        "injuries_crowd",
        "text",
        False,
        "Injuries to participants as the source words it, in “curly quotes”, with who says so "
        "where it is not the reporters; numbers only where the source gives them. Empty = none "
        "reported.",
    ),
    Column(
        "injuries_police",
        "text",
        False,
        "Injuries to police or federal officers as the source words it, in “curly quotes”, with "
        "who says so where it is not the reporters; numbers only where the source gives them. "
        "Empty = none reported.",
    ),
    Column("response_actor", "text", False, "Person or body responding (official responses)."),
    Column(
        "response_level", "category", False, "Level of government responding.", "response_level"
    ),
    Column("response_type", "category", False, "Kind of response.", "response_type"),
    Column(
        "responds_to",
        "reflist",
        False,
        "Events this response answers, only where a source says so in its own words (the "
        "statement condemns those raids, the order follows that night's clashes); empty where "
        "no source ties it to an event. Never inferred from dates alone.",
        references="events",
    ),
    Column(
        "figure_text", "text", False, "Wording of another counted figure (events, quotas, ...)."
    ),
    Column("figure_low", "int", False, "Low value of that figure."),
    Column("figure_high", "int", False, "High value of that figure; empty when open-ended."),
    Column("figure_unit", "category", False, "What that figure counts.", "figure_unit"),
    Column(
        "disputed",
        "bool",
        True,
        "true where sources disagree on this row's figures: no one number fits them all. A floor "
        "('at least five') and a figure at or above it (eight) do not disagree.",
    ),
    Column(
        "dispute_group",
        "text",
        False,
        "Slug shared by the rows that give conflicting figures for one event.",
    ),
    Column(
        "source_ids",
        "reflist",
        True,
        "Sources (data/sources.csv), first = evidence source.",
        references="sources",
    ),
    Column(
        "evidence",
        "text",
        True,
        "Exact phrase (at most 15 words) from the first source, quoting every figure of the row; "
        "phrases from different places are joined by ' … '.",
    ),
    Column("notes", "text", False, "Our own words: context, how a date or figure was worked out."),
)

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("source_id", "id", True, "Unique slug of the source."),
    Column("publisher", "text", True, "Outlet or website."),
    Column("title", "text", True, "Headline; in [brackets] where the saved copy has none."),
    Column("authors", "text", False, "Bylines and contributors, semicolon-separated."),
    Column("published", "date", False, "Publication date (ISO 8601); empty when not known."),
    Column("url", "text", False, "Address of the article; empty when not known."),
    Column("seed_file", "text", False, "File name of the saved copy under shared/seeds/."),
    Column("reliability", "category", True, "How far its figures can be trusted.", "reliability"),
    Column("reliability_reason", "text", True, "One line saying why."),
    Column("notes", "text", False, "How the title or date was worked out, and other caveats."),
)

PLACE_COLUMNS: tuple[Column, ...] = (
    Column("place_id", "id", True, "Unique slug of the place."),
    Column("name", "text", True, "Name of the place."),
    Column("city", "text", False, "City."),
    Column("county", "text", False, "County."),
    Column("state", "text", True, "Two-letter US state code."),
    Column("latitude", "float", True, "Latitude (WGS 84)."),
    Column("longitude", "float", True, "Longitude (WGS 84)."),
    Column("precision", "category", True, "What the coordinates point at.", "precision"),
    Column(
        "coordinates_note", "text", True, "Where the coordinates come from and how exact they are."
    ),
)

#: Max words in an evidence phrase (all its parts together; the separator is not a word), and in
#: any one quotation in the coded columns (claims, participant_measures, property_damage,
#: injuries_crowd, injuries_police).
EVIDENCE_MAX_WORDS = 15
#: Joins verbatim phrases from different places of the source in one evidence cell.
EVIDENCE_SEP = " \u2026 "


def column_names(columns: tuple[Column, ...]) -> list[str]:
    """Return the names of ``columns`` in file order."""
    return [c.name for c in columns]
