"""The basemap of the locator map: county outlines of Southern California, drawn offline.

The geometry is a small GeoJSON file committed with the data (``data/geo/``), made once from
the US Census Bureau's cartographic boundary file of counties (``cb_2016_us_county_500k``,
public domain, shoreline-clipped, so the coast is the counties' edge) as packaged by
``plotly-geo`` on PyPI. No map tiles and no topojson are fetched when a map is drawn: the file
is read with the standard library. ``python -m analysis.data.basemap`` makes it again (it needs
``pip install plotly-geo pyshp shapely``; see ``data/geo/README.md``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis import paths
from analysis.errors import DataValidationError, Problem

#: Where the committed geometry lives.
BASEMAP_PATH = paths.DATA_DIR / "geo" / "socal-counties.geojson"
#: The counties of the project's local and regional scope (``schema.SCOPE``), drawn darker.
SCOPE_COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino", "Ventura")
#: Their neighbours, drawn for context so the coast and the region read at a glance.
NEIGHBOUR_COUNTIES = ("Kern", "Santa Barbara", "San Diego", "Imperial")
#: Simplification tolerance in degrees (about 200 m): finer than any mark, a file of kilobytes.
TOLERANCE = 0.002
_STATE_FP = "06"  # California


@dataclass(frozen=True)
class County:
    """One county: its name, whether it is in the project's scope, and its outline rings.

    ``rings`` are (longitude, latitude) point lists, outer rings and islands alike.
    """

    name: str
    in_scope: bool
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Basemap:
    """County outlines for the locator map, with where they come from."""

    counties: tuple[County, ...]
    attribution: str


@cache
def load_basemap(path: str | Path = BASEMAP_PATH) -> Basemap:
    """Read the committed county outlines (cached: the file never changes while we run).

    A file that is not the GeoJSON :func:`build_basemap` writes raises
    :class:`~analysis.errors.DataValidationError` naming the file and the feature.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise _error(path, None, f"not a GeoJSON FeatureCollection ({err})") from None
    counties = []
    for number, feature in enumerate(features, start=1):
        try:
            counties.append(_county(feature))
        except (ValueError, KeyError, TypeError) as err:
            raise _error(
                path, number, f"not a county outline ({type(err).__name__}: {err})"
            ) from None
    return Basemap(tuple(counties), str(data.get("attribution", "")))


def _county(feature: dict) -> County:
    geometry = feature["geometry"]
    if geometry["type"] not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"geometry type {geometry['type']!r}, not Polygon or MultiPolygon")
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    rings = tuple(
        tuple((float(x), float(y)) for x, y in ring) for polygon in polygons for ring in polygon
    )
    if not rings or any(len(ring) < 4 for ring in rings):
        raise ValueError("a ring has fewer than 4 points")
    if any(not (-180 <= x <= 180 and -90 <= y <= 90) for ring in rings for x, y in ring):
        raise ValueError("a point is not (longitude, latitude) in degrees")
    props = feature["properties"]
    return County(str(props["name"]), bool(props["in_scope"]), rings)


def _error(path: Path, feature: int | None, message: str) -> DataValidationError:
    where = f"feature {feature}: " if feature is not None else ""
    return DataValidationError([Problem(str(path), None, None, None, "basemap", where + message)])


def build_basemap(out: str | Path = BASEMAP_PATH, *, tolerance: float = TOLERANCE) -> Path:
    """Make the GeoJSON again from ``plotly-geo``'s census county file (needs pyshp, shapely)."""
    try:
        import _plotly_geo
        import shapefile
        from shapely.geometry import mapping, shape
    except ImportError as err:  # only the maintainers rebuilding the file need these
        raise SystemExit(
            f"{err.name} is missing: pip install plotly-geo pyshp shapely, then run again"
        ) from None
    source = Path(_plotly_geo.__file__).parent / "package_data" / "cb_2016_us_county_500k"
    reader = shapefile.Reader(str(source))
    wanted = (*SCOPE_COUNTIES, *NEIGHBOUR_COUNTIES)
    features = []
    for record, geometry in zip(reader.records(), reader.shapes(), strict=True):
        if record["STATEFP"] != _STATE_FP or record["NAME"] not in wanted:
            continue
        simple = shape(geometry.__geo_interface__).simplify(tolerance, preserve_topology=True)
        geo = mapping(simple)
        rounded = json.loads(json.dumps(geo), parse_float=lambda v: round(float(v), 4))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": record["NAME"],
                    "in_scope": record["NAME"] in SCOPE_COUNTIES,
                },
                "geometry": rounded,
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    collection = {
        "type": "FeatureCollection",
        "attribution": (
            "County outlines: US Census Bureau, cartographic boundary file "
            "cb_2016_us_county_500k (public domain), via plotly-geo; simplified."
        ),
        "features": features,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis.data.basemap [OUT]``: make the county outlines file again."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=BASEMAP_PATH)
    args = parser.parse_args(argv)
    print(build_basemap(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
