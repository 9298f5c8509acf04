"""Draw the time-axis model (:class:`analysis.prep.timeaxis.TimeAxis`) on a plotly figure.

plotly's own range breaks cannot give segments of different scales, so the interactive charts
plot every date at its coordinate on the model's axis (:meth:`TimeAxis.position`, 0 to 1) and
label the ticks with the model's days: the cuts, the segments' widths and the tick days are
those of the static chart. Hover boxes give the dates in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import CUT_COLOR, TEXT_GREY
from analysis.prep.timeaxis import TimeAxis

#: Width (px) the tick labels are chosen for: the report column at its widest, and a 390-px
#: phone page's plot (the phone variant, ``interactive-phone``, is drawn below 600 px).
TICK_WIDTH_PX, PHONE_TICK_WIDTH_PX = 760, 260


def tick_width_px(size: str) -> int:
    """The plot width (px) the ticks of an interactive chart of ``size`` are chosen for."""
    return PHONE_TICK_WIDTH_PX if size == "interactive-phone" else TICK_WIDTH_PX


def x_of(axis: TimeAxis, when: pd.Series | pd.Timestamp | list) -> list[float]:
    """Plot positions of dates on ``axis`` (its coordinate, 0 to 1 over the segments)."""
    if isinstance(when, pd.Timestamp):
        return [float(axis.position(when))]
    return [float(v) for v in np.atleast_1d(axis.position(pd.Series(when)))]


def apply_time_axis(fig: go.Figure, axis: TimeAxis, *, width_px: int = TICK_WIDTH_PX) -> None:
    """Ticks, range and cut bands of ``axis`` on every x axis of ``fig``."""
    ticks = axis.ticks(width_px / 100)
    fig.update_xaxes(
        range=[0, 1],
        tickmode="array",
        tickvals=x_of(axis, [t.when for t in ticks]),
        ticktext=["<br>".join(t.lines) for t in ticks],
        showgrid=False,
        zeroline=False,
        linecolor="#555555",
        ticks="outside",
    )
    # Every cut band and its "//" added in one layout update: plotly re-validates the whole list
    # on each add_vrect, which made 30 cuts cost seconds.
    shapes, notes = list(fig.layout.shapes), list(fig.layout.annotations)
    panels = _panels(fig)
    for (a, b), centre in zip(axis.gaps(), axis.gap_centres(), strict=True):
        x0, x1 = x_of(axis, [a, b])
        shapes += [
            {
                "type": "rect",
                "x0": x0,
                "x1": x1,
                "y0": 0,
                "y1": 1,
                "xref": xref,
                "yref": f"{yref} domain",
                "fillcolor": CUT_COLOR,
                "line": {"width": 0},
                "layer": "below",
            }
            for xref, yref in panels
        ]
        notes.append(
            {
                "x": centre,
                "y": 0,
                "xref": "x",
                "yref": "paper",
                "text": "//",
                "showarrow": False,
                "yanchor": "middle",
                "font": {"color": TEXT_GREY},
                "hovertext": f"{a:%-d %b %Y} to {b:%-d %b %Y} cut out: nothing dated",
            }
        )
    fig.update_layout(shapes=shapes, annotations=notes)


def _panels(fig: go.Figure) -> list[tuple[str, str]]:
    """The (x axis, y axis) references of each panel of ``fig``, top to bottom."""
    names = sorted(
        (k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")),
        key=lambda k: int(k[5:] or 1),
    )
    pairs = [(f"x{k[5:]}", f"y{k[5:]}") for k in names]
    return pairs or [("x", "y")]
