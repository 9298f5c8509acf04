"""Article exports keep a record of what made their files and skip what did not change
(analysis.publish.exportrecord, analysis.publish.articles, analysis.publish.parallel)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.publish import exportrecord
from analysis.publish.articles import UNDRAWN_COLUMNS, Specs, export_article, export_units
from analysis.publish.chartpage import check_folder
from analysis.publish.parallel import JOBS_VARIABLE, draw_units, export_jobs

CHART = "arrests"  # a small chart: two figures (640 + 1280 px, and the phone's)


def state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of ``folder``: its inode, its modification time and its bytes (a file
    written again, even with the same bytes, is a new inode: exports replace files)."""
    out = {}
    for path in sorted(folder.iterdir()):
        stat = path.stat()
        out[path.name] = (stat.st_ino, stat.st_mtime_ns, path.read_bytes())
    return out


@pytest.fixture
def exported(model, tmp_path):
    out = tmp_path / "charts"
    chart = export_article(model, CHART, out)
    return model, out, chart


def test_a_second_export_writes_nothing_and_returns_the_same_files(exported):
    model, out, first = exported
    before = state(out)
    records = sorted(p.name for p in out.glob(".*.export.json"))
    assert records == [f".{CHART}-640-1280.export.json", f".{CHART}-phone-390.export.json"]
    second = export_article(model, CHART, out)
    assert second == first
    assert state(out) == before


def test_a_deleted_or_edited_file_is_drawn_again_with_the_same_bytes(exported):
    model, out, _chart = exported
    before = state(out)
    (out / f"{CHART}-640.svg").unlink()
    (out / f"{CHART}-phone-390.png").write_bytes(b"edited by hand")
    export_article(model, CHART, out)
    after = state(out)
    assert {name: data for name, (_i, _m, data) in after.items()} == {
        name: data for name, (_i, _m, data) in before.items()
    }
    assert after[f"{CHART}-640.svg"][0] != before[f"{CHART}-640.svg"][0] or (
        after[f"{CHART}-640.svg"][1] != before[f"{CHART}-640.svg"][1]
    )
    # each figure is redrawn on its own: the article sizes' and the phone's
    redrawn = {name for name in after if after[name][:2] != before[name][:2]}
    assert f"{CHART}-1280.png" in redrawn and f"{CHART}-phone-390.svg" in redrawn


def test_an_edited_record_or_force_draws_again(exported):
    model, out, _chart = exported
    before = state(out)
    record = out / f".{CHART}-phone-390.export.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps(data | {"key": "0" * 64}), encoding="utf-8")
    export_article(model, CHART, out)
    after = state(out)
    assert after[f"{CHART}-phone-390.png"][:2] != before[f"{CHART}-phone-390.png"][:2]
    assert after[f"{CHART}-640.png"][:2] == before[f"{CHART}-640.png"][:2]
    export_article(model, CHART, out, force=True)
    forced = state(out)
    assert all(forced[n][:2] != after[n][:2] for n in forced if not n.startswith("."))
    assert {n: d for n, (_i, _m, d) in forced.items()} == {n: d for n, (_i, _m, d) in after.items()}


def test_a_changed_specification_is_drawn_again_as_a_fresh_export_would(exported, tiny, tmp_path):
    model, out, _chart = exported
    events, sources = tiny
    fewer = build_facts(events, sources=sources, end="2025-12-31")
    assert Specs(fewer)(CHART, "article") != Specs(model)(CHART, "article")
    export_article(fewer, CHART, out)
    fresh = tmp_path / "fresh"
    export_article(fewer, CHART, fresh)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        p.name: p.read_bytes() for p in fresh.iterdir()
    }


