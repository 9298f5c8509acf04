"""Convert an executed notebook to an HTML report that renders with the network switched off.

Readers of a report see the narrative and the outputs, not the code: code inputs and prompts are
hidden. nbconvert's stock templates load RequireJS and MathJax from a CDN, and plotly's
"notebook" renderer adds a MathJax ``<script src=https://...>`` to every chart. The project's
template (``analysis/report/templates/report.html.j2``) leaves out the first two, and
:func:`strip_remote_resources` removes any remote script or stylesheet tag that remains, so the
report never tries the network. plotly.js is inlined in the first chart's output; given
``plotlyjs_src``, that inline copy is replaced by a ``<script src>`` of the copy the reports of
one folder share (:mod:`analysis.report.plotlyjs`), which keeps each page small.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILE = "report.html.j2"

#: Cells tagged with one of these are left out of the report (set-up a reader need not see).
REMOVE_CELL_TAGS = frozenset({"remove-cell", "remove_cell"})

_REMOTE = r"""(?:https?:)?//"""
_REMOTE_SCRIPT = re.compile(
    rf"""<script\b[^>]*\bsrc\s*=\s*["']?{_REMOTE}[^>]*>\s*</script\s*>""", re.IGNORECASE
)
_REMOTE_LINK = re.compile(rf"""<link\b[^>]*\bhref\s*=\s*["']?{_REMOTE}[^>]*/?>""", re.IGNORECASE)

#: What counts as a remote resource left in a report (used by tests too).
REMOTE_RESOURCE = re.compile(
    rf"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?{_REMOTE}""", re.IGNORECASE
)


def strip_remote_resources(page: str) -> tuple[str, int]:
    """Remove ``<script src=http...>`` and ``<link href=http...>`` tags from an HTML page.

    Parameters
    ----------
    page : str
        HTML text.

    Returns
    -------
    (str, int)
        The page without remote script and stylesheet tags, and how many tags were removed.
    """
    page, scripts = _REMOTE_SCRIPT.subn("", page)
    page, links = _REMOTE_LINK.subn("", page)
    return page, scripts + links


def notebook_to_html(
    notebook: Path | str,
    *,
    title: str,
    nav_html: str = "",
    footer_html: str = "",
    plotlyjs_src: str | None = None,
) -> str:
    """Render an executed notebook as an offline HTML report without code.

    Parameters
    ----------
    notebook : path-like
        The executed ``.ipynb``.
    title : str
        The page title (plain text; escaped here).
    nav_html, footer_html : str
        Trusted HTML placed above and below the report (a link back to the index, provenance).
    plotlyjs_src : str, optional
        A relative URL of a shared local plotly.js: the inline copy of the first chart's output
        becomes ``<script src>`` of it. None keeps the page self-contained (plotly.js inline).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ValueError
        If a remote resource is still referenced after clean-up (a template change would cause it).
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES_DIR)],
        template_file=TEMPLATE_FILE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(REMOVE_CELL_TAGS), enabled=True), enabled=True
    )
    nb.metadata["title"] = title
    page, _ = exporter.from_notebook_node(
        nb,
        resources={
            "metadata": {"name": title},
            "report_nav": nav_html,
            "report_footer": footer_html,
        },
    )
    page, _removed = strip_remote_resources(page)
    if plotlyjs_src is not None:
        from analysis.report.plotlyjs import share

        page, _shared = share(page, plotlyjs_src)
    left = REMOTE_RESOURCE.search(page)
    if left:
        raise ValueError(f"report still references a remote resource: {left.group(0)[:120]}")
    return page


def write_report_html(
    notebook: Path | str,
    target: Path | str,
    *,
    title: str,
    nav_html: str = "",
    footer_html: str = "",
    plotlyjs_src: str | None = None,
) -> Path:
    """Write :func:`notebook_to_html` of ``notebook`` to ``target`` (UTF-8, atomically)."""
    from analysis.publish.atomic import write_text_atomic

    page = notebook_to_html(
        notebook,
        title=title,
        nav_html=nav_html,
        footer_html=footer_html,
        plotlyjs_src=plotlyjs_src,
    )
    return write_text_atomic(Path(target), page)
