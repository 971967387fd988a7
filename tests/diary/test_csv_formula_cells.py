"""Diary CSV cells a spreadsheet would run as formulas: refused when a factor is created,
written out neutralised for a name stored before that rule; bidi controls stripped."""

from __future__ import annotations

import io
from datetime import date

import pytest

from nightcramp.diary.csvio import DiaryFileError, parse_diary_csv, write_diary_csv
from nightcramp.diary.models import Factor, FactorValue
from nightcramp.diary.store import get_night, import_table, load_table
from tests.base import BaseTestCase


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1+1", "@SUM(A1)"])
def test_a_formula_header_is_refused_naming_the_column(name):
    with pytest.raises(DiaryFileError, match="formula") as caught:
        parse_diary_csv(f'night,cramps,"{name}"\n2024-01-01,1,-1\n'.encode(), file="n.csv")
    assert f"n.csv, line 1, column '{name}': a factor name may not begin with" in str(caught.value)


def test_negative_values_are_numbers_not_formulas():
    table = parse_diary_csv(b"night,cramps,temp_c\n2024-01-01,1,-3\n2024-01-02,0,+2\n")
    assert table.column("temp_c") == [-3.0, 2.0]


def test_bidi_controls_are_stripped_from_column_names():
    table = parse_diary_csv("night,cramps,\u202emagnesium\u202c\n2024-01-01,1,yes\n".encode())
    assert table.factor_names == ["magnesium"]


class LegacyFormulaNameTestCase(BaseTestCase):
    def test_a_stored_formula_name_is_exported_neutralised(self):
        factor = Factor.objects.create(user=self.alice, name="=cmd", kind="number", position=1)
        night = get_night(self.alice, date(2024, 1, 1))
        FactorValue.objects.create(user=self.alice, night=night, factor=factor, value=2)
        out = io.StringIO()
        write_diary_csv(load_table(self.alice), out)
        header = out.getvalue().splitlines()[0]
        assert header.endswith(",'=cmd")

    def test_the_round_trip_of_accepted_names_is_lossless(self):
        text = "night,cramps,max_severity,soreness,tonic water,Ä_ß\n2024-01-01,1,,,true,-2.5\n"
        import_table(self.alice, parse_diary_csv(text.encode()))
        out = io.StringIO()
        write_diary_csv(load_table(self.alice), out)
        assert out.getvalue() == text
