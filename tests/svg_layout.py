"""Measure an exported chart's layout where a reader sees it: in the SVG, drawn by Chromium.

matplotlib writes each text as ``<text>`` (``svg.fonttype = "none"``) inside a ``<g id="text_N">``
(one group per label, however many lines; a label the specification placed is the group
``label:<key>``, its leader line inside it), each marker as a ``<use>`` inside the group named by
its artist's ``gid`` (the specification's layer name), and tick labels inside ``g#xtick_N`` and
``g#ytick_N``. Loaded in headless Chromium, ``getBoundingClientRect()`` gives each drawn box, so
labels over labels, over marks and over tick labels are counted on the file an editor gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Boxes overlapping by less than this (px) in either direction do not count: antialiasing.
TOLERANCE_PX = 1.5

_MEASURE = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  // A line's box has no height: widen it by half its stroke on every side.
  const stroked = (el) => {
    const [l, t, r, b] = box(el);
    const w = parseFloat(getComputedStyle(el).strokeWidth) || 0;
    const scale = el.getScreenCTM() ? el.getScreenCTM().a : 1;
    const h = (w * scale) / 2;
    return [l - h, t - h, r + h, b + h];
  };
  const inTick = (g) => g.closest('g[id^="xtick_"], g[id^="ytick_"]') !== null;
  const skip = /^(axes|figure|legend|line2d|patch|matplotlib|[xy]tick|text|Path|Line|leader:)/;
  const labels = [], marks = [], ticks = [];
  for (const g of document.querySelectorAll('g[id]')) {
    const id = g.id;
    if ((/^text_\\d+$/.test(id) || id.startsWith('label:')) && !inTick(g)) {
      const texts = Array.from(g.querySelectorAll('text'));
      if (!texts.length) continue;
      const bs = texts.map(box);
      labels.push({id, text: texts.map((t) => t.textContent).join(' '),
        box: [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])),
              Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))]});
    } else if (/^[xy]tick_\\d+$/.test(id)) {
      for (const t of g.querySelectorAll('text')) {
        ticks.push({id, text: t.textContent, box: box(t)});
      }
    } else if (!skip.test(id)) {
      // points (<use>), and the lines of ranges, bands and totals (<path> outside <defs>)
      for (const u of g.querySelectorAll('use')) marks.push({id, box: box(u)});
      for (const p of g.querySelectorAll(':scope > path')) marks.push({id, box: stroked(p)});
    }
  }
  return {labels, marks, ticks};
}
"""


@dataclass(frozen=True)
class Collision:
    kind: str  # "label-label", "label-mark", "label-tick"
    label: str
    other: str


def _overlap(a: list[float], b: list[float]) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE_PX
        and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE_PX
    )


def measure(page, svg: Path) -> dict:
    """The boxes of the labels, marks and tick labels of ``svg`` (a playwright page)."""
    page.goto(svg.resolve().as_uri())
    return page.evaluate(_MEASURE)


def collisions(found: dict, *, ignore: tuple[str, ...] = ()) -> list[Collision]:
    """Labels over labels, marks and tick labels; texts containing ``ignore`` are skipped
    (the header and footer of an export sit outside the chart)."""
    labels = [lab for lab in found["labels"] if not any(i in lab["text"] for i in ignore)]
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if _overlap(a["box"], b["box"]):
                out.append(Collision("label-label", a["text"], b["text"]))
        for m in found["marks"]:
            if _overlap(a["box"], m["box"]):
                out.append(Collision("label-mark", a["text"], m["id"]))
        for t in found["ticks"]:
            if _overlap(a["box"], t["box"]):
                out.append(Collision("label-tick", a["text"], t["text"]))
    return out


_BY_AXES = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const stroked = (el) => {
    const [l, t, r, b] = box(el);
    const w = parseFloat(getComputedStyle(el).strokeWidth) || 0;
    const h = (w * (el.getScreenCTM() ? el.getScreenCTM().a : 1)) / 2;
    return [l - h, t - h, r + h, b + h];
  };
  const union = (bs) => [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])),
                         Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))];
  return Array.from(document.querySelectorAll('g[id^="axes_"]')).map((axes) => {
    const labels = {}, layers = {};
    for (const g of axes.querySelectorAll('g[id^="label:"]')) {
      const texts = Array.from(g.querySelectorAll('text'));
      if (texts.length) labels[g.id.slice(6)] = union(texts.map(box));
    }
    for (const g of axes.querySelectorAll(':scope > g[id]')) {
      const uses = Array.from(g.querySelectorAll('use'));
      const paths = Array.from(g.querySelectorAll(':scope > path'));
      layers[g.id] = uses.length ? uses.map(box) : paths.map(stroked);
    }
    return {labels, layers};
  });
}
"""


def boxes_by_axes(page, svg: Path) -> list[dict]:
    """Per Axes of ``svg`` (in order): its placed labels' boxes by key (``label:<key>``) and
    the boxes of each layer's marks by the layer's name, in the order drawn (a point's
    ``<use>``, a band's ``<path>`` widened by its stroke: an outlined band draws two, one over
    the other)."""
    page.goto(svg.resolve().as_uri())
    return page.evaluate(_BY_AXES)


def gap(a: list[float], b: list[float]) -> tuple[float, float]:
    """The horizontal and vertical distance (px) between two boxes (0 where they overlap)."""
    return (
        max(0.0, a[0] - b[2], b[0] - a[2]),
        max(0.0, a[1] - b[3], b[1] - a[3]),
    )
