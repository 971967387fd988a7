"""Daily steps, exercise minutes and sleep hours from wearable exports (streamed).

Three formats, each read in one pass with memory bounded by the number of days, not the
size of the file:

- **Apple Health** ``export.xml`` (Health app > profile > Export All Health Data):
  ``Record`` elements of type ``HKQuantityTypeIdentifierStepCount`` (unit ``count``),
  ``HKQuantityTypeIdentifierAppleExerciseTime`` (unit ``min``) and
  ``HKCategoryTypeIdentifierSleepAnalysis`` (the *asleep* values: ``...Asleep``,
  ``...AsleepUnspecified``, ``...AsleepCore``, ``...AsleepDeep``, ``...AsleepREM``; in bed
  and awake are not sleep), and ``Workout`` elements (their duration). Dates look like
  ``2024-01-05 07:30:00 +0100``: the wall-clock date and time of the recording device.
- **Google Fit** Takeout ``Daily activity metrics.csv``: ``Date``, ``Step count`` and
  ``Move Minutes count`` (exercise minutes). Its per-day sleep column is not used: it is
  split at midnight, so a night's sleep cannot be recovered from it.
- **Fitbit** data-export CSV (fitbit.com > Settings > Data export): the ``Activities``
  section (``Date``, ``Steps``, ``Minutes Fairly Active``, ``Minutes Very Active``; exercise
  = fairly + very active minutes) and the ``Sleep`` section (``Start Time``, ``Minutes
  Asleep``), in one file or as separate files with or without the section title line.

Choices, so the numbers are honest:

- Activity belongs to the night that begins that evening (the day's steps are a factor of
  that night). Sleep belongs to the night it began in: sleep starting before noon belongs
  to the previous evening's night (the rule of ``nightcramp.diary.store.night_of``), in
  the wall-clock time the device recorded.
- A day with no records is unknown, never zero: it is simply absent from the result.
- Overlapping sources are not added up. Apple Health often holds the same steps twice
  (iPhone and Apple Watch): per day and metric the source with the largest total counts.
  Sleep segments of one source are merged where they overlap, then the source with the
  most sleep that night counts. Workouts of all sources are merged where they overlap,
  and the day's exercise minutes are the larger of the exercise-time records and the
  merged workout minutes (the Watch already counts a workout as exercise time, so adding
  them would count it twice).
- A malformed file is refused whole, with the file and line named (:class:`WearableFileError`).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

METRICS = ("steps", "exercise_minutes", "sleep_hours")
LABELS = {"steps": "Steps", "exercise_minutes": "Exercise", "sleep_hours": "Sleep (hours)"}
MORNING_ENDS_HOUR = 12  # as nightcramp.diary.store.MORNING_ENDS: before noon = last night

NightMetrics = dict[date, dict[str, float]]
Progress = Callable[[int], None]
Source = str | Path | BinaryIO


class WearableFileError(ValueError):
    """The file was refused; nothing of it was imported."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")


class _Bad(ValueError):
    """A problem in one record; the caller adds the file and line."""


# --- shared plumbing ----------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Reports every chunk read to ``progress`` (bytes), for a progress bar."""

    def __init__(self, raw: BinaryIO, progress: Progress | None):
        self._raw, self._progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count and self._progress:
            self._progress(count)
        return count or 0


@contextmanager
def _opened(source: Source, progress: Progress | None) -> Iterator[io.BufferedReader]:
    if isinstance(source, str | Path):
        with open(source, "rb") as raw:
            yield io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 16)
    else:
        yield io.BufferedReader(_CountingReader(source, progress), buffer_size=1 << 16)


def _name_of(source: Source, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, str | Path):
        return str(source)
    return getattr(source, "name", None) or "file"


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise _Bad(f"{what} '{text}' is not a number") from None
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise _Bad(f"{what} '{text}' must be a number of 0 or more")
    return value


def _evening_of(moment: datetime) -> date:
    """The night a moment belongs to: before noon is the previous evening's night."""
    if moment.hour < MORNING_ENDS_HOUR:
        return moment.date() - timedelta(days=1)
    return moment.date()


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The intervals with overlapping or touching ones joined, in order."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _merged_seconds(intervals: list[tuple[float, float]]) -> float:
    """Total length of a set of intervals, overlaps counted once."""
    return sum(end - start for start, end in _merged(intervals))


