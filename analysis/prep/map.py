"""The locator map of the facts model: one mark per place of the crowd panel's demonstrations.

A place is the gazetteer's (``place_id``), else its coordinates; its mark is sized by the
largest crowd counted there, by the crowd panel's rules (a weak figure or a claim is not
counted), and the largest places are labelled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.basemap import Basemap
from analysis.data.load import Dataset
from analysis.prep.crowd import CrowdFacts
from analysis.prep.marks import figure_words, first_keys, whose_estimate

#: The smallest area a locator map shows, (longitude, latitude) degrees: about 90 x 65 km.
MAP_MIN_SPAN = (0.95, 0.6)
#: Places labelled on the map (the largest crowds first; the others have their name in the hover).
MAP_LABELS = 10
#: Gazetteer precisions that place a mark only at a town's or region's centre.
APPROXIMATE = frozenset({"city", "region"})
#: The columns of ``MapFacts.places``, also when no place is drawn.
MAP_COLUMNS = (
    "lon", "lat", "precision", "n", "n_counted", "value", "high", "event_type",
    "floor", "figure", "kind", "approximate", "name", "city", "keys", "label", "rank",
)  # fmt: skip


@dataclass(frozen=True)
class MapFacts:
    """The locator map: one mark per place where the crowd panel's demonstrations happened.

    ``places`` is indexed by place (the gazetteer's ``place_id``) with ``name``, ``lon``,
    ``lat``, ``precision`` (the gazetteer's: address, venue, neighborhood, city, region),
    ``approximate`` (only the city or region is known: the mark sits at its centre), ``n``
    (demonstrations), ``n_counted``, ``value`` (the largest reported crowd there, its low figure,
    NA when none is counted), ``high`` (that figure's high end: 999 for "hundreds", NA for a
    floor or where none is counted), ``floor`` (that figure is "at least": no upper bound given),
    ``figure`` (it in words, as every output says it: "about 2,500", "hundreds", "at least
    50"; empty when none is counted),
    ``kind`` ("count", "weak" or "unknown" as in the crowd panel), ``city``, ``event_type``
    (the most frequent), ``label``
    (for the largest places, ``rank`` 0 the largest) and ``keys`` (a few of its events).
    ``extent`` is (west, east, south, north) in degrees; ``unplaced`` counts demonstrations
    without coordinates.
    """

    places: pd.DataFrame
    extent: tuple[float, float, float, float] | None
    basemap: Basemap | None
    unplaced: int


def build_map(rows: pd.DataFrame, crowd: CrowdFacts, dataset: Dataset) -> MapFacts:
    """One mark per place of the crowd panel's demonstrations, sized as the crowd panel counts."""
    basemap = dataset.basemap
    has_place = (rows["latitude"].notna() & rows["longitude"].notna()).to_numpy(bool)
    if not has_place.any():
        return MapFacts(pd.DataFrame(columns=list(MAP_COLUMNS)), None, basemap, len(rows))
    marks = crowd.marks.loc[rows.index]
    used = ["place_id", "latitude", "longitude", "geo_precision", "city", "event_type"]
    placed = rows[used][has_place]  # only the columns the map reads: 1M rows of all is slow
    kind = marks["kind"][has_place]
    counted = (kind == "count").to_numpy(bool)
    # The place's key: its gazetteer id, else its coordinates (built only where the id is missing).
    place = placed["place_id"].astype("string")
    missing = place.isna()
    if missing.any():
        at = placed.loc[missing]
        place = place.copy()
        place[missing] = at["latitude"].astype(str) + "," + at["longitude"].astype(str)
    value = marks["low"][has_place].where(counted)
    frame = pd.DataFrame(
        {
            "place": place.to_numpy(),
            "lon": placed["longitude"].astype(float).to_numpy(),
            "lat": placed["latitude"].astype(float).to_numpy(),
            "precision": placed["geo_precision"].to_numpy(),
            "city": placed["city"].to_numpy(),
            "value": value.astype(float).to_numpy(),
            # A floor: "at least", no upper bound given ("hundreds" has its ceiling, 999).
            "floor": marks["open"][has_place].fillna(False).to_numpy(bool) & counted,
            "counted": counted,
            # the figure's high end and whether it has none: "hundreds" is 200-999
            "high": marks["high"][has_place].astype(float).to_numpy(),
            "open": marks["open"][has_place].fillna(False).to_numpy(bool),
            # sources differ: their figures ("5–8"), as the crowd chart says them
            "disputed": marks["disputed"][has_place].fillna(False).to_numpy(bool),
            # the source words that figure as an estimate ("around 2,500"): "about 2,500"
            "about": marks["about"][has_place].fillna(False).to_numpy(bool) & counted
            if "about" in marks
            else np.zeros(int(has_place.sum()), dtype=bool),
            "weak": (kind == "weak").to_numpy(bool),
            "estimate": marks["estimate"][has_place].fillna("").to_numpy(str)
            if "estimate" in marks
            else np.full(int(has_place.sum()), ""),
            "event_type": placed["event_type"].to_numpy(),
        },
        index=placed.index,
    )
    g = frame.groupby("place", sort=True)
    places = pd.DataFrame(
        {
            "lon": g["lon"].first(),
            "lat": g["lat"].first(),
            "precision": g["precision"].first(),
            "city": g["city"].first(),
            "n": g.size(),
            "n_counted": g["counted"].sum().astype(int),
            "value": g["value"].max(),
            "weak": g["weak"].any(),
        }
    )
    places["precision"] = places["precision"].astype("string")
    places["city"] = places["city"].astype("string")
    # The place's most frequent event type (ties: the first in alphabetical order).
    types = frame.groupby(["place", "event_type"], observed=True).size().rename("k").reset_index()
    types = types.sort_values(["k", "event_type"], ascending=[False, True], kind="stable")
    places["event_type"] = (
        types.drop_duplicates("place").set_index("place")["event_type"].astype("string")
    )
    top = frame[frame["counted"]].sort_values("value", ascending=False, kind="stable")
    columns = ["floor", "about", "estimate", "high", "open", "disputed"]
    # the largest figure's own row, its NA cells too (a floor has no high)
    first = top.groupby("place")[columns].first(skipna=False).reindex(places.index)
    places["floor"] = first["floor"].fillna(False).astype(bool)
    places["high"] = first["high"].astype(float)
    # The figure as every output words it: "2,500", "about 2,500", "hundreds (an advocate's
    # estimate)", "at least 50"; "" where none is counted.
    places["figure"] = [
        figure_words(v, h, bool(o), bool(d), a) + whose_estimate(e)
        for v, h, o, d, a, e in zip(
            places["value"],
            first["high"],
            first["open"].fillna(False).astype(bool),
            first["disputed"].fillna(False).astype(bool),
            first["about"].fillna(False).astype(bool),
            first["estimate"],
            strict=True,
        )
    ]
    places["kind"] = np.where(
        places["value"].notna(), "count", np.where(places["weak"], "weak", "unknown")
    )
    places["approximate"] = places["precision"].isin(APPROXIMATE).fillna(True)
    names = (
        dataset.places.set_index("place_id")["name"].astype("string")
        if "place_id" in dataset.places
        else pd.Series(dtype="string")
    )
    places["name"] = names.reindex(places.index).fillna(places["city"]).fillna("place not named")
    places["keys"] = first_keys(frame.sort_values("value", ascending=False, kind="stable"), "place")
    # Labels, largest crowds first: the counted figure with the place, else the place alone.
    ranked = places.assign(_v=places["value"].fillna(-1)).sort_values(
        ["_v", "n"], ascending=False, kind="stable"
    )
    places["label"] = pd.Series(pd.NA, index=places.index, dtype="string")
    places["rank"] = pd.Series(np.arange(len(ranked)), index=ranked.index).reindex(places.index)
    for key in ranked.index[:MAP_LABELS]:
        r = places.loc[key]
        figure = r["figure"]
        places.loc[key, "label"] = f"{r['name']} · {figure}" if figure else str(r["name"])
    lon, lat = places["lon"], places["lat"]
    # At least MAP_MIN_SPAN degrees each way, so that a map of one town still shows the
    # coast and the county lines around it: a locator map needs its surroundings.
    pad_lon = max((lon.max() - lon.min()) * 0.12, (MAP_MIN_SPAN[0] - (lon.max() - lon.min())) / 2)
    pad_lat = max((lat.max() - lat.min()) * 0.12, (MAP_MIN_SPAN[1] - (lat.max() - lat.min())) / 2)
    extent = (
        float(lon.min() - pad_lon),
        float(lon.max() + pad_lon),
        float(lat.min() - pad_lat),
        float(lat.max() + pad_lat),
    )
    return MapFacts(places[list(MAP_COLUMNS)], extent, basemap, int((~has_place).sum()))
