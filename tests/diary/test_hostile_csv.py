"""Hostile nightly CSVs: each is refused whole with file, line and column, or read exactly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nightcramp.diary.csvio import DiaryFileError, parse_diary_csv
from nightcramp.diary.models import Night
from nightcramp.diary.store import import_table
from tests.base import BaseTestCase


def refused(data: bytes) -> str:
    with pytest.raises(DiaryFileError) as info:
        parse_diary_csv(data, file="n.csv")
    return str(info.value)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1_000", "'1_000' is not a number of cramps"),  # float() would read 1000
        ("\u0663", "is not a number of cramps"),  # an Arabic-Indic 3
        ("1e3", "1e3 is not a whole number of cramps"),
        ("infinity", "'infinity' is not a number of cramps"),
        (" 0x10", "'0x10' is not a number of cramps"),
    ],
)
def test_counts_are_plain_whole_numbers(cell, expected):
    message = refused(f"night,cramps\n2025-01-01,{cell}\n".encode())
    assert "n.csv, line 2, column 'cramps'" in message and expected in message


def test_signs_and_trailing_zeros_of_a_count_are_still_the_count():
    table = parse_diary_csv(b"night,cramps\n2025-01-01,+2\n2025-01-02,-0\n2025-01-03,3.0\n")
    assert [row.cramps for row in table.rows] == [2, 0, 3]


def test_factor_numbers_refuse_underscores_but_take_exponents():
    assert "'1_5' is neither a number nor yes/no" in refused(
        b"night,cramps,steps\n2025-01-01,1,1_5\n"
    )
    table = parse_diary_csv(b"night,cramps,steps\n2025-01-01,1,1.2e4\n")
    assert table.rows[0].factors["steps"] == 12000.0


def test_utf16_is_named_as_such():
    data = "night,cramps\n2025-01-01,1\n".encode("utf-16")
    assert "n.csv, line 1: unknown encoding: the file is UTF-16" in refused(data)


def test_latin1_names_the_line_and_byte():
    message = refused(b"night,cramps,note\n2025-01-01,1,yes\n2025-01-02,1,caf\xe9\n")
    assert "n.csv, line 3: unknown encoding: byte 0xe9 is not UTF-8" in message


def test_an_unclosed_quote_is_named():
    message = refused(b'night,cramps\n2025-01-01,1\n"2025-01-02,1\n')
    assert "line 3" in message and "a quoted field is never closed" in message


def test_header_names_of_the_contract_ignore_case_and_clash_with_their_twin():
    table = parse_diary_csv(b"Night,CRAMPS\n2025-01-01,1\n")
    assert table.rows[0].cramps == 1 and table.factor_names == []
    assert "column 'night': the column name appears twice" in refused(
        b"night,cramps,Night\n2025-01-01,1,2\n"
    )


def test_factor_names_must_fit_and_be_visible():
    long_name = "x" * 65
    assert "longer than 64 characters" in refused(
        f"night,cramps,{long_name}\n2025-01-01,1,1\n".encode()
    )
    assert "invisible characters" in refused("night,cramps,a\u200bb\n2025-01-01,1,1\n".encode())


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_another_separator_is_pointed_out(separator, word):
    data = f"night{separator}cramps\n2025-01-01{separator}1\n".encode()
    assert f"the columns are separated by {word}; use commas" in refused(data)


def test_a_quoted_comma_and_newline_keep_line_numbers_right():
    data = b'night,cramps,n\n2025-01-01,1,1\n2025-01-02,0,"1\n2"\n2025-01-03,x,1\n'
    message = refused(data)
    assert "line 3, column 'n'" in message and "line 5, column 'cramps'" in message


class ImplausibleNightsTestCase(BaseTestCase):
    def test_future_and_ancient_nights_are_refused_and_nothing_is_imported(self):
        tomorrow = date.today() + timedelta(days=2)
        data = f"night,cramps\n2025-01-01,1\n{tomorrow},1\n1899-12-31,0\n".encode()
        with pytest.raises(DiaryFileError) as info:
            import_table(self.alice, parse_diary_csv(data), file="n.csv")
        message = str(info.value)
        assert f"n.csv, line 3, column 'night': {tomorrow} is in the future" in message
        assert "n.csv, line 4, column 'night': 1899-12-31 is before 1900" in message
        assert not Night.objects.filter(user=self.alice).exists()


class UpdateKeepsColumnsTheFileLacksTestCase(BaseTestCase):
    def test_an_update_without_severity_and_soreness_columns_keeps_them(self):
        full = b"night,cramps,max_severity,soreness\n2025-01-01,2,7,4\n"
        import_table(self.alice, parse_diary_csv(full))
        import_table(self.alice, parse_diary_csv(b"night,cramps\n2025-01-01,3\n"), update=True)
        night = Night.objects.get(user=self.alice)
        assert (night.cramps, night.max_severity, night.soreness) == (
            3,
            7,
            4,
        )  # was (3, None, None)


def test_binary_data_is_called_binary_not_an_encoding():
    assert "binary data (NUL bytes): not a CSV" in refused(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8")