COMPACT_AT = 16


def _add_interval(intervals: list[tuple[float, float]], start: float, end: float) -> None:
    """Add an interval, joining it to the last one when they touch (stages of one sleep).

    Merging again whenever the list grows keeps memory bounded by the distinct stretches
    of time in one night, however many (duplicate) records an export holds.
    """
    if intervals and intervals[-1][0] <= start <= intervals[-1][1]:
        if end > intervals[-1][1]:
            intervals[-1] = (intervals[-1][0], end)
        return
    intervals.append((start, end))
    if len(intervals) > COMPACT_AT:
        intervals[:] = _merged(intervals)


def _put(result: NightMetrics, night: date, metric: str, value: float) -> None:
    result.setdefault(night, {})[metric] = value


def _rounded(metric: str, value: float) -> float:
    return float(round(value)) if metric == "steps" else round(value, 2)


def _finish(result: NightMetrics) -> NightMetrics:
    ordered: NightMetrics = {}
    for night in sorted(result):
        ordered[night] = {m: _rounded(m, result[night][m]) for m in METRICS if m in result[night]}
    return ordered


# --- Apple Health ---------------------------------------------------------------

STEPS = "HKQuantityTypeIdentifierStepCount"
EXERCISE = "HKQuantityTypeIdentifierAppleExerciseTime"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
APPLE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
DURATION_UNITS = {"min": 60.0, "s": 1.0, "sec": 1.0, "h": 3600.0, "hr": 3600.0}


@dataclass
class _AppleTotals:
    steps: dict[tuple[date, str], float] = field(default_factory=lambda: defaultdict(float))
    exercise: dict[tuple[date, str], float] = field(default_factory=lambda: defaultdict(float))
    sleep: dict[tuple[date, str], list] = field(default_factory=lambda: defaultdict(list))
    workouts: dict[date, list] = field(default_factory=lambda: defaultdict(list))
    days: dict[str, date] = field(default_factory=dict)

    def day(self, stamp: str) -> date:
        """The wall-clock date of an already checked Apple date text (cached: few days)."""
        key = stamp[:10]
        found = self.days.get(key)
        if found is None:
            try:
                found = self.days[key] = date.fromisoformat(key)
            except ValueError:
                raise _Bad(f"startDate '{stamp}' is not a real date") from None
        return found


def _apple_moment(text: str | None, what: str) -> datetime:
    match = APPLE_DATE.fullmatch(text or "")
    if not match:
        raise _Bad(f"{what} '{text}' is not a date like 2024-01-05 07:30:00 +0100")
    y, mo, d, h, mi, s, sign, oh, om = match.groups()
    offset = timedelta(hours=int(oh), minutes=int(om)) * (-1 if sign == "-" else 1)
    try:
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone(offset))
    except ValueError:
        raise _Bad(f"{what} '{text}' is not a real date and time") from None


def _checked_span(attrib: dict) -> tuple[str, str]:
    start, end = attrib.get("startDate"), attrib.get("endDate")
    if not (start and APPLE_DATE.fullmatch(start)):
        _apple_moment(start, "startDate")
    if not (end and APPLE_DATE.fullmatch(end)):
        _apple_moment(end, "endDate")
    return start, end


def _apple_record(totals: _AppleTotals, attrib: dict) -> None:
    kind = attrib.get("type")
    if kind == STEPS:
        start, _ = _checked_span(attrib)
        if attrib.get("unit", "count") != "count":
            raise _Bad(f"step count unit '{attrib.get('unit')}' is not 'count'")
        source = attrib.get("sourceName", "")
        totals.steps[(totals.day(start), source)] += _number(attrib.get("value"), "value")
    elif kind == EXERCISE:
        start, _ = _checked_span(attrib)
        scale = DURATION_UNITS.get(attrib.get("unit", "min"))
        if scale is None:
            raise _Bad(f"exercise time unit '{attrib.get('unit')}' is not min, s or hr")
        minutes = _number(attrib.get("value"), "value") * scale / 60
        totals.exercise[(totals.day(start), attrib.get("sourceName", ""))] += minutes
    elif kind == SLEEP:
        start = _apple_moment(attrib.get("startDate"), "startDate")
        end = _apple_moment(attrib.get("endDate"), "endDate")
        if end < start:
            raise _Bad("sleep ends before it starts")
        if str(attrib.get("value", "")).startswith(ASLEEP_PREFIX):
            key = (_evening_of(start), attrib.get("sourceName", ""))
            _add_interval(totals.sleep[key], start.timestamp(), end.timestamp())


