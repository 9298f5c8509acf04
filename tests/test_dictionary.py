"""The data dictionary in data/README.md documents every column and vocabulary value."""

from __future__ import annotations

from analysis.data import schema
from analysis.data.dictionary import render_tables, splice
from analysis.paths import DATA_DIR

README = DATA_DIR / "README.md"


def test_generated_tables_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert splice(text) == text, "run `python -m analysis.data.dictionary` to refresh the README"


def test_every_column_and_vocabulary_value_is_documented() -> None:
    tables = render_tables()
    for columns in (schema.EVENT_COLUMNS, schema.SOURCE_COLUMNS, schema.PLACE_COLUMNS):
        for column in columns:
            assert f"| `{column.name}` |" in tables
    for vocabulary in schema.VOCABULARIES.values():
        for value in vocabulary:
            assert f"`{value}`" in tables


def test_vague_word_table_is_documented() -> None:
    """Each vague word's row: its figures, and how charts draw and write them (issue 11).

    A vague word is written in its word with its range beside it ("hundreds (200–999)"), never
    a midpoint nor "at least" (it has a ceiling); an exact word ("a dozen") is written as its
    number.
    """
    from analysis.data.crowd import VAGUE_WORDS

    text = README.read_text(encoding="utf-8")
    assert "| wording | low | high | charts draw and write | why |" in text
    for phrase, (low, high) in VAGUE_WORDS.items():
        shown = f"{low:,}" if low == high else f"{phrase} ({low:,}\u2013{high:,})"
        assert f"| {phrase} | {low:,} | {high:,} | {shown} |" in text, phrase
    prose = " ".join(text.split())
    assert 'writes it as the source said it: "thousands", "hundreds of people"' in prose
    assert '"At least" means one thing**, as the caret in the legend says: a floor with no' in prose
    assert "as a range, never as a midpoint" in prose
    assert "Charts use the midpoint" not in prose
