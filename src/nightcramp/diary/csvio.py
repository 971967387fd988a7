"""Read and write the nightly diary CSV of the product contract (plain Python).

Columns: ``night`` (ISO date, required, unique), ``cramps`` (whole number >= 0, empty =
missing), optional ``max_severity`` and ``soreness`` (0–10), and any other column a
factor: boolean (true/false/yes/no/1/0) or numeric, empty = unknown.

A bad file is refused whole: :class:`DiaryFileError` lists every problem with its file,
line and column, and the caller writes nothing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nightcramp.diary import limits
from nightcramp.diary.table import RESERVED_COLUMNS, DiaryTable, NightRow
from nightcramp.diary.text import clean_name, csv_safe, formula_problem

TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0"}
BOOLEAN_WORDS = TRUE_WORDS | FALSE_WORDS
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Plain decimal notation in ASCII: float() alone would also take '1_000', 'infinity' and
# digits of other scripts, none of which a spreadsheet writes for a number.
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
WHOLE = re.compile(r"^[+-]?\d+(\.0*)?$", re.ASCII)
MAX_NAME_LENGTH = limits.MAX_FACTOR_NAME
MAX_ERRORS = 20


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    message: str

    def describe(self, file: str) -> str:
        where = file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DiaryFileError(ValueError):
    """The file was refused; nothing of it was imported."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        lines = [p.describe(file) for p in problems[:MAX_ERRORS]]
        if len(problems) > MAX_ERRORS:
            lines.append(f"... and {len(problems) - MAX_ERRORS} more problems")
        super().__init__("\n".join(lines))


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM); anything else is refused with the first bad byte named."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DiaryFileError(
            file,
            [
                Problem(
                    1, None, "unknown encoding: the file is UTF-16; save it as UTF-8 and try again"
                )
            ],
        )
    if b"\x00" in data:
        raise DiaryFileError(file, [Problem(None, None, "binary data (NUL bytes): not a CSV")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DiaryFileError(
            file,
            [
                Problem(
                    line,
                    None,
                    f"unknown encoding: byte 0x{data[exc.start]:02x} is not UTF-8; "
                    "save the file as UTF-8 and try again",
                )
            ],
        ) from None


def read_diary_csv(path: str | Path) -> DiaryTable:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DiaryFileError(
            str(path), [Problem(None, None, f"cannot read: {exc.strerror}")]
        ) from None
    return parse_diary_csv(data, file=str(path))


def parse_diary_csv(data: bytes | str, file: str = "nights.csv") -> DiaryTable:
    text = decode(data, file) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise DiaryFileError(file, [Problem(None, None, "binary data (NUL bytes): not a CSV")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        raise DiaryFileError(
            file, [Problem(1, None, "the file is empty; a header is required")]
        ) from None
    except csv.Error as exc:
        raise DiaryFileError(file, [Problem(1, None, _csv_error(exc))]) from None
    header = [_column_name(h) for h in header]
    problems += _check_header(header)
    if problems:
        raise DiaryFileError(file, problems)

    raw_rows: list[tuple[int, list[str]]] = []
    try:
        line = reader.line_num + 1
        for record in reader:
            if not record or all(not cell.strip() for cell in record):
                line = reader.line_num + 1
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(line, None, f"has {len(record)} fields; the header has {len(header)}")
                )
            else:
                raw_rows.append((line, [cell.strip() for cell in record]))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, _csv_error(exc)))

    factor_names = [h for h in header if h not in RESERVED_COLUMNS]
    kinds = {
        name: _infer_kind(name, header.index(name), raw_rows, problems) for name in factor_names
    }
    table = DiaryTable(
        factor_kinds={n: k for n, k in kinds.items() if k is not None},
        columns=tuple(h for h in RESERVED_COLUMNS if h in header),
    )
    seen: dict[date, int] = {}
    for line, cells in raw_rows:
        row = _parse_row(line, dict(zip(header, cells, strict=True)), table.factor_kinds, problems)
        if row is None:
            continue
        if row.night in seen:
            problems.append(
                Problem(
                    line, "night", f"{row.night} appears twice (first on line {seen[row.night]})"
                )
            )
            continue
        seen[row.night] = line
        table.rows.append(row)
    if problems:
        raise DiaryFileError(file, problems)
    return table.sorted()


def _csv_error(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return 'not valid CSV: a quoted field is never closed (a " is missing)'
    return f"not valid CSV: {exc}"


def _column_name(text: str) -> str:
    """Trimmed, bidi controls removed; 'Night' or 'CRAMPS' name the contract's columns
    (which are lower case)."""
    name = clean_name(text)
    return name.lower() if name.lower() in RESERVED_COLUMNS else name


def _check_header(header: list[str]) -> list[Problem]:
    """Problems of the header line; too many factor columns is refused before anything else
    is looked at (a 20,000-column file would otherwise take a minute to refuse or import)."""
    too_many = limits.too_many_factors(len([h for h in header if h not in RESERVED_COLUMNS]))
    if too_many:
        return [Problem(1, None, f"{len(header):,} columns: {too_many}")]
    problems = []
    for required in ("night", "cramps"):
        if required not in header:
            problems.append(Problem(1, None, f"the header has no '{required}' column"))
    if problems and len(header) == 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs")):
            if separator in header[0]:
                problems.append(
                    Problem(1, None, f"the columns are separated by {name}; use commas")
                )
    seen = set()
    for index, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(1, f"#{index}", "a column has no name"))
        elif name in seen:
            problems.append(Problem(1, name, "the column name appears twice"))
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(
                Problem(
                    1, name[:20] + "...", f"the name is longer than {MAX_NAME_LENGTH} characters"
                )
            )
        elif any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
            problems.append(
                Problem(
                    1, name.encode("unicode_escape").decode(), "the name holds invisible characters"
                )
            )
        elif formula_problem(name):
            problems.append(Problem(1, name, formula_problem(name)))
        seen.add(name)
    return problems


def _infer_kind(
    name: str, index: int, rows: list[tuple[int, list[str]]], problems: list[Problem]
) -> str | None:
    """``boolean`` if every value is a yes/no word (1/0 alone count as numbers), else ``number``."""
    values = [(line, cells[index]) for line, cells in rows if cells[index] != ""]
    words = [(line, v) for line, v in values if v.lower() in BOOLEAN_WORDS - {"1", "0"}]
    if words:
        for line, value in values:
            if value.lower() not in BOOLEAN_WORDS:
                problems.append(
                    Problem(
                        line,
                        name,
                        f"'{value}' is not yes/no, but the column holds yes/no values "
                        f"(e.g. '{words[0][1]}' on line {words[0][0]}); a column is either "
                        "boolean or numeric",
                    )
                )
        return "boolean"
    for line, value in values:
        if _number(value) is None:
            problems.append(Problem(line, name, f"'{value}' is neither a number nor yes/no"))
            return None
    return "number"


def _number(text: str) -> float | None:
    if not NUMBER.match(text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_row(
    line: int, cells: dict[str, str], kinds: dict[str, str], problems: list[Problem]
) -> NightRow | None:
    before = len(problems)
    night = _parse_night(line, cells["night"], problems)
    cramps = _parse_count(line, cells["cramps"], problems)
    max_severity = _parse_score(line, "max_severity", cells.get("max_severity", ""), problems)
    soreness = _parse_score(line, "soreness", cells.get("soreness", ""), problems)
    factors: dict[str, bool | float | None] = {}
    for name, kind in kinds.items():
        value = cells[name]
        if value == "":
            factors[name] = None
        elif kind == "boolean":
            factors[name] = value.lower() in TRUE_WORDS
        else:
            factors[name] = _number(value)
    if len(problems) > before or night is None:
        return None
    return NightRow(night, cramps, max_severity, soreness, factors, line=line)


def _parse_night(line: int, text: str, problems: list[Problem]) -> date | None:
    if not text:
        problems.append(Problem(line, "night", "the date is missing"))
        return None
    if not ISO_DATE.match(text):
        problems.append(
            Problem(line, "night", f"'{text}' is not a date in YYYY-MM-DD form (e.g. 2025-03-14)")
        )
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(line, "night", f"'{text}' is not a real date"))
        return None


def _parse_count(line: int, text: str, problems: list[Problem]) -> int | None:
    if text == "":
        return None
    value = _number(text)
    if value is None:
        problems.append(Problem(line, "cramps", f"'{text}' is not a number of cramps"))
    elif not WHOLE.match(text) and value >= 0:
        problems.append(Problem(line, "cramps", f"{text} is not a whole number of cramps"))
    elif value < 0:
        problems.append(Problem(line, "cramps", f"{text} is negative; a count is 0 or more"))
    elif value != int(value):
        problems.append(Problem(line, "cramps", f"{text} is not a whole number of cramps"))
    elif value > 1000:
        problems.append(Problem(line, "cramps", f"{text} cramps in one night is not plausible"))
    else:
        return int(value)
    return None


def _parse_score(line: int, column: str, text: str, problems: list[Problem]) -> float | None:
    if text == "":
        return None
    value = _number(text)
    if value is None or not 0 <= value <= 10:
        problems.append(Problem(line, column, f"'{text}' is not a score from 0 to 10"))
        return None
    return value


def format_number(value: float | None) -> str:
    """Shortest exact text: 3.0 -> '3', 1.5 -> '1.5' (so a round trip is lossless)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def format_cell(value: bool | float | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    return format_number(value)


def write_diary_csv(table: DiaryTable, out: io.TextIOBase) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*RESERVED_COLUMNS, *map(csv_safe, table.factor_names)])
    for row in table.rows:
        writer.writerow(
            [
                row.night.isoformat(),
                "" if row.cramps is None else str(row.cramps),
                format_number(row.max_severity),
                format_number(row.soreness),
                *(format_cell(row.factors.get(n), k) for n, k in table.factor_kinds.items()),
            ]
        )