def _apple_workout(totals: _AppleTotals, attrib: dict) -> None:
    start = _apple_moment(attrib.get("startDate"), "startDate")
    end = _apple_moment(attrib.get("endDate"), "endDate")
    if end < start:
        raise _Bad("workout ends before it starts")
    seconds = end.timestamp() - start.timestamp()
    if attrib.get("duration") is not None:
        scale = DURATION_UNITS.get(attrib.get("durationUnit", "min"))
        if scale is None:
            raise _Bad(f"workout durationUnit '{attrib.get('durationUnit')}' is not min, s or hr")
        seconds = _number(attrib["duration"], "duration") * scale
    _add_interval(totals.workouts[start.date()], start.timestamp(), start.timestamp() + seconds)


def _apple_result(totals: _AppleTotals) -> NightMetrics:
    result: NightMetrics = {}
    for metric, per_source in (("steps", totals.steps), ("exercise_minutes", totals.exercise)):
        best: dict[date, float] = {}
        for (day, _source), value in per_source.items():
            best[day] = max(best.get(day, 0.0), value)
        for day, value in best.items():
            _put(result, day, metric, value)
    for day, intervals in totals.workouts.items():
        minutes = _merged_seconds(intervals) / 60
        current = result.get(day, {}).get("exercise_minutes", 0.0)
        _put(result, day, "exercise_minutes", max(current, minutes))
    best_sleep: dict[date, float] = {}
    for (night, _source), intervals in totals.sleep.items():
        best_sleep[night] = max(best_sleep.get(night, 0.0), _merged_seconds(intervals) / 3600)
    for night, hours in best_sleep.items():
        _put(result, night, "sleep_hours", hours)
    return _finish(result)


# Elements whose own ``Record`` children are parts of them, not records of the day: a
# blood-pressure or food ``Correlation`` lists its member records inside it.
APPLE_CONTAINERS = frozenset({"Record", "Workout", "Correlation"})


def parse_apple_health(
    source: Source, *, progress: Progress | None = None, name: str | None = None
) -> NightMetrics:
    """Night -> {"steps", "exercise_minutes", "sleep_hours"} from an Apple Health export.xml.

    Streams with ``iterparse`` and drops every element from the tree once it has ended, at
    whatever depth ``Record`` and ``Workout`` elements sit, so memory stays bounded by the
    number of days, not the size or shape of the file. ``progress`` is called with the
    number of bytes of each chunk read. Raises :class:`WearableFileError` (file and line
    named) on a malformed file.
    """
    import xml.etree.ElementTree as ET

    file = _name_of(source, name)
    totals = _AppleTotals()
    at = [0]  # the ordinal of the element being read, for the line of an error
    with _opened(source, progress) as stream:
        try:
            for at[0], element in _apple_elements(stream):
                if element.tag == "Record":
                    _apple_record(totals, element.attrib)
                elif element.tag == "Workout":
                    _apple_workout(totals, element.attrib)
        except ET.ParseError as exc:
            line = exc.position[0] if exc.position else None
            raise WearableFileError(file, line, f"not well-formed XML ({exc})") from None
        except _Bad as exc:
            raise WearableFileError(file, _apple_line(source, at[0]), str(exc)) from None
    return _apple_result(totals)


