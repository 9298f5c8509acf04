"""plotly.js for the reports of one folder: one local copy, shared, loaded by ``<script src>``.

A report kernel inlines plotly.js once, in its first chart's output (:func:`inline_tag`), so
the executed notebook kept beside a report opens offline on its own. The HTML report does not
carry it: :func:`share` replaces that inline script by ``<script src="../_assets/...">``
pointing to one copy that the runner writes into the reports folder (:func:`write_shared`),
so a reader who opens several reports of a folder downloads plotly.js once, and the pages still
open offline, from a web server or the file system alike (a classic script, unlike a module,
loads from ``file://``).

The copy is the smallest official bundle that draws the charts' traces: plotly.js's "basic"
partial bundle (npm ``plotly.js-basic-dist-min``: scatter, bar and pie, about 1.2 MB against
4.8 MB for the full bundle the plotly package ships), kept in ``analysis/report/assets/`` so
that ``make report`` needs no npm. It is used only when its version is the one the installed
plotly package was made for; otherwise the full bundle of the plotly package is shared instead
(a test fails then, saying how to refresh the copy: ``make plotlyjs``). Standard library only
at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.publish.atomic import atomic_open

#: The folder of the reports folder holding the shared scripts (written by the runner).
ASSETS_DIR = "_assets"
#: The vendored partial bundle (npm ``plotly.js-basic-dist-min``, MIT) and its trace types.
BASIC_BUNDLE = Path(__file__).resolve().parent / "assets" / "plotly-basic.min.js"
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
#: Shared script names the runner writes (and may remove when no report names them).
SHARED_NAME = re.compile(r"^plotly(?:-basic)?-\d+\.\d+\.\d+[0-9A-Za-z.-]*\.min\.js$")
#: The attribute marking the kernel's inline plotly.js (and the shared ``<script src>``).
MARK = "data-la-plotlyjs"
#: The marked inline script's start tag, attributes in any order (nbconvert sorts them).
_INLINE_OPEN = re.compile(rf'<script\b[^<>]*?\s{MARK}="([^"<>]*)"[^<>]*>')
_HEADER_VERSION = re.compile(rb"^/\*\*?\s*\*?\s*plotly\.js[^\n]*?\bv(\d+\.\d+\.\d+\S*)")


@dataclass(frozen=True)
class Bundle:
    """One plotly.js bundle: its file name in the assets folder and its bytes."""

    name: str
    content: bytes
    version: str
    partial: bool


def package_version() -> str:
    """The plotly.js version the installed plotly package was made for."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def bundle_version(content: bytes) -> str | None:
    """The version in a plotly.js bundle's header comment (``* plotly.js ... v4.1.1``)."""
    match = _HEADER_VERSION.search(content[:400])
    return match.group(1).decode("ascii") if match else None


@cache
def shared_bundle() -> Bundle:
    """The bundle a folder's reports share: the basic partial bundle if it fits plotly."""
    version = package_version()
    try:
        basic = BASIC_BUNDLE.read_bytes()
    except OSError:
        basic = b""
    if basic and bundle_version(basic) == version:
        return Bundle(f"plotly-basic-{version}.min.js", basic, version, partial=True)
    from plotly.offline import get_plotlyjs

    return Bundle(f"plotly-{version}.min.js", get_plotlyjs().encode("utf-8"), version, False)


def inline_tag() -> str:
    """plotly.js (the plotly package's full bundle) as one inline, marked ``<script>``.

    Report kernels put it before their first chart, so the executed notebook opens offline
    with every trace type; :func:`share` recognises it by its mark.
    """
    from plotly.offline import get_plotlyjs

    return (
        "<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};"
        f'</script><script type="text/javascript" {MARK}="{package_version()}">'
        f"{get_plotlyjs()}</script>"
    )


def share(page: str, src: str) -> tuple[str, int]:
    """Replace each marked inline plotly.js of ``page`` by ``<script src="{src}">``.

    Returns the page and the number of scripts replaced. ``src`` is a relative URL (escaped
    here); the script stays where the inline one was, before the first chart's drawing code.
    """
    import html

    out: list[str] = []
    at = count = 0
    while (match := _INLINE_OPEN.search(page, at)) is not None:
        end = page.find("</script>", match.end())
        if end < 0:
            break
        out += [
            page[at : match.start()],
            f'<script type="text/javascript" {MARK}="{match.group(1)}" '
            f'src="{html.escape(src, quote=True)}"></script>',
        ]
        at = end + len("</script>")
        count += 1
    out.append(page[at:])
    return "".join(out), count


def write_shared(reports_dir: Path | str) -> str:
    """Write the shared bundle into ``reports_dir/_assets/`` unless it is there already.

    The file is written atomically (a reader never sees half of it; parallel reports may write
    it at once), and rewritten only when its bytes differ. Returns its path relative to
    ``reports_dir`` (``_assets/plotly-basic-4.1.1.min.js``).
    """
    bundle = shared_bundle()
    folder = Path(reports_dir) / ASSETS_DIR
    folder.mkdir(exist_ok=True)
    path = folder / bundle.name
    try:
        same = not path.is_symlink() and path.read_bytes() == bundle.content
    except OSError:
        same = False
    if not same:
        with atomic_open(path) as handle:
            handle.write(bundle.content)
    return f"{ASSETS_DIR}/{bundle.name}"


def prune_shared(reports_dir: Path | str, keep: set[str]) -> list[Path]:
    """Remove the shared scripts of ``reports_dir/_assets/`` that no report names any more.

    ``keep`` holds the paths (relative to ``reports_dir``) the published reports name. Only
    files named as the runner names them are removed; anything else there is left alone.
    """
    folder = Path(reports_dir) / ASSETS_DIR
    removed = []
    if not folder.is_dir() or folder.is_symlink():
        return removed
    for path in sorted(folder.iterdir()):
        if (
            SHARED_NAME.match(path.name)
            and f"{ASSETS_DIR}/{path.name}" not in keep
            and path.is_file()
            and not path.is_symlink()
        ):
            path.unlink()
            removed.append(path)
    return removed
