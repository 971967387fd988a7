"""Importing the nightly CSV into a person's diary: all or nothing, theirs only."""

from __future__ import annotations

import io
from datetime import date

import pytest

from nightcramp.diary.csvio import DiaryFileError, parse_diary_csv, write_diary_csv
from nightcramp.diary.models import Factor, FactorValue, Night
from nightcramp.diary.store import import_table, load_table
from tests.base import BaseTestCase
from tests.diary.diaries import diary_csv


def export_text(user) -> str:
    out = io.StringIO()
    write_diary_csv(load_table(user), out)
    return out.getvalue()


def cells(text: str) -> dict[str, dict[str, str]]:
    """night -> column -> cell, with booleans and numbers in one canonical spelling."""
    table = parse_diary_csv(text.encode())
    out = {}
    for row in table.rows:
        values = {"cramps": row.cramps, "max_severity": row.max_severity, "soreness": row.soreness}
        values.update(row.factors)
        out[str(row.night)] = values
    return out


class ImportNightsTestCase(BaseTestCase):
    def test_400_night_diary_survives_import_then_export_cell_for_cell(self):
        original = diary_csv(400)
        import_table(self.alice, parse_diary_csv(original.encode()))
        exported = export_text(self.alice)
        assert exported.splitlines()[0] == original.splitlines()[0]
        assert cells(exported) == cells(original)
        assert len(exported.splitlines()) == len(original.splitlines())
        # and once more: the export is a fixed point
        import_table(self.bob, parse_diary_csv(exported.encode()))
        assert export_text(self.bob) == exported

    def test_missing_night_stays_missing_and_zero_stays_zero(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps\n2025-01-01,0\n2025-01-02,\n"))
        nights = dict(Night.objects.filter(user=self.alice).values_list("night", "cramps"))
        assert nights == {date(2025, 1, 1): 0, date(2025, 1, 2): None}

    def test_nights_already_in_the_diary_are_refused_naming_the_line(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps,coffee\n2025-01-01,1,yes\n"))
        again = parse_diary_csv(b"night,cramps,coffee\n2025-01-02,0,no\n2025-01-01,3,no\n")
        with pytest.raises(DiaryFileError) as info:
            import_table(self.alice, again, file="again.csv")
        assert "again.csv, line 3, column 'night'" in str(info.value)
        assert Night.objects.filter(user=self.alice).count() == 1
        assert not Night.objects.filter(night=date(2025, 1, 2)).exists()

    def test_update_replaces_nights_already_there(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps,coffee\n2025-01-01,1,yes\n"))
        again = parse_diary_csv(b"night,cramps,coffee\n2025-01-01,3,no\n")
        summary = import_table(self.alice, again, update=True)
        assert summary.nights_updated == 1
        night = Night.objects.get(user=self.alice)
        assert night.cramps == 3
        assert FactorValue.objects.get(night=night).value == 0.0

    def test_a_column_of_another_kind_than_the_stored_factor_is_refused(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps,coffee\n2025-01-01,1,yes\n"))
        other = parse_diary_csv(b"night,cramps,coffee\n2025-01-02,1,3\n")
        with pytest.raises(DiaryFileError, match="coffee"):
            import_table(self.alice, other)
        assert Night.objects.filter(user=self.alice).count() == 1

    def test_one_and_zero_fit_a_stored_yes_no_factor(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps,coffee\n2025-01-01,1,yes\n"))
        import_table(self.alice, parse_diary_csv(b"night,cramps,coffee\n2025-01-02,1,0\n"))
        assert "2025-01-02,1,,,false" in export_text(self.alice)

    def test_import_touches_only_the_importing_user(self):
        import_table(self.alice, parse_diary_csv(diary_csv(30).encode()))
        assert not Night.objects.filter(user=self.bob).exists()
        assert not Factor.objects.filter(user=self.bob).exists()
        assert export_text(self.bob).strip() == "night,cramps,max_severity,soreness"


class BuiltinFactorColumnsTestCase(BaseTestCase):
    def test_a_builtin_yes_no_factor_refuses_other_numbers_naming_the_line(self):
        table = parse_diary_csv(
            b"night,cramps,bedtime_stretching\n2025-01-01,1,1\n2025-01-02,0,3\n"
        )
        with pytest.raises(DiaryFileError) as info:
            import_table(self.alice, table, file="n.csv")
        assert "n.csv, line 3, column 'bedtime_stretching'" in str(info.value)
        assert not Night.objects.filter(user=self.alice).exists()

    def test_a_builtin_number_factor_refuses_yes_no(self):
        table = parse_diary_csv(b"night,cramps,fluids_glasses\n2025-01-01,1,yes\n")
        with pytest.raises(DiaryFileError, match="line 2, column 'fluids_glasses'"):
            import_table(self.alice, table)
        assert not Factor.objects.filter(user=self.alice).exists()

    def test_a_builtin_scale_refuses_values_outside_0_to_10(self):
        table = parse_diary_csv(
            b"night,cramps,exercise_intensity\n2025-01-01,1,4\n2025-01-02,1,12\n"
        )
        with pytest.raises(DiaryFileError, match="line 3, column 'exercise_intensity'"):
            import_table(self.alice, table)

    def test_one_and_zero_in_a_builtin_yes_no_column_are_yes_no(self):
        table = parse_diary_csv(
            b"night,cramps,bedtime_stretching\n2025-01-01,1,1\n2025-01-02,0,0\n"
        )
        import_table(self.alice, table)
        assert export_text(self.alice).splitlines()[1:] == [
            "2025-01-01,1,,,true",
            "2025-01-02,0,,,false",
        ]
