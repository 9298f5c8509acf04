"""Curated timeline of the 2025-2026 anti-ICE protests in Los Angeles: load, validate, chart, report."""

from __future__ import annotations

__version__ = "0.1.0"