def _apple_elements(stream: BinaryIO) -> Iterator[tuple[int, ET.Element]]:
    """(ordinal, element) for the root and each ``Record``/``Workout`` of the day, streamed.

    The ordinal counts elements in document order (0 = the root), for :func:`_apple_line`.
    Every element is removed from its parent as soon as it has ended and been yielded, so
    the tree held in memory is only the open elements and the parser's read-ahead, however
    deep the records sit. A ``Record`` inside a ``Record``, ``Workout`` or ``Correlation``
    is part of that element and is not yielded.
    """
    import xml.etree.ElementTree as ET

    open_elements: list[tuple[ET.Element, int]] = []
    containers = count = 0
    for event, element in ET.iterparse(stream, events=("start", "end")):
        if event == "start":
            if not open_elements:
                if element.tag != "HealthData":
                    raise _Bad(
                        f"this is not an Apple Health export: the root element is "
                        f"<{element.tag}>, expected <HealthData>"
                    )
                yield 0, element
            open_elements.append((element, count))
            count += 1
            containers += element.tag in APPLE_CONTAINERS
            continue
        _, ordinal = open_elements.pop()
        containers -= element.tag in APPLE_CONTAINERS
        if containers == 0 and element.tag in ("Record", "Workout"):
            yield ordinal, element
        if open_elements:
            open_elements[-1][0].remove(element)


def _apple_line(source: Source, ordinal: int) -> int | None:
    """The line where the ``ordinal``-th element (document order, 0 = the root) starts.

    ElementTree does not keep line numbers, so on an error the file is read again with
    expat up to that element (only ever on the error path).
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return _expat_line(handle, ordinal)
    if hasattr(source, "seek") and source.seekable():
        source.seek(0)
        return _expat_line(source, ordinal)
    return None


def _expat_line(handle: BinaryIO, ordinal: int) -> int | None:
    import xml.parsers.expat

    state = {"seen": -1, "line": None}
    parser = xml.parsers.expat.ParserCreate()

    def start(_tag, _attrs):
        state["seen"] += 1
        if state["seen"] == ordinal and state["line"] is None:
            state["line"] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    try:
        while state["line"] is None:
            chunk = handle.read(1 << 16)
            parser.Parse(chunk, not chunk)
            if not chunk:
                break
    except xml.parsers.expat.ExpatError:
        pass
    return state["line"]


# --- CSV exports ------------------------------------------------------------------


def _csv_rows(stream: io.BufferedReader, file: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a UTF-8 CSV file; bad bytes or quoting are refused."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise WearableFileError(
                file, reader.line_num + 1, "the file is not UTF-8 text"
            ) from None
        except csv.Error as exc:
            raise WearableFileError(file, reader.line_num, f"not valid CSV ({exc})") from None
        yield reader.line_num, [c.strip() for c in cells]


def _check_width(header: list[str], cells: list[str]) -> None:
    if len(cells) != len(header):
        raise _Bad(f"{len(cells)} cells, but the header has {len(header)} columns")


def _csv_date(text: str, column: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Bad(f"column '{column}': '{text}' is not a date in YYYY-MM-DD form") from None


def _csv_count(text: str, column: str) -> float | None:
    """A cell's number (thousands separators allowed: "10,234"); empty = unknown."""
    if text == "":
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    return _number(text, f"column '{column}':")


GOOGLE_FIT_COLUMNS = {"Step count": "steps", "Move Minutes count": "exercise_minutes"}


def parse_google_fit_csv(
    source: Source, *, progress: Progress | None = None, name: str | None = None
) -> NightMetrics:
    """Night -> {"steps", "exercise_minutes"} from Google Fit's Daily activity metrics CSV."""
    file = _name_of(source, name)
    result: NightMetrics = {}
    with _opened(source, progress) as stream:
        rows = _csv_rows(stream, file)
        header_line, header = next(rows, (1, []))
        if "Date" not in header:
            hint = (
                " (this looks like a per-day file of 15-minute intervals; use "
                "'Daily activity metrics.csv')"
                if "Start time" in header
                else ""
            )
            raise WearableFileError(
                file, header_line, f"no 'Date' column: not a Google Fit daily metrics file{hint}"
            )
        columns = {header.index(c): m for c, m in GOOGLE_FIT_COLUMNS.items() if c in header}
        if not columns:
            raise WearableFileError(
                file, header_line, "neither a 'Step count' nor a 'Move Minutes count' column"
            )
        date_at = header.index("Date")
        for line, cells in rows:
            if not any(cells):
                continue
            try:
                _google_fit_row(result, cells, date_at, columns, header)
            except _Bad as exc:
                raise WearableFileError(file, line, str(exc)) from None
    return _finish(result)


