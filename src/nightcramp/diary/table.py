"""A diary as plain data: one row per night, the shape the statistics and reports use.

No Django here. ``store.load_table`` builds one from the database; ``csvio`` from a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FactorValue = bool | float | None
RESERVED_COLUMNS = ("night", "cramps", "max_severity", "soreness")


@dataclass
class NightRow:
    night: date
    cramps: int | None = None  # None = missing (not checked in), never zero
    max_severity: float | None = None
    soreness: float | None = None
    factors: dict[str, FactorValue] = field(default_factory=dict)  # absent/None = unknown
    line: int | None = field(default=None, compare=False)  # where it came from in a file


@dataclass
class DiaryTable:
    """Nights in date order, and each factor's kind (``boolean`` or ``number``) in column order."""

    rows: list[NightRow] = field(default_factory=list)
    factor_kinds: dict[str, str] = field(default_factory=dict)
    # The reserved columns a file had (cramps, max_severity, soreness); empty = all of them.
    # An update from a file without a column must keep the stored values of that column.
    columns: tuple[str, ...] = ()

    @property
    def factor_names(self) -> list[str]:
        return list(self.factor_kinds)

    def column(self, name: str) -> list[FactorValue]:
        """A factor's values night by night (None where unknown)."""
        return [row.factors.get(name) for row in self.rows]

    def counts(self) -> list[int | None]:
        return [row.cramps for row in self.rows]

    def sorted(self) -> DiaryTable:
        return DiaryTable(
            sorted(self.rows, key=lambda r: r.night), dict(self.factor_kinds), self.columns
        )
