"""Every path the project uses, anchored to the project root.

No notebook or module should hide a relative path such as ``../data/x.csv``.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
EVENTS_CSV = DATA_DIR / "events.csv"
SOURCES_CSV = DATA_DIR / "sources.csv"
PLACES_CSV = DATA_DIR / "places.csv"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
REPORT_CATALOGUE = PROJECT_ROOT / "reports.yml"

#: The saved source articles live beside the repository (``../shared/seeds``); override with
#: the ``LA_PROTESTS_SEEDS`` environment variable.
SEEDS_DIR = Path(os.environ.get("LA_PROTESTS_SEEDS", PROJECT_ROOT.parent / "shared" / "seeds"))
