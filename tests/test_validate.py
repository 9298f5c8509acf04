"""Every validation rule rejects a broken copy of the tiny dataset with file, row, column, rule.

Rows are spreadsheet rows: the header is row 1, so ``tiny_rows["events"][i]`` is row ``i + 2``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import columns, schema
from analysis.data.validate import validate_dataset, validate_places, validate_sources
from analysis.errors import DataValidationError, Problem


def problems_in(events_csv: Path) -> list[Problem]:
    """Validate the trio in ``events_csv``'s folder; the problems ([] when valid)."""
    folder = events_csv.parent
    try:
        validate_dataset(events_csv, folder / "sources.csv", folder / "places.csv")
    except DataValidationError as err:
        return err.problems
    return []


def find(problems: list[Problem], rule: str, row: int | None, column: str | None) -> Problem:
    """The problem with this rule, row and column; fails listing all problems if none."""
    for problem in problems:
        if (problem.rule, problem.row, problem.column) == (rule, row, column):
            return problem
    listing = "\n".join(map(str, problems)) or "(no problems)"
    raise AssertionError(f"no [{rule}] problem at row {row}, column {column}; found:\n{listing}")


def test_tiny_dataset_is_valid(tiny_dataset):
    data = validate_dataset(
        tiny_dataset, tiny_dataset.parent / "sources.csv", tiny_dataset.parent / "places.csv"
    )
    assert len(data.events) == 11
    assert len(data.sources) == 3
    assert len(data.places) == 4


# --- Event cells: kinds, vocabularies, references ----------------------------------------------

