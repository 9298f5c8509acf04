"""Write ``reports/index.html``: one row per report, for readers (its title, what it covers,
its chart page and chronology, when it was last updated), with how it was made (notebook,
parameters, data version) tucked into a note.

Under the table, a closed "Corrections" element: how many events were corrected since the
previous data version each report was published from, each in reader words, with the full log
for the data's maintainers inside (from the snapshots the runner keeps,
:mod:`analysis.report.snapshots`).

The index is built from each report's ``manifest.json``, so it describes what is actually on disk
(a report whose last run failed still shows its previous good version, flagged). It uses the
standard library only (``string.Template`` over ``analysis/report/templates/index.html``): the
runner
rewrites it even on a rerun that skips every report, and that must stay fast.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from string import Template
from typing import Any

from analysis.data.changes import diff_versions
from analysis.publish.atomic import write_text_atomic
from analysis.report.correctwords import reader_corrections, reader_lines
from analysis.report.snapshots import changes_between, find_snapshot, read_snapshot, recorded_on

INDEX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "index.html"
#: A report's charts folder and the chart page in it (``analysis.publish.chartpage.PAGE_FILE``:
#: this module stays free of the charting stack, so it is not imported).
CHARTS_DIR, CHART_PAGE = "charts", "index.html"
#: The chronology page beside it (``analysis.publish.chronology.HTML_FILE``).
CHRONOLOGY_PAGE = "chronology.html"
INDEX_TITLE = "Anti-ICE protests in Los Angeles, 2025-2026: reports"


def read_manifest(report_dir: Path) -> dict[str, Any] | None:
    """Return a report folder's manifest, or ``None`` when it has none (never generated)."""
    try:
        return json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def format_parameters(parameters: dict[str, Any]) -> str:
    """Return parameters as ``name: value`` lines (JSON values, catalogue order).

    Returns "(notebook defaults)" when there are none.
    """
    if not parameters:
        return "(notebook defaults)"
    return "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in parameters.items())


#: Field-level lines the index shows per data version change (the command prints them all).
INDEX_CHANGE_LINES = 8


def _change_note(manifest: dict[str, Any]) -> str:
    """The line under a report's data version: what changed since the previous version."""
    if "previous_data_version" not in manifest:
        return ""  # published before the corrections log existed
    previous = str(manifest.get("previous_data_version") or "")
    if not previous:
        return ' <span class="desc">(first published version)</span>'
    return f' <span class="desc">(since <code>{html.escape(previous)}</code>)</span>'


def _short(text: str, width: int = 140) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _maintainers(reports_dir: Path, old: str, new: str) -> str:
    """The full log of one pair of data versions, for the data's maintainers: counts per
    file, the first :data:`INDEX_CHANGE_LINES` changed cells and the command for the rest."""
    esc = html.escape
    title = f"<h3>Data version <code>{esc(new)}</code> since <code>{esc(old)}</code></h3>"
    changes = changes_between(reports_dir, old, new)
    if changes is None:
        return (
            f'{title}<p class="desc">The data of version <code>{esc(old)}</code> is not on '
            "record (no snapshot), so the changes cannot be listed here.</p>"
        )
    if changes.empty:
        return f'{title}<p class="desc">No changes in the three CSV files.</p>'
    items = [f"<li><code>{esc(t.file)}</code>: {esc(t.summary())}</li>" for t in changes.tables]
    lines = changes.lines()
    details = []
    for file, key, change, old_text, new_text in lines[:INDEX_CHANGE_LINES]:
        if change in {"added", "removed", "column added", "column removed"}:
            details.append(f"<li>{esc(change)}: <code>{esc(file)}</code> {esc(key)}</li>")
        else:
            details.append(
                f"<li><code>{esc(file)}</code> {esc(key)}, <strong>{esc(change)}</strong>: "
                f'<span class="old">{esc(_short(old_text)) or "(empty)"}</span> &rarr; '
                f'<span class="new">{esc(_short(new_text)) or "(empty)"}</span></li>'
            )
    more = len(lines) - len(details)
    tail = f"{more} more; " if more > 0 else ""
    return (
        f'{title}<ul class="changes">{"".join(items)}</ul>'
        f'<ul class="changes detail">{"".join(details)}</ul>'
        f'<p class="desc">{tail}the full log: <code>python -m analysis changes '
        f"{esc(old)}</code> (against the current data)</p>"
    )