def _google_fit_row(result, cells, date_at, columns, header) -> None:
    _check_width(header, cells)
    day = _csv_date(cells[date_at], "Date")
    if day in result:
        raise _Bad(f"{day} appears twice")
    result[day] = {}
    for at, metric in columns.items():
        value = _csv_count(cells[at], header[at])
        if value is not None:
            result[day][metric] = value


FITBIT_SECTIONS = {"Activities", "Sleep", "Body", "Foods", "Food Log"}


def parse_fitbit_csv(
    source: Source, *, progress: Progress | None = None, name: str | None = None
) -> NightMetrics:
    """Night -> {"steps", "exercise_minutes", "sleep_hours"} from a Fitbit data-export CSV."""
    file = _name_of(source, name)
    activity: NightMetrics = {}
    sleep_minutes: dict[date, float] = defaultdict(float)
    sleeps_seen: set[str] = set()
    found = False
    with _opened(source, progress) as stream:
        section, header = None, None
        for line, cells in _csv_rows(stream, file):
            if not any(cells):
                section, header = None, None
                continue
            if header is None:
                if len(cells) == 1 or (len(cells) > 1 and not any(cells[1:])):
                    section = cells[0]
                    continue
                header = cells
                section = section or _fitbit_guess(header)
                found = _fitbit_check(file, line, section, header) or found
                continue
            if section not in ("Activities", "Sleep"):
                continue
            try:
                row = _fitbit_row(header, cells)
                if section == "Activities":
                    _fitbit_activity(activity, row)
                else:
                    _fitbit_sleep(sleep_minutes, sleeps_seen, row)
            except _Bad as exc:
                raise WearableFileError(file, line, f"{section}: {exc}") from None
    if not found:
        raise WearableFileError(
            file, None, "no 'Activities' or 'Sleep' table: not a Fitbit data-export CSV"
        )
    for night, minutes in sleep_minutes.items():
        _put(activity, night, "sleep_hours", minutes / 60)
    return _finish(activity)


def _fitbit_row(header: list[str], cells: list[str]) -> dict[str, str]:
    """A data row by column name; a row with more or fewer cells than the header is refused."""
    _check_width(header, cells)
    return dict(zip(header, cells, strict=True))


def _fitbit_guess(header: list[str]) -> str | None:
    if "Date" in header and "Steps" in header:
        return "Activities"
    if "Start Time" in header and "Minutes Asleep" in header:
        return "Sleep"
    return None


def _fitbit_check(file: str, line: int, section: str | None, header: list[str]) -> bool:
    needed = {"Activities": ("Date", "Steps"), "Sleep": ("Start Time", "Minutes Asleep")}
    if section not in needed:
        return False
    missing = [c for c in needed[section] if c not in header]
    if missing:
        raise WearableFileError(
            file, line, f"the {section} table has no column {', '.join(map(repr, missing))}"
        )
    return True


def _fitbit_activity(result: NightMetrics, row: dict[str, str]) -> None:
    day = _csv_date(row.get("Date", ""), "Date")
    if day in result:
        raise _Bad(f"{day} appears twice")
    values = result[day] = {}
    steps = _csv_count(row.get("Steps", ""), "Steps")
    if steps is not None:
        values["steps"] = steps
    active = [
        _csv_count(row[c], c) for c in ("Minutes Fairly Active", "Minutes Very Active") if c in row
    ]
    if active and all(v is not None for v in active):
        values["exercise_minutes"] = sum(active)


FITBIT_TIME_FORMATS = (
    "%Y-%m-%d %I:%M%p",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)


def _fitbit_sleep(minutes: dict[date, float], seen: set[str], row: dict[str, str]) -> None:
    text = row.get("Start Time", "")
    for pattern in FITBIT_TIME_FORMATS:
        try:
            start = datetime.strptime(text, pattern)
            break
        except ValueError:
            continue
    else:
        raise _Bad(f"'Start Time' '{text}' is not a time like 2024-01-05 10:45PM")
    asleep = _csv_count(row.get("Minutes Asleep", ""), "Minutes Asleep")
    if asleep is None or text in seen:  # the same sleep listed twice counts once
        return
    seen.add(text)
    minutes[_evening_of(start)] += asleep


