"""``nightcramp analyze``: the contract's JSON, from a file or the stored diary, safely."""

from __future__ import annotations

import json
from datetime import date

from nightcramp.diary.csvio import write_diary_csv
from nightcramp.diary.models import Medicine, Night
from nightcramp.diary.store import import_table, local_user
from nightcramp.stats.simulate import DiarySpec, FactorSpec, simulate_diary
from tests.stats.contract import ANALYZE_FACTOR_KEYS as CONTRACT_KEYS


def _table(seed=1, nights=365):
    factors = [
        FactorSpec("bedtime_stretching", rate_ratio=0.5),
        FactorSpec("fluids_glasses", kind="number", mean=6, sd=2),
    ]
    return simulate_diary(DiarySpec(nights=nights, factors=factors), seed=seed)[0]


def _csv(tmp_path, table, name="nights.csv"):
    path = tmp_path / name
    with path.open("w", newline="") as out:
        write_diary_csv(table, out)
    return path


def test_analyze_a_file_gives_the_contract_json(cli, tmp_path):
    table = _table()
    result = cli("analyze", "--diary", _csv(tmp_path, table), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nights_used"] == sum(r.cramps is not None for r in table.rows)
    assert [f["factor"] for f in data["factors"]] == [
        "bedtime_stretching",
        "bedtime_stretching (previous day)",
        "fluids_glasses",
        "fluids_glasses (previous day)",
    ]
    for entry in data["factors"]:
        assert set(entry) >= CONTRACT_KEYS
    assert data["factors"][2]["per"] == 2  # the built-in step for fluids
    assert not Night.objects.exists()  # analysing a file stores nothing


def test_analyze_the_stored_diary_matches_the_file_and_sees_only_its_owner(cli, tmp_path):
    from django.contrib.auth import get_user_model

    table = _table(seed=2)
    import_table(local_user(), table)
    other = get_user_model().objects.create_user("bob")
    import_table(other, _table(seed=3, nights=500))
    stored = json.loads(cli("analyze", "--json").stdout)
    from_file = json.loads(cli("analyze", "--diary", _csv(tmp_path, table), "--json").stdout)
    assert stored["nights_used"] == from_file["nights_used"]
    assert [f["rate_ratio"] for f in stored["factors"]] == [
        f["rate_ratio"] for f in from_file["factors"]
    ]


def test_a_bad_diary_file_is_refused_naming_file_line_and_column(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("night,cramps\n2024-01-01,1\n2024-01-02,-3\n")
    result = cli("analyze", "--diary", bad, "--json")
    assert result.exit_code == 2
    assert "bad.csv" in result.output and "line 3" in result.output
    assert "cramps" in result.output
    assert result.stdout == ""


def test_a_short_diary_says_how_many_more_nights_are_needed(cli, tmp_path):
    result = cli("analyze", "--diary", _csv(tmp_path, _table(nights=25)))
    assert result.exit_code == 0, result.output
    assert "Not enough data yet" in result.output and "more nights" in result.output


def test_the_table_marks_what_stands_out(cli, tmp_path):
    strong = simulate_diary(
        DiarySpec(nights=730, factors=[FactorSpec("bedtime_stretching", rate_ratio=0.4)]),
        seed=5,
    )[0]
    result = cli("analyze", "--diary", _csv(tmp_path, strong))
    assert result.exit_code == 0, result.output
    assert "stands out" in result.output and "not proof of cause" in result.output


def test_medicine_timeline_from_the_stored_profile(cli):
    user = local_user()
    import_table(user, _table(seed=6, nights=400))
    Medicine.objects.create(user=user, name="Lasix 40mg", started=date(2024, 7, 1))
    data = json.loads(cli("analyze", "--medicines", "--json").stdout)
    [medicine] = data["medicines"]
    assert medicine["name"] == "Lasix 40mg" and medicine["nights_before"] > 0
    assert "prescriber" in medicine["message"]
