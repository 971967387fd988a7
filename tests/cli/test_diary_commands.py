"""The diary commands of the CLI: log, checkin, import, export."""

from __future__ import annotations

import json

from nightcramp.diary.models import Episode, Night
from tests.diary.diaries import diary_csv


def test_log_saves_a_cramp_and_shows_what_to_do(cli):
    result = cli(
        "log",
        "--at",
        "2025-06-02 03:10",
        "--leg",
        "left",
        "--muscle",
        "calf",
        "--severity",
        "7",
        "--duration",
        "1m30s",
        "--woke-me",
    )
    assert result.exit_code == 0, result.output
    assert "Saved" in result.output and "Stretch" in result.output
    episode = Episode.objects.get()
    assert (episode.leg, episode.muscle, episode.severity, episode.duration_seconds) == (
        "left",
        "calf",
        7,
        90,
    )
    assert str(episode.night.night) == "2025-06-01"


def test_log_refuses_a_bad_time_and_saves_nothing(cli):
    result = cli("log", "--at", "25:99")
    assert result.exit_code == 2
    assert "not a time" in result.output
    assert not Episode.objects.exists()


def test_log_refuses_a_severity_out_of_range(cli):
    result = cli("log", "--severity", "11")
    assert result.exit_code == 2
    assert not Episode.objects.exists()


def test_checkin_records_last_night_and_todays_factors(cli):
    result = cli("checkin", "--cramps", "0", "--night", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["morning"] == {
        "night": "2025-06-01",
        "cramps": 0,
        "soreness": None,
    }
    result = cli(
        "checkin",
        "--night",
        "2025-06-01",
        "--fluids",
        "6",
        "--stretched",
        "--factor",
        "magnesium=yes",
    )
    assert result.exit_code == 0, result.output
    export = cli("export").output.splitlines()
    assert (
        export[0]
        == "night,cramps,max_severity,soreness,fluids_glasses,bedtime_stretching,magnesium"
    )
    assert export[1] == "2025-06-01,0,,,6,true,true"


def test_checkin_refuses_a_malformed_factor(cli):
    result = cli("checkin", "--factor", "magnesium")
    assert result.exit_code == 2 and "NAME=VALUE" in result.output
    assert not Night.objects.exists()


def test_import_then_export_round_trips(cli, tmp_path):
    source = tmp_path / "nights.csv"
    source.write_text(diary_csv(120))
    result = cli("import", "--diary", source)
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output
    out = tmp_path / "back.csv"
    assert cli("export", "--format", "csv", "-o", out).exit_code == 0
    again = tmp_path / "again.csv"
    cli("import", "--diary", out, "--update")
    cli("export", "-o", again)
    assert again.read_text() == out.read_text()


def test_import_of_a_bad_file_names_it_and_imports_nothing(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("night,cramps\n2025-01-01,1\n2025-01-02,-1\n")
    result = cli("import", "--diary", bad)
    assert result.exit_code == 2
    assert "nothing was imported" in result.output
    assert "line 3, column 'cramps'" in result.output
    assert not Night.objects.exists()


def test_json_export_restores_into_an_empty_diary(cli, tmp_path):
    source = tmp_path / "nights.csv"
    source.write_text(diary_csv(40))
    cli("import", "--diary", source)
    cli("log", "--at", "2025-06-02 03:10", "--leg", "right")
    dump = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", dump).exit_code == 0
    refused = cli("import", "--json", dump)
    assert refused.exit_code == 2 and "not empty" in refused.output
    assert cli("import", "--json", dump, "--replace").exit_code == 0
    assert (
        json.loads(dump.read_text())["nights"]
        == json.loads(cli("export", "--format", "json").output)["nights"]
    )