# --- Fitbit: Google Takeout (the current export) ----------------------------------

TAKEOUT_FILE = re.compile(
    r"(?:^|/)(steps|very_active_minutes|moderately_active_minutes|sleep)-\d{4}-\d{2}-\d{2}\.json$"
)
JSON_OBJECT = re.compile(rb"\{[^{}]*\}")  # the flat entries of the per-minute/per-day files
FITBIT_DAY = re.compile(r"(\d{2})/(\d{2})/(\d{2})(?: \d{2}:\d{2}:\d{2})?$")
MAX_ENTRY = 1 << 16
DAILY_MINUTES = ("very_active_minutes", "moderately_active_minutes")


def takeout_members(source: str | Path) -> list[tuple[str, int]]:
    """The Fitbit files of a Takeout folder or .zip that nightcramp reads: (path, bytes)."""
    path = Path(source)
    if path.is_dir():
        found = [(str(p.relative_to(path)), p.stat().st_size) for p in sorted(path.rglob("*.json"))]
    else:
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                found = [(i.filename, i.file_size) for i in archive.infolist() if not i.is_dir()]
        except zipfile.BadZipFile:
            raise WearableFileError(str(path), None, "not a folder or a .zip archive") from None
    return [(name, size) for name, size in found if TAKEOUT_FILE.search(name.replace("\\", "/"))]


@contextmanager
def _takeout_opener(source: str | Path) -> Iterator[Callable[[str], BinaryIO]]:
    path = Path(source)
    if path.is_dir():
        yield lambda name: open(path / name, "rb")  # noqa: SIM115 (the caller closes it)
        return
    import zipfile

    with zipfile.ZipFile(path) as archive:
        yield lambda name: archive.open(name)


def parse_fitbit_takeout(
    source: str | Path, *, progress: Progress | None = None, name: str | None = None
) -> NightMetrics:
    """Night -> {"steps", "exercise_minutes", "sleep_hours"} from Google Takeout's Fitbit
    export (a folder, or the .zip as downloaded): ``Fitbit/Global Export Data/``
    ``steps-YYYY-MM-DD.json`` (per-minute steps), ``very_active_minutes-…`` and
    ``moderately_active_minutes-…`` (per day; exercise = very + moderately active, Fitbit's
    "active minutes") and ``sleep-…`` (one entry per sleep; the main sleep counts, naps do
    not). Files are read one at a time, entries streamed: memory grows with the number of
    days, not with the size of the archive."""
    file = _name_of(source, name)
    members = takeout_members(source)
    if not members:
        raise WearableFileError(
            file,
            None,
            "no Fitbit steps-, sleep- or active-minutes files (Fitbit/Global Export Data/"
            "steps-YYYY-MM-DD.json …): not a Google Takeout Fitbit export",
        )
    steps: dict[date, float] = defaultdict(float)
    minutes: dict[str, dict[date, float]] = {kind: {} for kind in DAILY_MINUTES}
    sleep: dict[date, float] = defaultdict(float)
    sleeps_seen: set[str] = set()
    with _takeout_opener(source) as open_member:
        for member, _size in members:
            kind = TAKEOUT_FILE.search(member.replace("\\", "/")).group(1)
            where = f"{file}: {member}"
            with open_member(member) as raw, _opened(raw, progress) as stream:
                if kind == "sleep":
                    _takeout_sleep(stream, where, sleep, sleeps_seen)
                else:
                    _takeout_series(stream, where, kind, steps, minutes)
    result: NightMetrics = {}
    for day, total in steps.items():
        _put(result, day, "steps", total)
    very, moderately = (minutes[kind] for kind in DAILY_MINUTES)
    for day in very.keys() & moderately.keys():  # both known, as in the CSV export
        _put(result, day, "exercise_minutes", very[day] + moderately[day])
    for night, asleep in sleep.items():
        _put(result, night, "sleep_hours", asleep / 60)
    return _finish(result)


