"""Tests for analysis.report.plotlyjs: the reports of a folder share one local plotly.js.

The shared copy is plotly.js's "basic" partial bundle, vendored in analysis/report/assets: it
must be the version the installed plotly package was made for, draw every trace type the
charts use, and be the very file npm locks in tests/package-lock.json.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.charts import interactive
from analysis.report import plotlyjs
from analysis.report.plotlyjs import (
    ASSETS_DIR,
    BASIC_BUNDLE,
    BASIC_TRACE_TYPES,
    MARK,
    inline_tag,
    prune_shared,
    share,
    shared_bundle,
    write_shared,
)

NPM_COPY = (
    Path(__file__).resolve().parent
    / "node_modules"
    / "plotly.js-basic-dist-min"
    / "plotly-basic.min.js"
)


def test_the_vendored_basic_bundle_is_the_version_plotly_was_made_for():
    bundle = shared_bundle()
    assert plotlyjs.bundle_version(BASIC_BUNDLE.read_bytes()) == plotlyjs.package_version(), (
        "analysis/report/assets/plotly-basic.min.js is not the plotly.js version of the "
        "installed plotly package: set plotly.js-basic-dist-min in tests/package.json to "
        f"{plotlyjs.package_version()} and run `make plotlyjs`"
    )
    assert bundle.partial and bundle.name == f"plotly-basic-{bundle.version}.min.js"
    assert len(bundle.content) < 1_300_000  # against 4.8 MB for the full bundle


@pytest.mark.skipif(not NPM_COPY.is_file(), reason="tests/node_modules not installed (npm ci)")
def test_the_vendored_bundle_is_the_file_npm_locked():
    assert BASIC_BUNDLE.read_bytes() == NPM_COPY.read_bytes(), "run `make plotlyjs`"


def test_the_basic_bundle_draws_every_trace_type_of_the_interactive_charts(model):
    used = {
        trace.type or "scatter"
        for draw in (
            interactive.combined_plotly,
            interactive.crowd_plotly,
            interactive.arrests_plotly,
            interactive.responses_plotly,
            interactive.map_plotly,
        )
        for trace in draw(model).data
    }
    assert used and used <= BASIC_TRACE_TYPES


def test_share_replaces_the_marked_inline_script_by_a_shared_one():
    tag = inline_tag()
    assert f'{MARK}="{plotlyjs.package_version()}"' in tag and len(tag) > 3_000_000
    # nbconvert writes the attributes in its own order; other scripts stay as they are
    version = plotlyjs.package_version()
    as_written = f'type="text/javascript" {MARK}="{version}">'
    moved = tag.replace(as_written, f'{MARK}="{version}" type="text/javascript">')
    assert moved != tag
    page = f"<p>before</p>{moved}<div id=c></div><script>Plotly.newPlot('c', [])</script>"
    out, count = share(page, '../_assets/a"b.js')
    assert count == 1 and len(out) < 1000
    assert f'{MARK}="{version}" src="../_assets/a&quot;b.js"></script>' in out
    assert out.index("src=") < out.index("Plotly.newPlot")  # loaded before the chart draws
    assert "window.PlotlyConfig" in out and "<p>before</p>" in out
    assert share("<script>var a;</script>", "x.js") == ("<script>var a;</script>", 0)


def test_write_shared_writes_once_atomically_and_replaces_a_link(tmp_path):
    name = write_shared(tmp_path)
    path = tmp_path / name
    assert name.startswith(f"{ASSETS_DIR}/") and path.read_bytes() == shared_bundle().content
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    assert write_shared(tmp_path) == name
    assert path.stat().st_mtime_ns == stamp - 10**9  # the same bytes: not rewritten
    outside = tmp_path / "outside.js"
    outside.write_text("keep me")
    path.unlink()
    path.symlink_to(outside)
    write_shared(tmp_path)
    assert not path.is_symlink() and outside.read_text() == "keep me"  # not followed
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_prune_removes_only_unnamed_shared_scripts(tmp_path):
    name = write_shared(tmp_path)
    assets = tmp_path / ASSETS_DIR
    (assets / "plotly-3.0.0.min.js").write_text("old")
    (assets / "notes.txt").write_text("someone's")
    removed = prune_shared(tmp_path, {name})
    assert [p.name for p in removed] == ["plotly-3.0.0.min.js"]
    assert sorted(p.name for p in assets.iterdir()) == sorted(["notes.txt", Path(name).name])
