"""Read the report catalogue (``reports.yml``): named report runs, their notebook and parameters.

The catalogue is the single list of what ``python -m analysis report`` publishes. Each entry names
a notebook under ``notebooks/`` and the parameters papermill injects into it. This module only
parses and normalises the file (dates to ISO strings, ``*_path`` values to absolute paths); whether
the parameter values make sense for the data is checked by :mod:`analysis.report.params`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import ParameterError
from analysis.paths import PROJECT_ROOT, REPORT_CATALOGUE

#: Report names become folder names under ``reports/``: keep them to simple slugs.
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Parameters the runner sets itself; a catalogue entry may not set them.
RUNNER_PARAMETERS = frozenset({"output_dir", "previous_data"})


@dataclass(frozen=True)
class ReportSpec:
    """One named report run.

    Attributes
    ----------
    name : str
        Slug; the report is written to ``reports/<name>/``.
    notebook : Path
        Absolute path of the notebook to execute.
    parameters : dict
        Parameters to inject, already normalised (JSON-compatible values, absolute paths).
    title, description : str
        Shown on the reports index.
    """

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    description: str = ""


def normalise_value(key: str, value: Any, *, base: Path = PROJECT_ROOT) -> Any:
    """Return ``value`` in the form papermill can inject and a fingerprint can hash.

    YAML reads ``2025-06-01`` as a date; papermill would inject its ``repr``, so dates become ISO
    strings. Parameters named ``*_path`` or ``*_dir`` become absolute paths, because the kernel runs
    in another working directory than the one the catalogue was written for.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [normalise_value(key, v, base=base) for v in value]
    if isinstance(value, Mapping):
        return {str(k): normalise_value(str(k), v, base=base) for k, v in value.items()}
    if isinstance(value, str) and key.endswith(("_path", "_dir")) and value:
        path = Path(value).expanduser()
        return str(path if path.is_absolute() else (base / path).resolve())
    return value


def _spec_from_entry(name: str, entry: Any, *, source: Path, notebooks_dir: Path) -> ReportSpec:
    where = f"{source.name}, report {name!r}"
    if not NAME_PATTERN.match(name):
        raise ParameterError(f"{where}: a report name must be a lowercase slug (a-z, 0-9, '-')")
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{where}: expected a mapping with 'notebook' and 'parameters'")
    unknown = set(entry) - {"notebook", "parameters", "title", "description"}
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    notebook = entry.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        raise ParameterError(f"{where}: 'notebook' must name a notebook in {notebooks_dir.name}/")
    path = Path(notebook)
    path = path if path.is_absolute() else notebooks_dir / path
    if not path.is_file():
        raise ParameterError(f"{where}: notebook {notebook!r} not found in {notebooks_dir}")
    params = entry.get("parameters") or {}
    if not isinstance(params, Mapping):
        raise ParameterError(f"{where}: 'parameters' must be a mapping of name: value")
    reserved = RUNNER_PARAMETERS & set(params)
    if reserved:
        raise ParameterError(
            f"{where}: {', '.join(sorted(reserved))} is set by the runner (reports/<name>/charts);"
            " remove it from the catalogue"
        )
    base = source.parent
    return ReportSpec(
        name=name,
        notebook=path.resolve(),
        parameters={str(k): normalise_value(str(k), v, base=base) for k, v in params.items()},
        title=str(entry.get("title") or name),
        description=str(entry.get("description") or ""),
    )


def load_catalogue(
    path: Path | str | None = None, *, notebooks_dir: Path | str | None = None
) -> dict[str, ReportSpec]:
    """Read the report catalogue and return its runs by name, in file order.

    Parameters
    ----------
    path : path-like, optional
        The YAML file; defaults to ``reports.yml`` at the project root.
    notebooks_dir : path-like, optional
        Where relative notebook names are looked up; defaults to ``notebooks/`` beside the
        catalogue (for ``reports.yml``, the project's ``notebooks/``).

    Returns
    -------
    dict of str to ReportSpec

    Raises
    ------
    ParameterError
        If the file is missing, is not valid YAML, or an entry is malformed.
    """
    import yaml  # PyYAML: light enough, and only needed here

    source = Path(path) if path is not None else REPORT_CATALOGUE
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else source.parent / "notebooks"
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"report catalogue {source} not found") from None
    except yaml.YAMLError as err:
        raise ParameterError(f"report catalogue {source} is not valid YAML: {err}") from None
    reports = raw.get("reports") if isinstance(raw, Mapping) else None
    if not isinstance(reports, Mapping) or not reports:
        raise ParameterError(f"{source.name}: expected a top-level 'reports:' mapping of runs")
    return {
        str(name): _spec_from_entry(str(name), entry, source=source, notebooks_dir=nb_dir)
        for name, entry in reports.items()
    }


def select(catalogue: Mapping[str, ReportSpec], names: list[str] | None) -> list[ReportSpec]:
    """Return the runs called ``names`` (all of them when ``names`` is empty), in the order given.

    Raises
    ------
    ParameterError
        Naming every unknown report and listing the known ones, so a typo is obvious.
    """
    if not names:
        return list(catalogue.values())
    unknown = [n for n in names if n not in catalogue]
    if unknown:
        raise ParameterError(
            f"unknown report{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"known reports: {', '.join(catalogue)}"
        )
    return [catalogue[n] for n in dict.fromkeys(names)]