def test_parallel_drawing_writes_the_bytes_of_serial_drawing(model, tmp_path):
    specs = Specs(model)
    units = export_units(specs, CHART) + export_units(specs, "responses")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    a = draw_units(specs, units, serial, jobs=1)
    b = draw_units(specs, units, parallel, jobs=2)
    assert [[p.name for p in paths] for paths in a] == [[p.name for p in paths] for paths in b]
    assert {p.name: p.read_bytes() for p in serial.iterdir()} == {
        p.name: p.read_bytes() for p in parallel.iterdir()
    }


def test_export_jobs_comes_from_the_runner_and_defaults_to_one(monkeypatch):
    monkeypatch.delenv(JOBS_VARIABLE, raising=False)
    assert export_jobs() == 1
    monkeypatch.setenv(JOBS_VARIABLE, "2")
    assert export_jobs() == 2
    for bad in ("0", "-3", "many"):
        monkeypatch.setenv(JOBS_VARIABLE, bad)
        assert export_jobs() == 1


def test_the_key_sees_every_value_and_refuses_what_it_cannot_encode():
    frame = pd.DataFrame({"x": pd.to_datetime(["2026-01-30", "2026-01-31"]), "y": [1.0, np.nan]})
    key = exportrecord.inputs_key(frame, ("a", 1))
    assert key == exportrecord.inputs_key(frame.copy(), ("a", 1))
    changed = frame.copy()
    changed.loc[1, "y"] = 2.0
    assert exportrecord.inputs_key(changed, ("a", 1)) != key
    assert exportrecord.inputs_key(frame, ("a", 1.0)) != key  # 1 and 1.0 are told apart
    long = np.zeros(5000)
    edited = long.copy()
    edited[2500] = 1e-300  # far inside what repr() would print as "..."
    assert exportrecord.inputs_key(long) != exportrecord.inputs_key(edited)
    assert exportrecord.inputs_key(object()) is None


def test_no_key_means_no_record_and_always_drawing(tmp_path):
    (tmp_path / "a.png").write_bytes(b"x")
    assert exportrecord.write_record(tmp_path, "a-640", "k", [tmp_path / "a.png"]) is not None
    assert exportrecord.unchanged(tmp_path, "a-640", "k", [tmp_path / "a.png"])
    assert not exportrecord.unchanged(tmp_path, "a-640", None, [tmp_path / "a.png"])
    assert exportrecord.write_record(tmp_path, "a-640", None, [tmp_path / "a.png"]) is None
    assert not exportrecord.record_path(tmp_path, "a-640").exists()


def test_the_chart_page_never_takes_a_record_it_did_not_write(tmp_path):
    (tmp_path / f".{CHART}-640-1280.export.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ParameterError, match="was not written by the chart page"):
        check_folder(tmp_path)


def test_the_runner_starts_from_the_published_charts_unless_forced(tmp_path):
    from analysis.report import execute

    published = tmp_path / "report"
    (published / "charts").mkdir(parents=True)
    (published / "charts" / "a.png").write_bytes(b"png")
    run = tmp_path / "run" / "charts"
    execute._reuse_charts(published, run)
    assert not run.exists()  # not a report the runner published: nothing is copied
    manifest = {"name": "report", "inputs_hash": "0" * 64}
    (published / execute.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    execute._reuse_charts(published, run)
    assert (run / "a.png").read_bytes() == b"png"
    assert os.stat(run / "a.png").st_ino != os.stat(published / "charts" / "a.png").st_ino
    shutil.rmtree(run)


def test_the_columns_left_out_of_the_key_are_never_drawn_by_the_static_engine():
    """The record's key leaves out the hover texts: no module drawing a static figure reads them
    (were one to, a corrected hover text would have to redraw the chart)."""
    import analysis.charts as charts_package

    folder = Path(charts_package.__file__).parent
    static = [folder / "static.py", folder / "style.py", *folder.glob("*matplotlib*.py")]
    assert len(static) >= 3
    for path in static:
        for column in UNDRAWN_COLUMNS:
            assert f'"{column}"' not in path.read_text(encoding="utf-8"), path.name
