"""The nightly CSV contract: what is accepted, and how each bad file is refused."""

from __future__ import annotations

from datetime import date

import pytest

from nightcramp.diary.csvio import DiaryFileError, parse_diary_csv


def refused(text: str | bytes) -> DiaryFileError:
    with pytest.raises(DiaryFileError) as info:
        parse_diary_csv(text.encode() if isinstance(text, str) else text, file="nights.csv")
    return info.value


def test_reads_counts_scores_and_factors():
    table = parse_diary_csv(
        b"night,cramps,max_severity,soreness,coffee,steps\n"
        b"2025-03-02,2,6,1.5,yes,4000\n"
        b"2025-03-01,0,,,no,\n"
        b"2025-03-03,,,,,\n"
    )
    assert [r.night for r in table.rows] == [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)]
    assert [r.cramps for r in table.rows] == [0, 2, None]
    assert table.factor_kinds == {"coffee": "boolean", "steps": "number"}
    assert table.rows[1].factors == {"coffee": True, "steps": 4000.0}
    assert table.rows[1].soreness == 1.5
    assert table.rows[2].factors == {"coffee": None, "steps": None}


def test_one_and_zero_are_yes_no_in_a_yes_no_column_and_numbers_otherwise():
    table = parse_diary_csv(b"night,cramps,a,b\n2025-01-01,1,yes,1\n2025-01-02,0,0,0\n")
    assert table.factor_kinds == {"a": "boolean", "b": "number"}
    assert table.rows[1].factors["a"] is False


def test_accepts_a_utf8_byte_order_mark_and_crlf():
    table = parse_diary_csv("\ufeffnight,cramps\r\n2025-01-01,1\r\n".encode())
    assert table.rows[0].cramps == 1


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("night,cramps\n2025-02-30,1\n", 2, "night", "not a real date"),
        ("night,cramps\n03/01/2025,1\n", 2, "night", "YYYY-MM-DD"),
        ("night,cramps\n2025-01-01,1\n2025-01-02,-1\n", 3, "cramps", "negative"),
        ("night,cramps\n2025-01-01,1.5\n", 2, "cramps", "whole number"),
        ("night,cramps\n2025-01-01,lots\n", 2, "cramps", "not a number"),
        ("night,cramps\n2025-01-01,1\n2025-01-01,2\n", 3, "night", "appears twice"),
        (
            "night,cramps,coffee\n2025-01-01,1,yes\n2025-01-02,1,sometimes\n",
            3,
            "coffee",
            "either boolean or numeric",
        ),
        (
            "night,cramps,steps\n2025-01-01,1,100\n2025-01-02,1,many\n",
            3,
            "steps",
            "neither a number",
        ),
        ("night,cramps,soreness\n2025-01-01,1,11\n", 2, "soreness", "0 to 10"),
        ("night,cramps\n2025-01-01,1,extra\n", 2, None, "has 3 fields"),
        ("night,count\n2025-01-01,1\n", 1, None, "no 'cramps' column"),
        ("night,cramps,cramps\n2025-01-01,1,1\n", 1, "cramps", "appears twice"),
        ("", 1, None, "empty"),
    ],
)
def test_bad_file_is_refused_naming_file_line_and_column(text, line, column, words):
    error = refused(text)
    first = error.problems[0]
    assert first.line == line
    assert first.column == column
    assert words in first.message
    where = f"nights.csv, line {line}" + (f", column '{column}'" if column else "")
    assert str(error).splitlines()[0].startswith(where)


def test_unknown_encoding_is_refused_with_its_line():
    error = refused("night,cramps,note\n2025-01-01,1,caf\xe9\n".encode("latin-1"))
    assert error.problems[0].line == 2
    assert "not UTF-8" in error.problems[0].message


def test_every_problem_is_reported_not_only_the_first():
    error = refused("night,cramps\n2025-13-01,1\n2025-01-02,-4\n2025-01-03,x\n")
    assert [p.line for p in error.problems] == [2, 3, 4]
