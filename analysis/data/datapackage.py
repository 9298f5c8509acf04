"""Describe the three CSVs as a Frictionless Data Package, generated from the data dictionary.

``data/datapackage.json`` lets other tools open the data with its types (Frictionless, R's
``frictionless``, Data Curator, CKAN, Open Data Editor, ...). It is written by this module from
:mod:`analysis.data.schema`, never by hand, and a test fails when the file and the schema drift
apart; ``python -m analysis.data.datapackage`` rewrites it (``--check`` only compares).

How the dictionary's column kinds become Table Schema fields:

=============  ===========================================================================
kind           field
=============  ===========================================================================
id             ``string`` with the slug pattern; the file's ``primaryKey``
text           ``string`` (``maxLength`` where the dictionary limits it: ``label``)
date           ``date`` (ISO 8601), between ``schema.DATE_MIN`` and ``schema.DATE_MAX``
time           ``string`` with the pattern ``HH:MM`` (24 h)
bool           ``boolean`` whose only values are ``true`` and ``false``
int, float     ``integer`` (minimum 0), ``number``
category       ``string`` with the vocabulary as ``enum``
list           ``string``; a pattern of the vocabulary's items where it has one
ref            ``string`` with a ``foreignKey`` (``place_id`` to ``places.place_id``)
reflist        ``string`` with a pattern of ``;``-separated slugs
=============  ===========================================================================

A Table Schema foreign key relates one cell to one row, so it cannot describe ``source_ids``,
a ``;``-separated list of source ids: the field is a string whose pattern is a list of slugs,
and its description says that each item is a ``source_id`` of ``sources.csv``. The project's
validator (``python -m analysis validate``) checks that relation, and the rules a Table Schema
cannot state (a required text needs a visible character, figures follow the vague-word rule,
coordinates come from the gazetteer, ...); Frictionless checks types, required cells, enums,
patterns, unique keys and the ``place_id`` relation.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.data import schema
from analysis.paths import DATA_DIR

#: Where the descriptor lives, beside the CSVs it describes (paths in it are relative).
DATAPACKAGE_JSON = DATA_DIR / "datapackage.json"

_SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"
#: Items of a ``;`` list may have spaces around them (the validator trims them).
_SPACE = "[ \\t]*"

#: The three files: (resource name, spec, key, title, what one row is).
RESOURCES: tuple[tuple[str, tuple[schema.Column, ...], str, str, str], ...] = (
    (
        "events",
        schema.EVENT_COLUMNS,
        "event_id",
        "Events",
        "One event on one day (a multi-day action is one row per day): protests, raids and "
        "official responses, with figures in the source's own words and as numbers.",
    ),
    (
        "sources",
        schema.SOURCE_COLUMNS,
        "source_id",
        "Sources",
        "One source article (some known only by a teaser in a saved sidebar), with a "
        "reliability grade and why.",
    ),
    (
        "places",
        schema.PLACE_COLUMNS,
        "place_id",
        "Places",
        "The gazetteer: one place with the coordinates every event copies (no geocoding).",
    ),
)

#: Rules of the validator on particular columns that a Table Schema can state too.
_EXTRA_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "state": {"pattern": "[A-Z]{2}"},
    "latitude": {"minimum": -90, "maximum": 90},
    "longitude": {"minimum": -180, "maximum": 180},
}


def _list_pattern(item: str) -> str:
    """A ``;``-separated list of ``item``, spaces allowed around each."""
    one = f"{_SPACE}{item}{_SPACE}"
    return f"{one}(?:;{one})*"


def _field(column: schema.Column) -> dict[str, Any]:
    """The Table Schema field of one column."""
    field: dict[str, Any] = {"name": column.name, "description": column.description}
    constraints: dict[str, Any] = {}
    kind = column.kind
    if kind in ("id", "ref"):
        field["type"] = "string"
        constraints["pattern"] = _SLUG
    elif kind == "date":
        field["type"] = "date"
        constraints["minimum"] = schema.DATE_MIN.isoformat()
        constraints["maximum"] = schema.DATE_MAX.isoformat()
    elif kind == "time":
        field["type"] = "string"
        constraints["pattern"] = "(?:[01][0-9]|2[0-3]):[0-5][0-9]"
    elif kind == "bool":
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif kind == "int":
        field["type"] = "integer"
        constraints["minimum"] = 0
    elif kind == "float":
        field["type"] = "number"
    elif kind == "category":
        field["type"] = "string"
        constraints["enum"] = list(schema.VOCABULARIES[column.vocabulary or column.name])
    elif kind == "list":
        field["type"] = "string"
        if column.vocabulary:
            values = "|".join(schema.VOCABULARIES[column.vocabulary])
            constraints["pattern"] = _list_pattern(f"(?:{values})")
    elif kind == "reflist":
        field["type"] = "string"
        constraints["pattern"] = _list_pattern(_SLUG)
        target = f"{column.references[:-1]}_id" if column.references else "id"
        field["description"] = (
            f"{column.description} Each `{schema.LIST_SEP}`-separated item is a `{target}` of "
            f"{column.references}.csv; a Table Schema foreign key cannot describe a list cell, "
            "so `python -m analysis validate` checks this relation."
        )
    else:  # text
        field["type"] = "string"
    if column.max_length:
        constraints["maxLength"] = column.max_length
    constraints.update(_EXTRA_CONSTRAINTS.get(column.name, {}))
    if column.required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _table_schema(spec: tuple[schema.Column, ...], key: str) -> dict[str, Any]:
    table: dict[str, Any] = {
        "fields": [_field(c) for c in spec],
        "missingValues": [""],
        "primaryKey": [key],
    }
    foreign = [
        {
            "fields": [c.name],
            "reference": {"resource": c.references, "fields": [f"{c.references[:-1]}_id"]},
        }
        for c in spec
        if c.kind == "ref" and c.references
    ]
    if foreign:
        table["foreignKeys"] = foreign
    return table


def build_package() -> dict[str, Any]:
    """The Data Package descriptor of ``data/`` as a dict (Tabular Data Package, v1 profile)."""
    return {
        "profile": "tabular-data-package",
        "name": "la-anti-ice-protests-timeline",
        "title": "LA anti-ICE protests timeline",
        "description": (
            "A hand-curated timeline of the 2025-2026 protests against immigration enforcement "
            "(ICE) in and around Los Angeles, and of officials' responses, day by day. Every "
            "figure is traceable to a cited source (sources.csv) and kept in the source's own "
            "words beside the numbers. An empty cell means not reported, never zero. The data "
            "dictionary is data/README.md; this descriptor is generated from "
            "analysis/data/schema.py by `python -m analysis.data.datapackage`."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": name,
                "title": title,
                "description": what,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(spec, key),
            }
            for name, spec, key, title, what in RESOURCES
        ],
    }


def render() -> str:
    """The descriptor as the text of ``datapackage.json`` (2-space indent, UTF-8, final newline)."""
    return json.dumps(build_package(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``data/datapackage.json`` (or the given path); with ``--check`` only compare."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.data.datapackage",
        description="Write data/datapackage.json from analysis/data/schema.py.",
    )
    parser.add_argument("path", nargs="?", type=Path, default=DATAPACKAGE_JSON)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the file differs from what the schema gives",
    )
    args = parser.parse_args(argv)
    text = render()
    current = args.path.read_text(encoding="utf-8") if args.path.is_file() else None
    if args.check:
        if current == text:
            print(f"{args.path} is current")
            return 0
        print(f"{args.path} is out of date: run `python -m analysis.data.datapackage`")
        return 1
    if current != text:
        args.path.write_text(text, encoding="utf-8")
    print(f"Wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