def _takeout_series(stream, where: str, kind: str, steps, minutes) -> None:
    """Per-minute steps (summed by day) or per-day active minutes, entry by entry."""
    for number, entry in enumerate(_json_entries(stream, where), start=1):
        try:
            item = json.loads(entry)
            day = _fitbit_day(str(item.get("dateTime", "")))
            value = _number(str(item.get("value", "")), "value")
        except (ValueError, AttributeError) as exc:
            message = exc if isinstance(exc, _Bad) else "is not an entry like {dateTime, value}"
            raise WearableFileError(where, None, f"entry {number}: {message}") from None
        if kind == "steps":
            steps[day] += value
        else:
            days = minutes[kind]
            days[day] = max(days.get(day, 0.0), value)  # a day listed twice counts once


def _json_entries(stream, where: str) -> Iterator[bytes]:
    """The flat ``{...}`` entries of a JSON array, read in 64 KiB chunks."""
    first = stream.read(1 << 16)
    if not first.lstrip().startswith(b"["):
        raise WearableFileError(where, None, "is not a JSON list of entries")
    buffer = first
    while buffer:
        end = 0
        for match in JSON_OBJECT.finditer(buffer):
            yield match.group()
            end = match.end()
        buffer = buffer[end:]
        if len(buffer) > MAX_ENTRY:
            raise WearableFileError(where, None, "holds an entry that is not a flat object")
        chunk = stream.read(1 << 16)
        if not chunk:
            if buffer.strip(b" \t\r\n,[]"):
                raise WearableFileError(where, None, "ends in the middle of an entry")
            return
        buffer += chunk


def _fitbit_day(text: str) -> date:
    """'07/04/26 08:00:00' or '07/04/26' (Fitbit's MM/DD/YY wall clock) -> 2026-07-04."""
    match = FITBIT_DAY.match(text.strip())
    if not match:
        raise _Bad(f"dateTime '{text}' is not a date like 07/04/26 08:00:00")
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(2000 + year, month, day)
    except ValueError:
        raise _Bad(f"dateTime '{text}' is not a real date") from None


def _takeout_sleep(stream, where: str, sleep, seen: set[str]) -> None:
    """Minutes asleep of each main sleep, on the night it began (naps are left out)."""
    try:
        entries = json.load(stream)  # one file is one month of sleeps: small
    except ValueError:
        raise WearableFileError(where, None, "is not valid JSON") from None
    if not isinstance(entries, list):
        raise WearableFileError(where, None, "is not a JSON list of sleeps")
    for number, entry in enumerate(entries, start=1):
        try:
            if not isinstance(entry, dict):
                raise _Bad("is not an object")
            if entry.get("mainSleep") is False:
                continue
            key = str(entry.get("logId", entry.get("startTime")))
            start = _iso_wall_clock(str(entry.get("startTime", "")))
            asleep = _number(str(entry.get("minutesAsleep", "")), "minutesAsleep")
        except _Bad as exc:
            raise WearableFileError(where, None, f"sleep {number}: {exc}") from None
        if key in seen:  # the same sleep in two files counts once
            continue
        seen.add(key)
        sleep[_evening_of(start)] += asleep