def render_changes(reports_dir: Path, pairs: Iterable[tuple[str, str]]) -> str:
    """The index's corrections: a closed details element after the report links, whose summary
    counts the corrected events and sources ("Corrections: 3 events corrected since the last
    publication") and which lists them in reader words (:mod:`analysis.report.correctwords`),
    with the full log for the data's maintainers in a details element of its own. Empty when no
    pair is given."""
    esc = html.escape
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return ""
    lines: list[str] = []
    for old, new in pairs:
        old_path, new_path = find_snapshot(reports_dir, old), find_snapshot(reports_dir, new)
        if old_path is None or new_path is None:
            continue
        before, after = read_snapshot(old_path), read_snapshot(new_path)
        changes = diff_versions(before, after, old_label=old, new_label=new)
        found = reader_corrections(changes, before, after)
        lines += reader_lines(found, recorded_on(new_path) or new)
    lines = list(dict.fromkeys(lines))
    n = len(lines)
    count = "1 correction" if n == 1 else f"{n} corrections"
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    full = "".join(_maintainers(reports_dir, old, new) for old, new in pairs)
    return (
        '<details class="corrections"><summary><h2>Corrections</h2> '
        f"{count} since the last publication</summary>"
        + (f'<ul class="changes">{items}</ul>' if items else "")
        + "<details><summary>The data changes in full, for the data's maintainers</summary>"
        f"{full}</details></details>"
    )


#: The index's columns, for readers; on a phone each row becomes a block and each cell says
#: its column. How a report was made (notebook, parameters, data version) is tucked into a
#: "How it was made" note under its title.
COLUMNS = ("Report", "Last updated")


def _cells(values: list[str], classes: dict[int, str] | None = None) -> str:
    classes = classes or {}
    return "".join(
        f'<td data-label="{html.escape(label, quote=True)}"'
        + (f' class="{classes[i]}"' if i in classes else "")
        + f">{value}</td>"
        for i, (label, value) in enumerate(zip(COLUMNS, values, strict=True))
    )


def _chart_note(name: str, charts: list[str]) -> str:
    """A link to the report's chart page (or, for an older report, where its charts are)."""
    esc = html.escape
    page = f"{CHARTS_DIR}/{CHART_PAGE}"
    if page in charts:
        images = sum(1 for c in charts if c.endswith(".png"))
        story = f"{CHARTS_DIR}/{CHRONOLOGY_PAGE}"
        chronology = f' · <a href="{esc(name)}/{story}">Chronology</a>' if story in charts else ""
        # a report whose charts are all sentences has no images: the page holds the sheet
        what = (
            f"Charts for articles, their data and the TimelineJS sheet</a> ({images} chart images)"
            if images
            else "The TimelineJS sheet and why no chart is drawn</a>"
        )
        return f'<br><span class="desc"><a href="{esc(name)}/{page}">{what}{chronology}</span>'
    if charts:
        return (
            f'<br><span class="desc">{len(charts)} chart export file(s) in '
            f"<code>{esc(name)}/{CHARTS_DIR}/</code></span>"
        )
    return ""