# (row index in tiny_rows["events"], {column: new text}, rule, column reported, message part)
EVENT_CELL_CASES = [
    (2, {"title": ""}, "required", "title", "required"),
    # Issue 12, case 8: a title of spaces (or of invisible characters) passed as a title.
    (2, {"title": "   "}, "required", "title", "only spaces or invisible characters"),
    (2, {"title": "\u00a0\u200b\t"}, "required", "title", "only spaces or invisible characters"),
    (2, {"evidence": " "}, "required", "evidence", "only spaces or invisible characters"),
    (2, {"source_ids": ""}, "required", "source_ids", "required"),
    (2, {"event_id": "2025-06-07-Paramount_Clash"}, "id", "event_id", "slug"),
    (2, {"event_id": "2025-06-07--paramount"}, "id", "event_id", "slug"),
    (2, {"date": "2025/06/07"}, "date", "date", "YYYY-MM-DD"),
    (2, {"date": "2025-6-7"}, "date", "date", "YYYY-MM-DD"),
    (8, {"date_end": "2026-02-30"}, "date", "date_end", "YYYY-MM-DD"),
    (
        2,
        {"date": "2062-06-07", "event_id": "2062-06-07-paramount-clash"},
        "date-range",
        "date",
        "typo",
    ),
    (8, {"time": "25:00"}, "time", "time", "HH:MM"),
    (8, {"time": "4pm"}, "time", "time", "HH:MM"),
    (8, {"time": "9:30"}, "time", "time", "HH:MM"),
    (2, {"disputed": "no"}, "bool", "disputed", "true or false"),
    (2, {"date_inferred": "True"}, "bool", "date_inferred", "true or false"),
    (2, {"crowd_high": "1,000"}, "int", "crowd_high", "whole number"),
    (2, {"crowd_high": "-5"}, "int", "crowd_high", "whole number"),
    (2, {"crowd_high": "999.0"}, "int", "crowd_high", "whole number"),
    (2, {"latitude": "33,8895"}, "float", "latitude", "decimal"),
    (2, {"longitude": "nan"}, "float", "longitude", "decimal"),
    (2, {"event_type": "Clash"}, "vocabulary", "event_type", "did you mean 'clash'"),
    (2, {"scope": "city"}, "vocabulary", "scope", "allowed: local, regional, national"),
    (2, {"crowd_estimate_by": "press"}, "vocabulary", "crowd_estimate_by", "allowed"),
    (2, {"police_measures": "tear_gas;pepperballs"}, "vocabulary", "police_measures", "pepper"),
    (2, {"police_measures": "tear_gas;;flashbangs"}, "list", "police_measures", "empty item"),
    (2, {"police_measures": "tear_gas;"}, "list", "police_measures", "empty item"),
    (2, {"police_measures": "tear_gas;tear_gas"}, "list", "police_measures", "twice"),
    (2, {"actors": "ICE; ICE"}, "list", "actors", "twice"),
    (2, {"source_ids": "no-such-source"}, "reference", "source_ids", "'no-such-source'"),
    (2, {"source_ids": "wire-2025-06-07;nope"}, "reference", "source_ids", "sources.csv"),
    (2, {"place_id": "atlantis"}, "reference", "place_id", "places.csv"),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column", "says"), EVENT_CELL_CASES)
def test_event_cell_rules(tiny_rows, write_dataset, index, edits, rule, column, says):
    tiny_rows["events"][index].update(edits)
    problems = problems_in(write_dataset(tiny_rows))
    problem = find(problems, rule, index + 2, column)
    assert says in problem.message
    assert problem.file.endswith("events.csv")
    assert problem.value == tiny_rows["events"][index][column]


def test_list_items_may_have_spaces_after_the_separator(tiny_rows, write_dataset):
    tiny_rows["events"][2]["police_measures"] = "tear_gas; flashbangs"
    tiny_rows["events"][6]["source_ids"] = "daily-news-2026-01-31; rewrite-2026-01-30"
    assert problems_in(write_dataset(tiny_rows)) == []


# --- Event rows: rules across cells ------------------------------------------------------------

ROW_CASES = [
    # ids
    (4, {"event_id": "2025-06-08-paramount-dispersal"}, "event-id-date", "event_id", "2025-06-07-"),
    # date precision
    (
        10,
        {"date": "2026-01-27", "event_id": "2026-01-27-bass-statement"},
        "date-precision",
        "date",
        "Tuesday (that week's Monday is 2026-01-26)",
    ),
    (
        0,
        {"date": "2025-06-02", "event_id": "2025-06-02-white-house-daily-arrest-goal"},
        "date-precision",
        "date",
        "the 1st",
    ),
    (8, {"date_end": "2026-01-30"}, "date-end", "date_end", "before"),
    # figures need their wording
    (8, {"crowd_text": ""}, "requires", "crowd_text", "crowd_low and crowd_high are set"),
    (8, {"crowd_estimate_by": ""}, "requires", "crowd_estimate_by", "crowd_low"),
    (
        8,
        {"crowd_low": "", "crowd_text": "80 or so"},
        "requires",
        "crowd_low",
        "open range has a low",
    ),
    (0, {"figure_unit": ""}, "requires", "figure_unit", "figure_low is set"),
    (0, {"figure_text": ""}, "requires", "figure_text", "figure_low"),
    (5, {"arrests_text": ""}, "requires", "arrests_text", "arrests is set"),
    (1, {"immigration_arrests_text": ""}, "requires", "immigration_arrests_text", "set"),
    (2, {"crowd_low": "999", "crowd_high": "200"}, "low-high", "crowd_high", "below crowd_low"),
    # who made a crowd figure: only with a crowd figure
    (
        10,
        {"crowd_estimator": "LAPD"},
        "crowd-estimator",
        "crowd_estimator",
        "the row gives none",
    ),
    (
        2,
        {
            "crowd_text": "a number of people",
            "crowd_low": "",
            "crowd_high": "",
            "crowd_estimator": "Al Jazeera's Robert Reynolds",
        },
        "crowd-estimator",
        "crowd_estimator",
        "crowd_low is empty",
    ),
    # issue 17: unknown names no estimator; an official's claim names its claimant
    (
        8,
        {"crowd_estimate_by": "unknown", "crowd_estimator": "LAPD"},
        "crowd-estimator",
        "crowd_estimator",
        "crowd_estimate_by is unknown",
    ),
    (
        8,
        {"crowd_estimate_by": "officials"},
        "crowd-estimator",
        "crowd_estimator",
        "must name them",
    ),
    # issue 17: an inferred date says how; a week or month is never stated outright
    (3, {"notes": ""}, "date-inferred", "notes", "notes must say how"),
    (0, {"date_inferred": "false"}, "date-inferred", "date_inferred", "precision is month"),
    (
        10,
        {"date_inferred": "false"},
        "date-inferred",
        "date_inferred",
        "date_precision is week",
    ),
    # issue 17: a statement or directive has no place of its own
    (
        3,
        {"place_id": "los-angeles", "latitude": "34.0522", "longitude": "-118.2437"},
        "statement-place",
        "place_id",
        "official_statement has no place of its own",
    ),
    (
        3,
        {
            "event_type": "directive",
            "place_id": "los-angeles",
            "latitude": "34.0522",
            "longitude": "-118.2437",
        },
        "statement-place",
        "latitude",
        "directive has no place",
    ),
    # official responses
    (3, {"response_level": ""}, "response", "response_level", "official_statement"),
    (4, {"response_type": ""}, "response", "response_type", "police_action"),
    (3, {"response_actor": ""}, "requires", "response_actor", "response_type and response_level"),
    # place
    (3, {"city": ""}, "scope", "city", "scope is local"),
    # a row in another state is not local (issue 17: the Aurora raid among LA's raids)
    (3, {"state": "CO"}, "scope", "scope", "CO is outside California, so scope must be national"),
    (3, {"state": "Ca"}, "state", "state", "two capital letters"),
    (2, {"longitude": ""}, "coordinates", "longitude", "latitude is set"),
    (2, {"latitude": "", "longitude": ""}, "gazetteer", "latitude", "33.8895"),
    (2, {"latitude": "33.9"}, "gazetteer", "latitude", "latitude of paramount is 33.8895"),
    (2, {"longitude": "-118.16"}, "gazetteer", "longitude", "-118.1598"),
    (2, {"geo_precision": "venue"}, "gazetteer", "geo_precision", "precision of paramount is city"),
    (2, {"place_id": ""}, "gazetteer", "place_id", "latitude is set"),
    # disputes
    (2, {"disputed": "true"}, "dispute", "dispute_group", "disputed is true"),
    (2, {"dispute_group": "paramount"}, "dispute", "disputed", "must be true"),
    (
        2,
        {"disputed": "true", "dispute_group": "paramount"},
        "dispute",
        "dispute_group",
        "at least two rows",
    ),
    # evidence
    (
        2,
        {"evidence": " ".join(f"w{i}" for i in range(16))},
        "evidence",
        "evidence",
        "16 words",
    ),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column", "says"), ROW_CASES)
def test_event_row_rules(tiny_rows, write_dataset, index, edits, rule, column, says):
    tiny_rows["events"][index].update(edits)
    problem = find(problems_in(write_dataset(tiny_rows)), rule, index + 2, column)
    assert says in problem.message


def test_fifteen_words_of_evidence_are_fine(tiny_rows, write_dataset):
    tiny_rows["events"][2]["evidence"] = " ".join(["word"] * 15)
    assert problems_in(write_dataset(tiny_rows)) == []


def test_evidence_may_join_phrases_and_the_separator_is_not_a_word(tiny_rows, write_dataset):
    """Issue 11: a row with two figures may quote two places of the source, joined by ' … '."""
    row = tiny_rows["events"][2]
    row["evidence"] = "Dozens of green-uniformed security personnel … hundreds of people showed up"
    assert problems_in(write_dataset(tiny_rows)) == []
    row["evidence"] = " … ".join([" ".join(["word"] * 8), " ".join(["word"] * 7)])  # 15 words
    assert problems_in(write_dataset(tiny_rows)) == []
    row["evidence"] = " … ".join([" ".join(["word"] * 8)] * 2)  # 16 words
    problem = find(problems_in(write_dataset(tiny_rows)), "evidence", 4, "evidence")
    assert "16 words" in problem.message


def test_duplicate_event_id_names_both_rows(tiny_rows, write_dataset):
    tiny_rows["events"][3]["event_id"] = tiny_rows["events"][2]["event_id"]
    problems = problems_in(write_dataset(tiny_rows))
    assert "also in row 5" in find(problems, "unique", 4, "event_id").message
    assert "also in row 4" in find(problems, "unique", 5, "event_id").message


def test_dispute_group_rows_on_different_dates(tiny_rows, write_dataset):
    row = tiny_rows["events"][6]
    row.update(date="2026-01-31", event_id="2026-01-31-dtla-arrests-eight")
    problems = problems_in(write_dataset(tiny_rows))
    for spreadsheet_row in (7, 8):
        problem = find(problems, "dispute", spreadsheet_row, "dispute_group")
        assert "same date" in problem.message


def test_a_floor_and_a_figure_above_it_are_no_dispute(tiny_rows, write_dataset):
    """Issue 17: "at least five" against eight is not a conflict; the floor's row is named."""
    tiny_rows["events"][5].update(arrests_text="at least five apprehensions")
    events_csv = write_dataset(tiny_rows)
    problems = problems_in(events_csv)
    problem = find(problems, "dispute-floor", 7, "disputed")
    assert problem.file == str(events_csv)
    assert "'at least five apprehensions' is a floor" in problem.message
    assert "row 8 gives 8" in problem.message
    assert not [p for p in problems if p.rule == "dispute-floor" and p.row == 8]


@pytest.mark.parametrize(
    ("five", "eight"),
    [
        ("five apprehensions", "eight protesters were arrested"),  # two exact figures
        ("at least ten apprehensions", "eight protesters were arrested"),  # a floor above 8
        ("at least five apprehensions", "between two and four arrested"),  # a range below
    ],
)
def test_figures_no_number_fits_are_a_dispute(tiny_rows, write_dataset, five, eight):
    low = {"five apprehensions": "5", "at least ten apprehensions": "10"}.get(five, "5")
    tiny_rows["events"][5].update(arrests_text=five, arrests=low)
    if "between" in eight:
        tiny_rows["events"][6].update(arrests_text=eight, arrests="2")
    problems = problems_in(write_dataset(tiny_rows))
    assert not [p for p in problems if p.rule == "dispute-floor"], problems


def test_a_crowd_floor_and_a_larger_crowd_are_no_dispute(tiny_rows, write_dataset):
    """The rule reads crowd figures too: an empty crowd_high is a floor."""
    common = {"crowd_estimate_by": "reporters", "arrests": "", "arrests_text": ""}
    tiny_rows["events"][5].update(crowd_text="more than 300", crowd_low="300", **common)
    tiny_rows["events"][6].update(crowd_text="about 2,500", crowd_low="2500", crowd_high="2500")
    tiny_rows["events"][6].update(common)
    problems = problems_in(write_dataset(tiny_rows))
    problem = find(problems, "dispute-floor", 7, "disputed")
    assert "crowd_text 'more than 300' is a floor" in problem.message
    # With the arrests still five against eight, the rows do conflict: a dispute.
    tiny_rows["events"][5].update(arrests="5", arrests_text="five apprehensions")
    tiny_rows["events"][6].update(arrests="8", arrests_text="eight protesters were arrested")
    problems = problems_in(write_dataset(tiny_rows))
    assert not [p for p in problems if p.rule == "dispute-floor"], problems


def test_coordinates_out_of_range_in_places(tiny_rows, write_dataset):
    tiny_rows["places"][3]["latitude"] = "95"
    tiny_rows["places"][3]["longitude"] = "-218"
    problems = problems_in(write_dataset(tiny_rows))
    assert find(problems, "coordinates", 5, "latitude").file.endswith("places.csv")
    find(problems, "coordinates", 5, "longitude")


# --- The vague-word rule -----------------------------------------------------------------------

VAGUE_CASES = [
    (2, {"crowd_low": "250"}, "crowd_low", "gives low 200 and high 999"),
    (2, {"crowd_high": "900"}, "crowd_high", "crowd_high 999"),
    (7, {"crowd_low": "300"}, "crowd_low", "crowd_low must be 2500"),
    (8, {"crowd_high": "90"}, "crowd_high", "gives low 80 and high 80"),
    (0, {"figure_high": "3000"}, "figure_high", "high empty (open-ended)"),
    (5, {"arrests": "6"}, "arrests", "arrests must be 5"),
    (6, {"arrests": ""}, "arrests", "arrests must be 8"),
    (1, {"immigration_arrests": "45"}, "immigration_arrests", "must be 44"),
    (
        2,
        {"crowd_text": "a number of people"},
        "crowd_low",
        "gives no figure: crowd_low and crowd_high must be empty",
    ),
]


@pytest.mark.parametrize(("index", "edits", "column", "says"), VAGUE_CASES)
def test_numbers_follow_the_vague_word_rule(tiny_rows, write_dataset, index, edits, column, says):
    tiny_rows["events"][index].update(edits)
    problem = find(problems_in(write_dataset(tiny_rows)), "vague-words", index + 2, column)
    assert says in problem.message


def test_crowd_estimator_names_who_made_a_crowd_figure(tiny_rows, write_dataset):
    tiny_rows["events"][2]["crowd_estimator"] = "Al Jazeera's Robert Reynolds"
    tiny_rows["events"][8]["crowd_estimator"] = "LA police"
    assert problems_in(write_dataset(tiny_rows)) == []


def test_wording_without_a_figure_goes_with_empty_numbers(tiny_rows, write_dataset):
    row = tiny_rows["events"][10]
    row.update(crowd_text="a number of people", crowd_estimate_by="reporters")
    assert problems_in(write_dataset(tiny_rows)) == []


# --- Chart labels (issue 11) ---------------------------------------------------------------------

LABEL_CASES = [
    (2, {"label": "x" * 33}, "length", "label", "33 characters; at most 32"),
    (2, {"label": "Manifestación en Paramount, sábado"}, "length", "label", "34 characters"),
    (2, {"label": "   "}, "visible", "label", "only spaces or invisible characters"),
    (2, {"label": "\u00a0\u200b"}, "visible", "label", "only spaces or invisible characters"),
    (2, {"label": "Paramount clash."}, "label", "label", "closing punctuation"),
    (2, {"label": "Paramount clash:"}, "label", "label", "ends with ':'"),
    (2, {"label": "Department of Homeland…"}, "label", "label", "ends with '…'"),
    (2, {"label": "Paramount -"}, "label", "label", "closing punctuation"),
    (2, {"label": "Paramount\nclash"}, "label", "label", "one line"),
    # A number in a label is the row's own figure (crowd 200-999 here; officers 24-99).
    (2, {"label": "Paramount: at least 300"}, "label", "label", "300, which is not"),
    (0, {"label": "White House: 3,500 a day"}, "label", "label", "3,500"),
    (9, {"label": "Long Beach · 2,500"}, "label", "label", "2,500"),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column", "says"), LABEL_CASES)
def test_label_rules(tiny_rows, write_dataset, index, edits, rule, column, says):
    tiny_rows["events"][index].update(edits)
    problem = find(problems_in(write_dataset(tiny_rows)), rule, index + 2, column)
    assert says in problem.message
    assert problem.value == edits[column]


def test_good_labels_pass(tiny_rows, write_dataset):
    rows = tiny_rows["events"]
    rows[0]["label"] = "White House goal: 3,000+ a day"  # the row's figure, a floor kept
    rows[1]["label"] = "ICE raids detain at least 44"
    rows[2]["label"] = "Paramount clash (at least 200)"
    rows[3]["label"] = "Noem threatens prosecution"
    rows[7]["label"] = "City Hall rally: 2,500"
    rows[8]["label"] = "Highland Park café hosts prép"  # 29 characters, not bytes
    rows[9]["label"] = "x" * 32
    assert problems_in(write_dataset(tiny_rows)) == []


# --- Claims, participant actions, damage and injuries (issue 13) ---------------------------------

CODED_CASES = [
    (2, {"claims": "against raids, for peace"}, "claims", "claims", "'against raids, for peace'"),
    (2, {"claims": "against raids; stop the raids"}, "claims", "claims", "'stop the raids'"),
    (2, {"claims": "against raids; “ICE out"}, "quotes", "claims", "unpaired"),
    (2, {"claims": 'against raids; "ICE out"'}, "quotes", "claims", "straight"),
    (2, {"claims": "against 3 raids"}, "quotes", "claims", "number outside a quotation"),
    (2, {"claims": "against ICE; against ICE"}, "list", "claims", "twice"),
    (2, {"claims": "against ICE;"}, "list", "claims", "empty item"),
    (2, {"property_damage": "a car set on fire"}, "wording", "property_damage", "quote its"),
    (2, {"injuries_crowd": "several hurt"}, "wording", "injuries_crowd", "curly quotes"),
    (2, {"injuries_police": "2 officers “were hurt”"}, "quotes", "injuries_police", "number"),
    (
        2,
        {"participant_measures": "“" + " ".join(["word"] * 16) + "”"},
        "quotes",
        "participant_measures",
        "more than 15 words",
    ),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column", "says"), CODED_CASES)
def test_coded_column_rules(tiny_rows, write_dataset, index, edits, rule, column, says):
    tiny_rows["events"][index].update(edits)
    problem = find(problems_in(write_dataset(tiny_rows)), rule, index + 2, column)
    assert says in problem.message
    assert problem.value == edits[column]


def test_good_coded_columns_pass(tiny_rows, write_dataset):
    row = tiny_rows["events"][2]
    row["claims"] = (
        "against immigration raids; for ICE agents to leave the area; in solidarity with "
        "Minneapolis; in memory of those who died; “Set them free, let them stay!”"
    )
    row["participant_measures"] = (
        "jeered at officers; some protesters “hurled rocks, bottles and fireworks”"
    )
    row["property_damage"] = "pictures from the scene showed “a car that had been set on fire”"
    row["injuries_crowd"] = "“2 protesters were treated for injuries”"  # a number in its words
    row["injuries_police"] = "DHS says “officers were injured”"
    row["participant_measures"] += "; “" + " ".join(["word"] * 15) + "”"  # 15 words: fine
    assert problems_in(write_dataset(tiny_rows)) == []


# --- sources.csv and places.csv on their own ---------------------------------------------------

SOURCE_CASES = [
    (0, {"source_id": "Daily News"}, "id", "source_id"),
    (0, {"publisher": ""}, "required", "publisher"),
    (0, {"publisher": "  "}, "required", "publisher"),
    (0, {"title": "\u3000"}, "required", "title"),
    (0, {"published": "31/01/2026"}, "date", "published"),
    (0, {"reliability": "very high"}, "vocabulary", "reliability"),
    (1, {"source_id": "daily-news-2026-01-31"}, "unique", "source_id"),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column"), SOURCE_CASES)
def test_source_rules(tiny_rows, write_dataset, index, edits, rule, column):
    tiny_rows["sources"][index].update(edits)
    events_csv = write_dataset(tiny_rows)
    problem = find(problems_in(events_csv), rule, index + 2, column)
    assert problem.file.endswith("sources.csv")
    with pytest.raises(DataValidationError):
        validate_sources(events_csv.parent / "sources.csv")


PLACE_CASES = [
    (1, {"precision": "district"}, "vocabulary", "precision"),
    (1, {"name": " "}, "required", "name"),
    (1, {"latitude": ""}, "required", "latitude"),
    (1, {"latitude": "34.05N"}, "float", "latitude"),
    (1, {"state": "Calif."}, "state", "state"),
    (2, {"place_id": "los-angeles"}, "unique", "place_id"),
]


@pytest.mark.parametrize(("index", "edits", "rule", "column"), PLACE_CASES)
def test_place_rules(tiny_rows, write_dataset, index, edits, rule, column):
    tiny_rows["places"][index].update(edits)
    events_csv = write_dataset(tiny_rows)
    with pytest.raises(DataValidationError) as caught:
        validate_places(events_csv.parent / "places.csv")
    problem = find(caught.value.problems, rule, index + 2, column)
    assert problem.file.endswith("places.csv")


# --- Header and CSV structure ------------------------------------------------------------------


def _replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_unknown_and_duplicated_columns(tiny_dataset):
    _replace_text(tiny_dataset, "crowd_estimate_by,", "crowd_estimated_by,")
    _replace_text(tiny_dataset, ",notes\n", ",title\n")
    problems = problems_in(tiny_dataset)
    assert (
        "missing column 'crowd_estimate_by'"
        in find(problems, "header", 1, "crowd_estimate_by").message
    )
    unknown = find(problems, "header", 1, "crowd_estimated_by")
    assert "did you mean 'crowd_estimate_by'" in unknown.message
    find(problems, "header", 1, "notes")
    assert "appears 2 times" in find(problems, "header", 1, "title").message


def test_columns_may_come_in_any_order(tiny_rows, write_dataset, tmp_path):
    import csv

    events_csv = write_dataset(tiny_rows)
    with events_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    flipped = [row[::-1] for row in rows]
    with events_csv.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(flipped)
    assert problems_in(events_csv) == []


def test_wrong_number_of_fields_names_the_row(tiny_dataset):
    lines = tiny_dataset.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].rstrip("\n") + ",extra\n"  # spreadsheet row 4
    lines[5] = lines[5].replace(",", "", 1)  # row 6
    tiny_dataset.write_text("".join(lines), encoding="utf-8")
    problems = problems_in(tiny_dataset)
    n = len(schema.EVENT_COLUMNS)
    assert f"found {n + 1}" in find(problems, "csv", 4, None).message
    assert f"found {n - 1}" in find(problems, "csv", 6, None).message
    # The other rows are still checked, with their own row numbers.
    assert not [p for p in problems if p.rule != "csv"]


def test_unterminated_quote_names_the_row_and_column(tiny_dataset):
    lines = tiny_dataset.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = lines[-1].rstrip("\n") + ',"never closed\n'
    lines[-1] = lines[-1].replace(",", "", 1)  # keep the field count right
    tiny_dataset.write_text("".join(lines), encoding="utf-8")
    last = schema.EVENT_COLUMNS[-1].name
    problem = find(problems_in(tiny_dataset), "csv", len(lines), last)
    assert "unterminated quoted field" in problem.message
    assert problem.value == "never closed"


def test_a_quote_opened_mid_row_and_never_closed_names_its_column(tiny_rows, write_dataset):
    """Issue 19. Before: the file and the row, but not the column, unlike every other error."""
    events_csv = write_dataset(tiny_rows)
    header, *_ = events_csv.read_text(encoding="utf-8").splitlines()
    names = header.split(",")
    row = tiny_rows["events"][-1]
    cells = [str(row.get(name, "")).replace('"', "").replace(",", ";") for name in names]
    title = names.index("title")
    cells[title] = '"' + cells[title]  # opened, never closed: runs to the end of the file
    text = events_csv.read_text(encoding="utf-8")
    events_csv.write_text(text + ",".join(cells).replace("\n", " ") + "\n", encoding="utf-8")
    spreadsheet_row = len(tiny_rows["events"]) + 2
    problem = find(problems_in(events_csv), "csv", spreadsheet_row, "title")
    assert "the '\"' that opens this cell" in problem.message
    assert str(problem).startswith(f"events.csv, row {spreadsheet_row}, column title: [csv]")
    assert problem.value and problem.value.startswith(cells[title][1:12])  # the cell's start


def test_unterminated_quote_in_the_last_cell_is_caught(tmp_path):
    # pyarrow alone would read the rest of the file into the cell; the reader must not.
    from analysis.data.readcsv import read_strings

    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,2\n3,"4\n5,6\n', encoding="utf-8")
    raw = read_strings(path, ["a", "b"])
    assert [(p.row, p.column) for p in raw.problems if p.rule == "csv"] == [(3, "b")]


@pytest.mark.parametrize(
    ("text", "column", "where", "line"),
    [
        ('a,b\n"x\ny",2\n"3,4\n', "a", "this cell", 4),  # after a multi-line cell
        ('a,b\n1,"x\ny","z\n', None, "field 3 of this row", 3),  # past the header's columns
        ('a,b\n1,"say ""hi""\n\nmore\n', "b", "this cell", 2),  # doubled quotes inside
        ('a,"b\n1,2\n', None, "field 2 of this row", 1),  # in the header itself
    ],
)
def test_the_unclosed_quote_is_placed_by_column_and_line(tmp_path, text, column, where, line):
    from analysis.data.readcsv import read_strings

    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    [problem] = [p for p in read_strings(path, ["a", "b"]).problems if p.rule == "csv"]
    assert problem.column == column
    assert f"opens {where} (line {line})" in problem.message


def test_quoted_newlines_commas_and_quotes_are_one_cell(tiny_rows, write_dataset):
    tiny_rows["events"][2]["notes"] = 'Line one,\nline "two".\n'
    events_csv = write_dataset(tiny_rows)
    assert '"Line one,\nline ""two"".\n"' in events_csv.read_text(encoding="utf-8")
    tiny_rows["events"][3]["title"] = ""  # a problem after the multi-line cell ...
    problems = problems_in(write_dataset(tiny_rows))
    find(problems, "required", 5, "title")  # ... is reported at its spreadsheet row


def test_blank_line_is_reported(tiny_dataset):
    lines = tiny_dataset.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "\n")
    tiny_dataset.write_text("".join(lines), encoding="utf-8")
    assert "blank line" in find(problems_in(tiny_dataset), "csv", 4, None).message


def test_empty_file(tiny_dataset):
    tiny_dataset.write_bytes(b"")
    problem = find(problems_in(tiny_dataset), "csv", None, None)
    assert "empty" in problem.message


def test_an_events_file_without_rows_is_refused_unless_meant_to_be_empty(tiny_dataset):
    """Issue 12, case 8: an emptied events.csv passed and gave empty reports without a word."""
    header = tiny_dataset.read_text(encoding="utf-8").splitlines()[0]
    tiny_dataset.write_text(header + "\n", encoding="utf-8")
    problem = find(problems_in(tiny_dataset), "empty", None, None)
    assert problem.file == str(tiny_dataset)
    assert "header but no events" in problem.message
    assert "--allow-empty" in problem.message  # says how to accept it
    folder = tiny_dataset.parent
    data = validate_dataset(
        tiny_dataset, folder / "sources.csv", folder / "places.csv", allow_empty=True
    )
    assert len(data.events) == 0


# --- Encoding ----------------------------------------------------------------------------------


def test_byte_order_mark_is_accepted(tiny_dataset):
    tiny_dataset.write_bytes(b"\xef\xbb\xbf" + tiny_dataset.read_bytes())
    assert problems_in(tiny_dataset) == []


def test_crlf_line_ends_are_accepted(tiny_dataset):
    tiny_dataset.write_bytes(tiny_dataset.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_in(tiny_dataset) == []


def test_latin1_is_rejected_naming_file_and_line(tiny_rows, write_dataset):
    tiny_rows["events"][3]["notes"] = "Café de Leche"
    events_csv = write_dataset(tiny_rows)
    events_csv.write_bytes(events_csv.read_text(encoding="utf-8").encode("latin-1"))
    problems = problems_in(events_csv)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.rule == "encoding"
    assert problem.file == str(events_csv)
    assert "not valid UTF-8" in problem.message
    assert "line 5" in problem.message
    assert "events.csv" in str(DataValidationError(problems))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_rejected(tiny_dataset, codec):
    tiny_dataset.write_bytes(tiny_dataset.read_text(encoding="utf-8").encode(codec))
    (problem,) = problems_in(tiny_dataset)
    assert problem.rule == "encoding"
    assert "UTF-8" in problem.message


def test_an_unreadable_file_does_not_hide_the_others(tiny_rows, write_dataset):
    tiny_rows["sources"][0]["publisher"] = ""
    events_csv = write_dataset(tiny_rows)
    places = events_csv.parent / "places.csv"
    places.write_bytes(places.read_text(encoding="utf-8").encode("utf-16"))
    problems = problems_in(events_csv)
    assert {Path(p.file).name for p in problems} == {"sources.csv", "places.csv"}


# --- Collecting everything, and the cap --------------------------------------------------------


def test_all_problems_are_collected(tiny_rows, write_dataset):
    events = tiny_rows["events"]
    events[0]["title"] = ""
    events[2]["crowd_low"] = "lots"
    events[9]["time"] = "16h"
    tiny_rows["places"][0]["precision"] = "town"
    problems = problems_in(write_dataset(tiny_rows))
    find(problems, "required", 2, "title")
    find(problems, "int", 4, "crowd_low")
    find(problems, "time", 11, "time")
    find(problems, "vocabulary", 2, "precision")


def test_only_the_first_problems_are_listed(tiny_rows, write_dataset, monkeypatch):
    monkeypatch.setattr(columns, "MAX_LISTED", 5)
    for row in tiny_rows["events"]:
        row["title"] = ""
    problems = problems_in(write_dataset(tiny_rows))
    listed = [p for p in problems if p.row is not None]
    assert len(listed) == 5
    (summary,) = [p for p in problems if p.row is None]
    assert (summary.rule, summary.column) == ("required", "title")
    assert summary.message.startswith("6 more rows")


def test_a_rule_broken_everywhere_does_not_hide_the_others(tiny_rows, write_dataset, monkeypatch):
    monkeypatch.setattr(columns, "MAX_PER_RULE", 2)
    for row in tiny_rows["events"]:
        row.update(title="", status="happened")
    problems = problems_in(write_dataset(tiny_rows))
    for column, rule in (("title", "required"), ("status", "vocabulary")):
        listed = [p for p in problems if (p.column, p.rule) == (column, rule) and p.row]
        assert [p.row for p in listed] == [2, 3]
        (summary,) = [p for p in problems if (p.column, p.rule) == (column, rule) and not p.row]
        assert summary.message.startswith("9 more rows")
        assert columns.unlisted(summary) == 9


def test_parallel_column_checks_report_the_same(tiny_rows, write_dataset, monkeypatch):
    tiny_rows["events"][2].update(crowd_low="lots", time="x", event_type="riot")
    events_csv = write_dataset(tiny_rows)
    one_by_one = problems_in(events_csv)
    monkeypatch.setattr(columns, "PARALLEL_ROWS", 0)
    assert problems_in(events_csv) == one_by_one
    assert len(one_by_one) >= 3


def test_responds_to_names_earlier_events_of_the_file_and_only_on_responses(
    tiny_rows, write_dataset
):
    """Issue 17: a response's relation to an event is the source's, recorded in responds_to;
    the validator checks it names real, earlier events, never the row itself."""
    events = tiny_rows["events"]
    events[3]["responds_to"] = "2025-06-07-paramount-clash"  # Noem, the same day: fine
    events[4]["responds_to"] = "2025-06-07-paramount-dispersal"  # itself
    events[0]["responds_to"] = "2025-06-07-paramount-clash"  # a goal of 1 June answering 7 June
    events[7]["responds_to"] = "2025-06-06-los-angeles-ice-raids"  # a rally is no response
    events[9]["responds_to"] = "2025-06-06-no-such-event"
    events_csv = write_dataset(tiny_rows)
    problems = problems_in(events_csv)
    assert "cannot answer itself" in find(problems, "responds-to", 6, "responds_to").message
    later = find(problems, "responds-to", 2, "responds_to")
    assert "dated after this response (2025-06-07-paramount-clash)" in later.message
    assert "official response" in find(problems, "responds-to", 9, "responds_to").message
    unknown = find(problems, "reference", 11, "responds_to")
    assert "2025-06-06-no-such-event" in unknown.message and "events.csv" in unknown.message
    assert not [p for p in problems if p.row == 5 and p.column == "responds_to"]
