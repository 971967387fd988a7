"""The `analyze` contract of PRODUCT.md, written out here (not taken from the code under test)."""

ANALYZE_FACTOR_KEYS = frozenset(
    {"factor", "per", "rate_ratio", "ci_low", "ci_high", "p_value", "q_value", "flagged"}
)