def _row(name: str, manifest: dict[str, Any] | None, failed: Path | None, title: str) -> str:
    esc = html.escape
    if manifest is None:
        status = (
            f' <span class="failed">failed; see <a href="_failed/{esc(name)}.ipynb">'
            "the executed notebook</a></span>"
            if failed
            else ' <span class="missing">(not generated yet)</span>'
        )
        first = f"<strong>{esc(title)}</strong>{status}"
        return f'<tr class="empty">{_cells([first, ""])}</tr>'
    note = (
        f'<br><span class="failed">Last run failed (<a href="_failed/{esc(name)}.ipynb">'
        "executed notebook</a>); this is the previous good report.</span>"
        if failed
        else ""
    )
    description = manifest.get("description") or ""
    generated = str(manifest.get("generated_at", "")).replace("T", " ").replace("+00:00", "")
    # How the report was made, for whoever regenerates it: out of the readers' way.
    made = (
        '<details class="how"><summary>How it was made</summary><dl>'
        f"<dt>Report name</dt><dd><code>{esc(name)}</code></dd>"
        f'<dt>Notebook</dt><dd><a href="{esc(name)}/'
        f'{esc(manifest.get("executed_notebook", ""))}">{esc(manifest.get("notebook", ""))}'
        "</a></dd>"
        '<dt>Parameters</dt><dd><code class="params">'
        f"{esc(format_parameters(manifest.get('parameters') or {}))}</code></dd>"
        f"<dt>Data version</dt><dd><code>{esc(str(manifest.get('data_version', '')))}</code>"
        f"{_change_note(manifest)}</dd>"
        f"<dt>Generated (UTC)</dt><dd>{esc(generated)}</dd>"
        "</dl></details>"
    )
    cells = [
        f'<a href="{esc(name)}/index.html"><strong>{esc(manifest.get("title") or name)}'
        "</strong></a>"
        f'<br><span class="desc">{esc(description)}</span>'
        f"{_chart_note(name, manifest.get('charts') or [])}{note}{made}",
        esc(_updated(generated)),
    ]
    return f"<tr>{_cells(cells)}</tr>"


def _updated(generated: str) -> str:
    """ "7 Dec 2026" from "2026-12-07 18:32:48": when the report was last made, in words."""
    from datetime import datetime

    try:
        day = datetime.strptime(generated[:10], "%Y-%m-%d")
    except ValueError:
        return generated
    return f"{day.day} {day:%b %Y}"


def render_index(reports_dir: Path, names: Iterable[tuple[str, str]]) -> str:
    """Return the index page for the reports ``names`` (``(name, title)`` pairs) in ``reports_dir``.

    Report folders that have a manifest but are not in ``names`` (ad-hoc runs) are listed after.
    """
    listed = dict(names)
    extra = (
        sorted(
            p.name
            for p in reports_dir.iterdir()
            if p.is_dir()
            and not p.name.startswith((".", "_"))
            and p.name not in listed
            and (p / "manifest.json").is_file()
        )
        if reports_dir.is_dir()
        else []
    )
    rows = []
    pairs = []
    for name in [*listed, *extra]:
        failed = reports_dir / "_failed" / f"{name}.ipynb"
        manifest = read_manifest(reports_dir / name)
        rows.append(
            _row(name, manifest, failed if failed.is_file() else None, listed.get(name, name))
        )
        if manifest and manifest.get("previous_data_version") and manifest.get("data_version"):
            pairs.append((str(manifest["previous_data_version"]), str(manifest["data_version"])))
    template = Template(INDEX_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        title=html.escape(INDEX_TITLE),
        lede=(
            "Each report tells one period of the protests against immigration enforcement in "
            "Los Angeles, day by day, from the news reports it cites: what happened, how large "
            "the crowds were, who was arrested and how officials responded. Every page works "
            "offline."
        ),
        rows="\n".join(rows),
        changes=render_changes(reports_dir, pairs),
        footer=(
            "<details><summary>How these pages were made</summary><p>Each report is a "
            "notebook of the project run on the curated, source-cited data in "
            "<code>data/</code>. Regenerate them with <code>make report</code> (or "
            "<code>python -m analysis report [NAMES...]</code>); unchanged reports are "
            "skipped.</p></details>"
        ),
    )


def write_index(reports_dir: Path, names: Iterable[tuple[str, str]]) -> Path:
    """Write ``reports_dir/index.html`` if its content changed; return its path."""
    page = render_index(reports_dir, names)
    path = reports_dir / "index.html"
    reports_dir.mkdir(parents=True, exist_ok=True)
    try:
        if path.read_text(encoding="utf-8") == page:
            return path
    except OSError:
        pass
    return write_text_atomic(path, page)  # replaces a planted link instead of following it
