"""Render the data dictionary's tables from :mod:`analysis.data.schema`: docs and validator agree.

``data/README.md`` holds the generated tables between marker comments; a test checks they match
what :func:`render_tables` produces, and ``python -m analysis.data.dictionary`` rewrites them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.data import schema
from analysis.paths import DATA_DIR

BEGIN = "<!-- BEGIN GENERATED TABLES (python -m analysis.data.dictionary) -->"
END = "<!-- END GENERATED TABLES -->"

_KIND_LABELS = {
    "id": "slug",
    "text": "text",
    "date": "date (YYYY-MM-DD)",
    "time": "time (HH:MM)",
    "bool": "`true`/`false`",
    "int": "integer ≥ 0",
    "float": "decimal",
    "category": "category",
    "list": "list (`;`)",
    "ref": "reference",
    "reflist": "references (`;`)",
}


def _allowed(column: schema.Column) -> str:
    if column.vocabulary:
        return ", ".join(f"`{v}`" for v in schema.VOCABULARIES[column.vocabulary])
    if column.references:
        return f"a `{column.references[:-1]}_id` of `{column.references}.csv`"
    return ""


def _table(columns: tuple[schema.Column, ...]) -> str:
    lines = ["| field | type | required | allowed values | description |", "|---|---|---|---|---|"]
    for c in columns:
        required = "yes" if c.required else ""
        cells = [f"`{c.name}`", _KIND_LABELS[c.kind], required, _allowed(c), c.description]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _vocabulary_tables() -> str:
    parts = []
    seen: set[int] = set()
    for name, vocabulary in schema.VOCABULARIES.items():
        if id(vocabulary) in seen:  # `precision` in places.csv reuses geo_precision
            continue
        seen.add(id(vocabulary))
        rows = "\n".join(f"| `{value}` | {meaning} |" for value, meaning in vocabulary.items())
        parts.append(f"#### `{name}`\n\n| value | meaning |\n|---|---|\n{rows}")
    return "\n\n".join(parts)


def render_tables() -> str:
    """Return the Markdown tables for the three files and every vocabulary."""
    return "\n\n".join(
        [
            BEGIN,
            "### `events.csv` (unique key: `event_id`)",
            _table(schema.EVENT_COLUMNS),
            "### `sources.csv` (unique key: `source_id`)",
            _table(schema.SOURCE_COLUMNS),
            "### `places.csv` (unique key: `place_id`)",
            _table(schema.PLACE_COLUMNS),
            "### Vocabularies",
            _vocabulary_tables(),
            END,
        ]
    )


def splice(readme_text: str) -> str:
    """Return ``readme_text`` with the generated block replaced by a fresh rendering."""
    start, end = readme_text.index(BEGIN), readme_text.index(END) + len(END)
    return readme_text[:start] + render_tables() + readme_text[end:]


def main(readme: Path = DATA_DIR / "README.md") -> int:
    """Rewrite the generated tables in ``readme`` in place (documentation only, never data)."""
    readme.write_text(splice(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Updated the tables in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(a) for a in sys.argv[1:])))
