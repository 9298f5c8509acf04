"""Write ``reports/index.html``: one row per report with its parameters, data version and date.

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

from analysis.publish.atomic import write_text_atomic

INDEX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "index.html"
#: A report's charts folder and the chart page in it (``analysis.publish.chartpage.PAGE_FILE``:
#: this module stays free of the charting stack, so it is not imported).
CHARTS_DIR, CHART_PAGE = "charts", "index.html"
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


#: The index's columns; on a phone each row becomes a block and each cell says its column.
COLUMNS = ("Report", "Parameters", "Notebook", "Data version", "Generated (UTC)")


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
        return (
            f'<br><span class="desc"><a href="{esc(name)}/{page}">Charts for articles, their '
            f"data and the TimelineJS sheet</a> ({images} chart images)</span>"
        )
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
        return f'<tr class="empty">{_cells([first, "", "", "", ""])}</tr>'
    note = (
        f'<br><span class="failed">Last run failed (<a href="_failed/{esc(name)}.ipynb">'
        "executed notebook</a>); this is the previous good report.</span>"
        if failed
        else ""
    )
    description = manifest.get("description") or ""
    generated = str(manifest.get("generated_at", "")).replace("T", " ").replace("+00:00", "")
    cells = [
        f'<a href="{esc(name)}/index.html"><strong>{esc(manifest.get("title") or name)}'
        f"</strong></a> <code>{esc(name)}</code>"
        f'<br><span class="desc">{esc(description)}</span>'
        f"{_chart_note(name, manifest.get('charts') or [])}{note}",
        f"<code>{esc(format_parameters(manifest.get('parameters') or {}))}</code>",
        f'<a href="{esc(name)}/{esc(manifest.get("executed_notebook", ""))}">'
        f"{esc(manifest.get('notebook', ''))}</a>",
        f"<code>{esc(str(manifest.get('data_version', '')))}</code>",
        esc(generated),
    ]
    return f"<tr>{_cells(cells, {1: 'params'})}</tr>"


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
    for name in [*listed, *extra]:
        failed = reports_dir / "_failed" / f"{name}.ipynb"
        rows.append(
            _row(
                name,
                read_manifest(reports_dir / name),
                failed if failed.is_file() else None,
                listed.get(name, name),
            )
        )
    template = Template(INDEX_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        title=html.escape(INDEX_TITLE),
        lede=(
            "Reports generated from the curated, source-cited timeline in <code>data/</code>. "
            "Each report is a notebook executed with the parameters shown; they open offline."
        ),
        rows="\n".join(rows),
        footer=(
            "Regenerate with <code>make report</code> (or <code>python -m analysis report "
            "[NAMES...]</code>); unchanged reports are skipped."
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
