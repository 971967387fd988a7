"""Numbers in words people read: rate ratios that stay readable at the extremes."""

from __future__ import annotations

import math


def ratio_text(value: float | None) -> str:
    """'0.83'; a near-unbounded interval end reads 'over 100' or 'under 0.01', not 1e16."""
    if value is None or math.isnan(value):
        return "unknown"
    if value >= 100:
        return "over 100"
    if value < 0.01:
        return "under 0.01"
    return f"{value:.2f}"


def interval_text(low: float | None, high: float | None) -> str:
    return f"{ratio_text(low)} to {ratio_text(high)}"
