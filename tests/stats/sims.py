"""Shared simulation settings for the statistics tests (fixed seeds, known truth)."""

from nightcramp.stats.simulate import EFFECT_FACTORS, NULL_FACTORS

__all__ = ["EFFECT_FACTORS", "NULL_FACTORS"]
