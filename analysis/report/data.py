"""Load what a report needs in one call: events, sources and the data version they come from.

Every report notebook takes the same three optional path parameters (``None`` means the
project's file in ``data/``); this module resolves them once, so the notebooks do not repeat
the defaults and every report can state exactly which version of the data it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths

if TYPE_CHECKING:
    import pandas as pd

    from analysis.data.load import Dataset

#: Notebook parameters naming the data files (``None`` = the project's file in ``data/``).
DATA_PARAMETERS = ("events_path", "sources_path", "places_path")


@dataclass(frozen=True)
class ReportData:
    """The loaded data of one report run.

    Attributes
    ----------
    dataset : analysis.data.load.Dataset
        The three tables, loaded (what facts models are built from).
    files : tuple of Path
        The events, sources and places files read.
    version : str
        :func:`analysis.data.load.data_version` of those files.
    """

    dataset: Dataset
    files: tuple[Path, Path, Path]
    version: str

    @property
    def events(self) -> pd.DataFrame:
        """The loaded events."""
        return self.dataset.events

    @property
    def sources(self) -> pd.DataFrame:
        """The loaded sources."""
        return self.dataset.sources

    def describe(self) -> str:
        """Return "data version abc123 (58 rows in events.csv)" for a report's subtitle."""
        return f"data version {self.version} ({len(self.events):,} rows in {self.files[0].name})"


def data_files(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
) -> tuple[Path, Path, Path]:
    """Return the three data files a report reads, the project's by default."""
    return (
        Path(events_path) if events_path else paths.EVENTS_CSV,
        Path(sources_path) if sources_path else paths.SOURCES_CSV,
        Path(places_path) if places_path else paths.PLACES_CSV,
    )


def load_report_data(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
    *,
    validate: bool = True,
) -> ReportData:
    """Load events and sources (validated by default) and fingerprint the files.

    Parameters
    ----------
    events_path, sources_path, places_path : path-like, optional
        The curated CSVs; each defaults to the project's file in ``data/``.
    validate : bool
        Check every rule of the data dictionary and raise on a problem; the data-quality
        report passes ``False`` to show the problems instead.

    Raises
    ------
    DataValidationError
        If ``validate`` and the data break a rule.
    """
    from analysis.data.load import data_version, load_dataset

    files = data_files(events_path, sources_path, places_path)
    return ReportData(load_dataset(*files, validate=validate), files, data_version(files))
