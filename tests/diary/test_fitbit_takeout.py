"""Fitbit's current export (Google Takeout, a folder or its .zip) read into nightly factors."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from datetime import date

import pytest

from nightcramp.diary.wearables import WearableFileError, parse_fitbit_takeout
from tests.diary.fitbit_takeout import EXPORT, minute_steps, write_takeout, zipped


def test_a_takeout_folder_gives_steps_active_minutes_and_main_sleep(tmp_path):
    expected = write_takeout(tmp_path / "export")
    assert parse_fitbit_takeout(tmp_path / "export") == expected


def test_the_zip_as_downloaded_gives_the_same(tmp_path):
    expected = write_takeout(tmp_path / "export")
    archive = zipped(tmp_path / "export", tmp_path / "takeout-20240110T101010Z-001.zip")
    assert parse_fitbit_takeout(archive) == expected


def test_a_bad_entry_is_refused_naming_the_file_and_entry(tmp_path):
    write_takeout(tmp_path / "export")
    steps = next((tmp_path / "export" / EXPORT).glob("steps-*.json"))
    entries = json.loads(steps.read_text())
    entries[7]["dateTime"] = "2024-01-04 00:07"
    steps.write_text(json.dumps(entries))
    with pytest.raises(WearableFileError) as error:
        parse_fitbit_takeout(tmp_path / "export")
    assert "steps-2024-01-04.json: entry 8: dateTime '2024-01-04 00:07'" in str(error.value)


def test_an_archive_without_fitbit_files_is_refused(tmp_path):
    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Takeout/Fit/Daily activity metrics/Daily activity metrics.csv", "Date\n")
    with pytest.raises(WearableFileError, match="not a Google Takeout Fitbit export"):
        parse_fitbit_takeout(archive)


def test_a_truncated_file_is_refused(tmp_path):
    write_takeout(tmp_path / "export")
    sleep = next((tmp_path / "export" / EXPORT).glob("steps-*.json"))
    sleep.write_text(sleep.read_text()[:5000])
    with pytest.raises(WearableFileError, match="ends in the middle of an entry"):
        parse_fitbit_takeout(tmp_path / "export")


def _peak_bytes(root) -> int:
    tracemalloc.start()
    try:
        parse_fitbit_takeout(root)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_steps_file_grows(tmp_path):
    """A per-minute steps file twelve times longer needs about the same memory."""
    sizes, peaks = {}, {}
    for days in (10, 120):
        root = tmp_path / f"d{days}"
        folder = root / EXPORT
        folder.mkdir(parents=True)
        entries, _ = minute_steps(date(2024, 1, 1), days)
        steps = folder / "steps-2024-01-01.json"
        steps.write_text(json.dumps(entries))
        sizes[days], peaks[days] = steps.stat().st_size, _peak_bytes(root)
    assert sizes[120] > 10 * sizes[10] and sizes[120] > 5_000_000
    assert peaks[120] < 2 * peaks[10] + 200_000
    assert peaks[120] < sizes[120] / 10
