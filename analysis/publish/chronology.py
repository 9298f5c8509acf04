"""The chronology as HTML (a report section, a standalone page) and as Markdown for a CMS.

:func:`analysis.spec.chronology.build_chronology` writes the words; this module only lays them
out. Every text from the CSVs is escaped (``html.escape`` in HTML, backslash escapes in
Markdown) and only ``http``/``https`` addresses become links. The standalone page needs no
script and no network: its stylesheet is inline, reads at 390 px and prints cleanly.
:func:`write_chronology` writes ``chronology.html`` and ``chronology.md`` atomically.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from analysis.publish.atomic import write_text_atomic
from analysis.spec.apart import ApartSource
from analysis.spec.chronology import Chronology, Item
from analysis.spec.citations import Citation, SourceRef

#: The files :func:`write_chronology` writes beside the charts.
HTML_FILE = "chronology.html"
MARKDOWN_FILE = "chronology.md"
#: The tags a reader sees on low-reliability material.
LOW_SOURCE = "low-reliability source"
WEAK_ITEM = "rests only on low-reliability sources"
#: What the chronology's heading and its note say.
HEADING = "What happened, in order"
HOW_TO_READ = (
    "Each item is one event as the sources report it, with the source's own words and the "
    "source's reliability. Dates are as precise as the sources allow: an item known only to "
    "its month or week is listed under the month or week, never under a day. A figure no "
    "source gives is not mentioned (never counted as zero); an official's crowd figure is "
    "that official's claim, not a count."
)

#: Styles shared by the report section and the standalone page (scoped to the section).
SECTION_CSS = """
.la-chrono { max-width: 46rem; overflow-wrap: break-word; }
.la-chrono .lede { font-size: 1.1em; line-height: 1.5; }
.la-chrono .how { color: #444; font-size: 0.9em; }
.la-chrono .episode { border-top: 2px solid #1a1a1a; margin-top: 1.4em; padding-top: 0.3em; }
.la-chrono .summary { color: #333; font-style: italic; margin: 0.2em 0 0.6em; }
.la-chrono .when { font-size: 1em; margin: 1em 0 0.3em; color: #0b4f8a; }
.la-chrono ul.items { list-style: none; padding: 0; margin: 0; }
.la-chrono li.item { border-left: 3px solid #c9d6e3; padding: 0.1em 0 0.1em 0.7em;
                     margin: 0 0 0.8em; break-inside: avoid; }
.la-chrono li.item.weak { border-left-style: dashed; border-left-color: #b36b00; }
.la-chrono .text { margin: 0 0 0.25em; }
.la-chrono blockquote { margin: 0.2em 0 0.2em 0; padding: 0; color: #333;
                        font-size: 0.92em; }
.la-chrono blockquote p { margin: 0; }
.la-chrono .cite { font-size: 0.85em; color: #555; margin: 0.1em 0 0.4em; }
.la-chrono .tag { display: inline-block; font-size: 0.78em; font-weight: 600;
                  padding: 0 0.4em; border-radius: 3px; border: 1px solid #b36b00;
                  color: #7a4600; background: #fff4e5; white-space: nowrap; }
.la-chrono .empty { font-style: italic; }
.la-chrono .apart { color: #333; font-size: 0.92em; border-left: 3px solid #ddd;
                    padding-left: 0.7em; margin: 0.6em 0; }
.la-chrono .apart p { margin: 0 0 0.2em; }
.la-chrono .apart ul { margin: 0; padding-left: 1.1em; }
"""

PAGE_CSS = (
    """
*, *::before, *::after { box-sizing: border-box; }
body { font: 17px/1.55 Georgia, "Times New Roman", serif; color: #1a1a1a;
       max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
nav, footer, .period { font: 0.85rem/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
                       color: #555; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.8rem 0 0.2rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 0; }
h3 { font-size: 1rem; }
a { color: #0b4f8a; }
a:focus-visible { outline: 2px solid #0b62a4; outline-offset: 2px; }
footer { border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 0.6rem; }
@media (max-width: 480px) {
  body { font-size: 16px; padding: 0.6rem 0.8rem 2rem; }
  h1 { font-size: 1.35rem; }
  .la-chrono li.item { padding-left: 0.5em; }
}
@media print {
  body { font-size: 11pt; max-width: none; padding: 0; color: #000; }
  nav { display: none; }
  a { color: #000; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.8em; }
  .la-chrono .episode { break-before: auto; }
  .la-chrono h2, .la-chrono h3 { break-after: avoid; }
  .la-chrono li.item { border-left-color: #999; }
  .la-chrono .tag { border-color: #000; color: #000; background: none; }
}
"""
    + SECTION_CSS
)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) address with a host, else None (never a script link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parsed = urlparse(url)
    return url if parsed.scheme in ("http", "https") and parsed.netloc else None


# --- HTML ------------------------------------------------------------------------------------


def _source_html(source: SourceRef) -> str:
    title = _esc(source.title)
    url = safe_url(source.url)
    if title and url:
        title = f'<a href="{_esc(url)}">{title}</a>'
    parts = [_esc(source.publisher)]
    if title:
        parts.append(f"<cite>{title}</cite>")
    grade = f" ({_esc(source.reliability)} reliability)" if source.reliability else ""
    if source.low:  # the tag says it, visibly
        grade = f' <span class="tag">{LOW_SOURCE}</span>'
    return ", ".join(parts) + grade


def _citation_html(citation: Citation) -> str:
    quote = f"<blockquote><p>{citation.quoted(_esc)}</p></blockquote>" if citation.phrases else ""
    sources = "; ".join(_source_html(s) for s in citation.sources)
    return f'{quote}<p class="cite">Source: {sources}</p>' if sources else quote


def _item_html(item: Item) -> str:
    weak = f' <span class="tag">{WEAK_ITEM}</span>' if item.weak else ""
    cls = "item weak" if item.weak else "item"
    citations = "".join(_citation_html(c) for c in item.citations)
    return f'<li class="{cls}"><p class="text">{_esc(item.text)}{weak}</p>{citations}</li>'


def _apart_source_html(source: ApartSource) -> str:
    tag = f' <span class="tag">{LOW_SOURCE}</span>' if source.low else ""
    return _esc(source.publisher) + tag


def apart_html(chronology: Chronology) -> str:
    """The items the selection keeps apart, once per week or month ("" when none)."""
    out = []
    for group in chronology.apart:
        items = "".join(
            f"<li>{_esc(i.title)}"
            + (
                f' <span class="cite">(source: '
                f"{'; '.join(_apart_source_html(s) for s in i.sources)})</span>"
                if i.sources
                else ""
            )
            + "</li>"
            for i in group.items
        )
        out.append(f'<div class="apart"><p>{_esc(group.intro)}</p><ul>{items}</ul></div>')
    return "".join(out)


def chronology_html(
    chronology: Chronology, *, level: int = 2, heading: bool = True, max_items: int | None = None
) -> str:
    """The lede and the chronology as an HTML section, its headings from ``<h{level}>``.

    ``max_items`` keeps a report page light on a large selection: the ``max_items`` most
    significant items by the rule of :mod:`analysis.spec.significance` (the same rule that
    chose the chronology's own items), every episode's name and summary, and a closing line
    saying what is left out and that the files hold more.

    ``heading`` adds the section's own heading after the lede (a report's section);
    without it, episodes take ``<h{level}>`` (a page whose ``<h1>`` is the chronology's).
    """
    h = [f"h{min(level + i, 6)}" for i in range(3)]
    if not heading:
        h = [f"h{min(level + i, 6)}" for i in (0, 0, 1)]
    out = ['<section class="la-chrono" aria-label="Chronology">']
    out.append(f'<p class="lede">{_esc(chronology.lede)}</p>')
    out.append(apart_html(chronology))
    if heading:
        out.append(f'<{h[0]} id="chronology">{_esc(HEADING)}</{h[0]}>')
    if not chronology.empty:
        out.append(f'<p class="how">{_esc(HOW_TO_READ)}</p>')
    else:
        out.append("</section>")
        return "".join(out)
    told = chronology if max_items is None else chronology.shortened(max(max_items, 0))
    for episode in told.episodes:
        out.append(f'<section class="episode"><{h[1]}>{_esc(episode.title)}</{h[1]}>')
        out.append(f'<p class="summary">{_esc(episode.summary)}</p>')
        for entry in episode.entries:
            out.append(f'<{h[2]} class="when">{_esc(entry.when)}</{h[2]}>')
            out.append('<ul class="items">' + "".join(_item_html(i) for i in entry.items))
            out.append("</ul>")
        out.append("</section>")
    if told.left_out.any:
        more = ""
        if told is not chronology:
            more = (
                f" The chronology's own page ({HTML_FILE}) and its Markdown ({MARKDOWN_FILE}) "
                f"tell {chronology.left_out.kept:,}."
            )
        what = "This section" if heading else "This chronology"
        out.append(f'<p class="how left-out">{_esc(told.closing(what) + more)}</p>')
    out.append("</section>")
    return "\n".join(out)


def chronology_page(
    chronology: Chronology, *, title: str, links: Sequence[tuple[str, str]] = ()
) -> str:
    """A standalone, offline page of the chronology (no script, inline styles, print-ready)."""
    nav = " · ".join(f'<a href="{_esc(href)}">{_esc(text)}</a>' for href, text in links)
    body = chronology_html(chronology, level=2, heading=False)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="analysis.publish.chronology">
<title>Chronology: {_esc(title)}</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<header>{f'<nav aria-label="Report">{nav}</nav>' if nav else ""}
<h1>{_esc(title)}</h1>
<p class="period">Chronology, {_esc(chronology.period)}</p>
</header>
<main>
{body}
</main>
<footer>Written from the project's curated timeline, in which every event cites the news
reports it comes from; every figure and date here is the one the report's charts draw.</footer>
</body>
</html>
"""


# --- Markdown --------------------------------------------------------------------------------

#: Characters that Markdown (CommonMark) could read as markup or raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~])")


def md_escape(text: str) -> str:
    """``text`` with every Markdown-active character backslash-escaped (CommonMark), and a
    leading "1." or "-" that would start a list escaped too."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    text = re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", text)
    return re.sub(r"^([-+=])", r"\\\1", text)


def _source_md(source: SourceRef) -> str:
    title = md_escape(source.title)
    url = safe_url(source.url)
    if title:
        if url:  # no spaces, brackets or angle brackets left to end the link early
            url = "".join(f"%{ord(ch):02X}" if ch in " ()<>[]" else ch for ch in url)
        title = f"[*{title}*]({url})" if url else f"*{title}*"
    parts = [md_escape(source.publisher)] + ([title] if title else [])
    grade = f" ({md_escape(source.reliability)} reliability)" if source.reliability else ""
    if source.low:
        grade = f" **\\[{LOW_SOURCE}\\]**"
    return ", ".join(parts) + grade


def _item_md(item: Item) -> list[str]:
    weak = f" **\\[{WEAK_ITEM}\\]**" if item.weak else ""
    lines = [f"- {md_escape(item.text)}{weak}"]
    for citation in item.citations:
        quote = citation.quoted(md_escape) if citation.phrases else ""
        sources = "; ".join(_source_md(s) for s in citation.sources)
        dash = " \u2014 " if quote and sources else ""
        lines.append(f"  - {quote}{dash}{sources}")
    return lines


def chronology_markdown(chronology: Chronology, *, title: str) -> str:
    """The chronology as Markdown (CommonMark) ready to paste into a CMS."""
    lines = [
        f"# {md_escape(title)}",
        "",
        f"*Chronology, {md_escape(chronology.period)}*",
        "",
        md_escape(chronology.lede),
    ]
    for group in chronology.apart:
        lines += ["", md_escape(group.intro), ""]
        for i in group.items:
            said = "; ".join(
                md_escape(s.publisher) + (f" **\\[{LOW_SOURCE}\\]**" if s.low else "")
                for s in i.sources
            )
            lines.append(f"- {md_escape(i.title)}" + (f" (source: {said})" if said else ""))
    if not chronology.empty:
        lines += ["", f"*{md_escape(HOW_TO_READ)}*"]
    for episode in chronology.episodes:
        lines += ["", f"## {md_escape(episode.title)}", "", f"*{md_escape(episode.summary)}*"]
        for entry in episode.entries:
            lines += ["", f"### {md_escape(entry.when)}", ""]
            for item in entry.items:
                lines += _item_md(item)
    if chronology.left_out.any:
        lines += ["", f"*{md_escape(chronology.closing())}*"]
    return "\n".join(lines) + "\n"


# --- files -----------------------------------------------------------------------------------


def write_chronology(
    chronology: Chronology,
    out_dir: str | Path,
    *,
    title: str,
    links: Sequence[tuple[str, str]] = (),
) -> tuple[Path, Path]:
    """Write :data:`HTML_FILE` and :data:`MARKDOWN_FILE` into ``out_dir`` atomically."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = write_text_atomic(out / HTML_FILE, chronology_page(chronology, title=title, links=links))
    text = write_text_atomic(out / MARKDOWN_FILE, chronology_markdown(chronology, title=title))
    return page, text