def _iso_wall_clock(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise _Bad(f"startTime '{text}' is not a time like 2026-07-03T23:30:00.000") from None


# --- summary and storage ----------------------------------------------------------


def summarize(nights: NightMetrics) -> dict:
    """Days, date range and, per metric, nights with a value and their mean (plain data)."""
    per_metric = {}
    for metric in METRICS:
        values = [v[metric] for v in nights.values() if metric in v]
        per_metric[metric] = {
            "nights": len(values),
            "mean": round(sum(values) / len(values), 2) if values else None,
        }
    return {
        "nights": len(nights),
        "first": min(nights).isoformat() if nights else None,
        "last": max(nights).isoformat() if nights else None,
        "metrics": per_metric,
    }


@dataclass
class ActivityImport:
    written: dict[str, int]
    kept: int
    nights_touched: int


class ActivityImportError(ValueError):
    """The diary cannot take these values; nothing was written."""


# Most a day can hold: a value above it is a broken export, not a very active day.
DAILY_LIMITS = {"steps": 200_000.0, "exercise_minutes": 24 * 60.0, "sleep_hours": 24.0}
UNITS = {
    "steps": "steps",
    "exercise_minutes": "minutes of exercise",
    "sleep_hours": "hours of sleep",
}


def _check_plausible(user, nights: NightMetrics) -> None:
    """Refuse nights that have not begun yet and values no day can hold, naming the first."""
    from django.utils import timezone

    from nightcramp.diary.store import user_zone

    today = timezone.now().astimezone(user_zone(user)).date()
    for day in sorted(nights):
        if day > today:
            raise ActivityImportError(f"{day} is in the future (the file's dates are wrong)")
        for metric, value in nights[day].items():
            limit = DAILY_LIMITS.get(metric)
            if limit is not None and value > limit:
                raise ActivityImportError(
                    f"{day}: {value:g} {UNITS[metric]} in one day is not possible "
                    f"(at most {limit:g})"
                )


# What each source's numbers measure: the same factor name means different things
# depending on where it came from, so the factor says so (its description) and the import
# summary shows it.
SOURCES = {
    "apple_health": "Apple Health",
    "google_fit": "Google Fit",
    "fitbit": "Fitbit",
}
MEASURES = {
    ("apple_health", "steps"): "steps counted by the iPhone or Apple Watch (the larger)",
    ("apple_health", "exercise_minutes"): (
        "Apple exercise time: minutes of at least brisk-walking effort (Apple Watch), or "
        "the day's workout minutes when larger"
    ),
    ("apple_health", "sleep_hours"): "hours asleep (core, deep, REM), not time in bed",
    ("google_fit", "steps"): "steps counted by Google Fit",
    ("google_fit", "exercise_minutes"): (
        "Google Fit Move Minutes: any minute of movement (walking counts), not exercise effort"
    ),
    ("fitbit", "steps"): "steps counted by the Fitbit",
    ("fitbit", "exercise_minutes"): (
        "Fitbit active minutes: fairly (moderately) + very active minutes"
    ),
    ("fitbit", "sleep_hours"): "minutes asleep of the main sleep, as hours (naps left out)",
}


def measures(source: str, metric: str) -> str:
    """'Fitbit: Fitbit active minutes: fairly (moderately) + very active minutes'."""
    what = MEASURES.get((source, metric), LABELS[metric].lower())
    return f"From {SOURCES.get(source, source)}: {what}."


def store_activity(
    user, nights: NightMetrics, *, replace: bool = False, source: str = ""
) -> ActivityImport:
    """Write the values as the user's daily factors, all or nothing.

    A value already in the diary for that night and factor is kept (the person may have
    entered it) unless ``replace`` is true. A same-named factor of another kind (yes/no)
    is refused, naming it. With ``source`` (a key of ``SOURCES``), each factor's
    description says where its numbers come from and what they measure.
    """
    from django.db import transaction

    from nightcramp.diary.models import Factor, FactorKind, FactorValue
    from nightcramp.diary.store import ensure_factor, get_night, set_factor_value

    _check_plausible(user, nights)
    used = [m for m in METRICS if any(m in v for v in nights.values())]
    for factor in Factor.objects.filter(user=user, name__in=used):
        if factor.kind == FactorKind.BOOLEAN:
            raise ActivityImportError(
                f"your diary's factor '{factor.name}' is yes/no, so it cannot take "
                f"{LABELS[factor.name].lower()} numbers; rename that factor first"
            )
    written = dict.fromkeys(METRICS, 0)
    kept, touched = 0, 0
    if not nights:
        return ActivityImport(written, kept, touched)
    with transaction.atomic():
        factors = {m: ensure_factor(user, m, FactorKind.NUMBER, label=LABELS[m]) for m in used}
        if source:
            for metric, factor in factors.items():
                factor.description = measures(source, metric)
                factor.save(update_fields=["description"])
        existing = set(
            FactorValue.objects.filter(
                user=user,
                factor__in=list(factors.values()),
                night__night__gte=min(nights),
                night__night__lte=max(nights),
            ).values_list("night__night", "factor__name")
        )
        for day in sorted(nights):
            todo = {}
            for metric, value in nights[day].items():
                if not replace and (day, metric) in existing:
                    kept += 1
                else:
                    todo[metric] = value
            if not todo:
                continue
            night = get_night(user, day)
            touched += 1
            for metric, value in todo.items():
                set_factor_value(user, night, factors[metric], value)
                written[metric] += 1
    return ActivityImport(written, kept, touched)
