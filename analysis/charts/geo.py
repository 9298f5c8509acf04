"""What both chart engines share to draw the locator map: the projection and the mark sizes.

The map is a plain x–y plot of longitudes and latitudes, stretched by the cosine of the
middle latitude so that a kilometre east is as long as a kilometre north (an equirectangular
projection, true enough across one region). Mark areas grow with the crowd, the largest mark
being :data:`MAX_DIAMETER_PT` across, so the static map and its interactive twin size the same
crowd the same way.
"""

from __future__ import annotations

import math

import numpy as np

#: Diameter (points) of the mark of the largest counted crowd on a map, and of the smallest.
MAX_DIAMETER_PT, MIN_DIAMETER_PT = 26.0, 6.0
#: Diameter (points) of a place's mark when no crowd there is counted.
UNKNOWN_DIAMETER_PT = 7.0
#: Kilometres in a degree of latitude.
KM_PER_DEGREE = 111.32


def aspect(extent: tuple[float, float, float, float]) -> float:
    """Height per width of one degree each way at the middle of ``extent`` (west, east, south,
    north): 1 / cos(latitude)."""
    middle = (extent[2] + extent[3]) / 2
    return 1.0 / math.cos(math.radians(middle))


def diameters_pt(values: np.ndarray, largest: float) -> np.ndarray:
    """Mark diameters in points: area in proportion to the crowd, NA (no count) the fixed size."""
    values = np.asarray(values, dtype=float)
    scale = np.sqrt(np.clip(values, 0, None) / max(largest, 1.0))
    sized = MIN_DIAMETER_PT + (MAX_DIAMETER_PT - MIN_DIAMETER_PT) * scale
    return np.where(np.isnan(values), UNKNOWN_DIAMETER_PT, sized)


def scale_bar_km(extent: tuple[float, float, float, float]) -> float:
    """A round distance about a fifth of the map's width, for its scale bar (1, 2, 5, 10 ... km)."""
    middle = math.radians((extent[2] + extent[3]) / 2)
    width_km = (extent[1] - extent[0]) * KM_PER_DEGREE * math.cos(middle)
    target = width_km / 5
    step = 10 ** math.floor(math.log10(max(target, 0.1)))
    return float(max(s for s in (step, 2 * step, 5 * step) if s <= max(target, step)))


def km_to_degrees_lon(km: float, extent: tuple[float, float, float, float]) -> float:
    """How many degrees of longitude ``km`` spans at the middle of ``extent``."""
    middle = math.radians((extent[2] + extent[3]) / 2)
    return km / (KM_PER_DEGREE * math.cos(middle))


def label_sides(
    lon: np.ndarray,
    lat: np.ndarray,
    extent: tuple[float, float, float, float],
    *,
    size: tuple[float, float] = (0.22, 0.06),
    radius: np.ndarray | None = None,
    marks: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[str]:
    """Where each of the (already ranked, most important first) labels goes on a map that cannot
    move its labels itself (plotly sets text beside its mark, whatever is there): "right",
    "left", or "" where neither side is free.

    A label is taken as a box ``size`` (fractions of the map's width and height: a place name
    and a figure at the map's usual width) beside its mark, starting ``radius`` (fractions of
    the width) from the point, where the mark's edge is. A side is free when the box crosses no
    box already placed and no other mark: ``marks`` gives every mark's (lon, lat, half width,
    half height), the half sizes in fractions of the map. The places without a label keep their
    mark and their hover box.
    """
    west, east, south, north = extent
    x = (np.asarray(lon, float) - west) / (east - west)
    y = (np.asarray(lat, float) - south) / (north - south)
    own = np.zeros(len(x)) if radius is None else np.asarray(radius, float)
    if marks is not None:
        mlon, mlat, half_w, half_h = (np.asarray(v, float) for v in marks)
        mx, my = (mlon - west) / (east - west), (mlat - south) / (north - south)
    width, height = size
    placed: list[tuple[float, float, float]] = []  # left edge, right edge, middle height
    sides: list[str] = []
    for xi, yi, ri in zip(x, y, own, strict=True):
        side = ""
        for name, left in (("right", xi + ri), ("left", xi - ri - width)):
            right = left + width
            if left < 0 or right > 1:
                continue
            if any(
                left < r and l < right and abs(yi - m) < height
                for l, r, m in placed  # noqa: E741
            ):
                continue
            if marks is not None:
                others = ~((mx == xi) & (my == yi))  # not the label's own mark
                hit = (
                    others
                    & (mx - half_w < right)
                    & (left < mx + half_w)
                    & (np.abs(my - yi) < half_h + height / 2)
                )
                if hit.any():
                    continue
            side = name
            placed.append((left, right, yi))
            break
        sides.append(side)
    return sides


def height_for_width(extent: tuple[float, float, float, float], width: float) -> float:
    """The height of a map ``width`` wide that shows ``extent`` without stretching it."""
    west, east, south, north = extent
    return width * (north - south) * aspect(extent) / (east - west)
