"""Curated timeline of the 2025-2026 anti-ICE protests in Los Angeles.

Load and validate the data, chart it, and regenerate the reports.
"""

from __future__ import annotations

__version__ = "0.1.0"
