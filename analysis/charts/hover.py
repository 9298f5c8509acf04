"""Fit plotly hover boxes on a phone: wrap their lines to a width that a 390-px screen holds.

plotly sizes a hover box to its longest line, so a hover naming an event, its wording and its
publishers grows to 700 px and more, wider than a phone. :func:`wrap_hover` re-wraps the
``hovertext`` of every trace of a figure (plotly's own markup: ``<br>``, ``<b>``, ``<i>``,
``<span style=...>`` and HTML entities) so that no line holds more than ``width`` visible
characters. Wrapping never splits a word (unless the word alone is too long) and never changes
the text: a line that wraps keeps its indent, and tags open at the break are closed before it
and reopened after it, because plotly styles each line separately. Figures and hover texts of
the model are left as they are; the report wraps a copy when it shows one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: Characters per hover line: about 290 px of 12-px DejaVu Sans, inside a 340-px chart.
HOVER_CHARS = 40

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TOKEN = re.compile(r"(<[^>]*>)|(&#?\w+;)|(\s+)|([^<&\s]+|&)")
_INDENT = "&nbsp;"


def _tag_name(tag: str) -> str:
    return re.sub(r"^</?\s*([A-Za-z0-9]+).*$", r"\1", tag, flags=re.DOTALL).lower()


def _words(line: str) -> list[tuple[str, str]]:
    """The tokens of one line as (kind, text): "tag", "char" (an entity), "space", "word"."""
    out = []
    for tag, entity, space, word in _TOKEN.findall(line):
        if tag:
            out.append(("tag", tag))
        elif entity:
            out.append(("char", entity))
        elif space:
            out.append(("space", " "))
        else:
            out.append(("word", word))
    return out


def wrap_line(line: str, width: int = HOVER_CHARS) -> str:
    """Wrap one line of plotly hover markup (no ``<br>`` in it) at ``width`` visible characters.

    >>> wrap_line("<b>Crowd at LA City Hall grows to 2,500</b>", 20)
    '<b>Crowd at LA City</b><br><b>Hall grows to 2,500</b>'
    """
    tokens = _words(line)
    indent = 0
    for kind, text in tokens:
        if kind == "char" and text == _INDENT:
            indent += 1
        else:
            break
    lines: list[str] = []
    current: list[str] = []
    length = 0
    pending_space = False
    open_tags: list[tuple[str, str]] = []

    def new_line() -> None:
        nonlocal current, length
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        lines.append("".join(current) + closing)
        current = [_INDENT * indent] + [tag for _, tag in open_tags]
        length = indent

    for kind, text in tokens:
        if kind == "tag":
            name = _tag_name(text)
            if text.startswith("</"):
                for i in range(len(open_tags) - 1, -1, -1):
                    if open_tags[i][0] == name:
                        del open_tags[i]
                        break
            elif not text.endswith("/>"):
                open_tags.append((name, text))
            current.append(text)
            continue
        if kind == "space":
            pending_space = length > 0
            continue
        size = 1 if kind == "char" else len(text)
        if kind == "word" and size > width - indent:  # a word longer than a line: cut it
            for start in range(0, size, width - indent):
                piece = text[start : start + width - indent]
                if length > indent and length + pending_space + len(piece) > width:
                    new_line()
                    pending_space = False
                current.append(" " * pending_space + piece)
                length += pending_space + len(piece)
                pending_space = False
            continue
        if length > indent and length + pending_space + size > width:
            new_line()
            pending_space = False
        current.append(" " * pending_space + text)
        length += pending_space + size
        pending_space = False
    lines.append("".join(current))
    return "<br>".join(lines)


def wrap_text(text: str, width: int = HOVER_CHARS) -> str:
    """Wrap every line of a hover text (lines are separated by ``<br>``)."""
    return "<br>".join(wrap_line(line, width) for line in _BREAK.split(text))


def _wrapped(values: object, width: int) -> object:
    if isinstance(values, str):
        return wrap_text(values, width)
    if isinstance(values, Sequence):
        return [wrap_text(v, width) if isinstance(v, str) else v for v in values]
    return values


def wrap_hover(fig: go.Figure, width: int = HOVER_CHARS) -> go.Figure:
    """Wrap the hover texts (``hovertext`` and ``hovertemplate``) of every trace of ``fig``.

    Changes ``fig`` in place and returns it. A hover template's ``%{...}`` placeholders count
    as the length of their own spelling, so a template whose values are long (such as
    ``%{hovertext}``) should carry its text in ``hovertext``, which is wrapped value by value.
    """
    for trace in fig.data:
        for name in ("hovertext", "hovertemplate"):
            values = getattr(trace, name, None)
            if values is None:
                continue
            if name == "hovertemplate" and isinstance(values, str) and "%{" in values:
                continue  # a bare "%{hovertext}<extra></extra>": its values are wrapped instead
            trace[name] = _wrapped(values, width)
    return fig
