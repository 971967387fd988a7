"""`nightcramp import`: every problem is named (file, record or line, field or column),
exits 2 with one line per problem on stderr, and writes nothing.

Each test reproduces a defect measured by hand (issue 9, item 5): a traceback (exit 1),
a silent write, or a slow import of a file no diary could have written.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from nightcramp.diary.limits import MAX_FACTORS
from nightcramp.diary.models import Factor, Medicine, Night, Profile


def export(**changes) -> dict:
    """A full export of a small diary, as `export --format json` writes it."""
    data = {
        "format": "nightcramp-export",
        "version": 1,
        "profile": {"age": 71, "sex": "female", "conditions": ["type 2 diabetes"], "habits": {}},
        "medicines": [
            {"id": 1, "name": "Lasix", "dose": "40 mg", "as_needed": False}
            | {"started": "2024-01-10", "stopped": None, "notes": ""}
        ],
        "factors": [{"name": "magnesium", "label": "Magnesium", "kind": "boolean"}],
        "nights": [
            {"night": "2024-03-04", "cramps": 2, "factors": {"magnesium": True}},
            {"night": "2024-03-05", "cramps": 0},
        ],
    }
    data.update(changes)
    return data


def write(tmp_path, data: dict):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    return path


def refused(result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr


def test_a_full_export_into_a_diary_with_only_a_profile_is_refused_by_name(cli, tmp_path):
    assert cli("profile", "set", "--age", "60").exit_code == 0
    result = cli("import", "--json", write(tmp_path, export()))  # was an IntegrityError
    refused(result, "export.json", "it already holds a profile", "--replace")
    assert Profile.objects.get().age == 60
    assert not Night.objects.exists() and not Medicine.objects.exists()


def test_a_full_export_replaces_a_diary_with_a_profile_when_asked(cli, tmp_path):
    assert cli("profile", "set", "--age", "60").exit_code == 0
    result = cli("import", "--json", write(tmp_path, export()), "--replace")
    assert result.exit_code == 0, result.output
    assert Profile.objects.get().age == 71
    assert Night.objects.count() == 2


def test_an_own_factor_already_in_the_diary_is_not_a_crash(cli, tmp_path):
    assert cli("checkin", "--factor", "magnesium=yes").exit_code == 0
    Night.objects.all().delete()  # a factor without nights: the diary is still not empty
    result = cli("import", "--json", write(tmp_path, export()))
    refused(result, "it already holds factors")
    assert not Night.objects.exists()


@pytest.mark.parametrize(
    ("cramps", "magnesium_mg", "where"),
    [
        ("1e400", "5", "nights[0].cramps"),  # was an OverflowError traceback
        ("-1e400", "5", "nights[0].cramps"),
        ("1", "1e400", "nights[0].factors.magnesium_mg"),
        ("1", "9" * 400, "nights[0].factors.magnesium_mg"),  # float() of it overflows
    ],
)
def test_a_number_too_large_for_the_diary_is_named(cli, tmp_path, cramps, magnesium_mg, where):
    data = export(
        factors=[{"name": "magnesium_mg", "kind": "number"}],
        nights=[{"night": "2024-03-04", "cramps": "CRAMPS", "factors": {"magnesium_mg": "MG"}}],
    )
    text = json.dumps(data).replace('"CRAMPS"', cramps).replace('"MG"', magnesium_mg)
    path = tmp_path / "export.json"
    path.write_text(text)
    result = cli("import", "--json", path)
    refused(result, f"{where}: ", "too large")
    assert not Night.objects.exists()


@pytest.mark.parametrize(("field", "day"), [("started", "0001-01-01"), ("stopped", "9999-12-31")])
def test_replace_refuses_medicine_dates_the_web_form_refuses(cli, tmp_path, field, day):
    assert cli("medicine", "add", "Lipitor", "--started", "2025-01-10").exit_code == 0
    data = export()
    data["medicines"][0][field] = day
    result = cli("import", "--json", write(tmp_path, data), "--replace")
    refused(result, f"medicines[0].{field}: {day} is not a plausible date")
    assert [m.name for m in Medicine.objects.all()] == ["Lipitor"]  # the diary is untouched


def test_a_json_note_longer_than_any_diary_holds_is_named(cli, tmp_path):
    data = export()
    data["medicines"][0]["notes"] = "x" * 2_000_000  # a 2 MB note was accepted
    result = cli("import", "--json", write(tmp_path, data))
    refused(result, "medicines[0].notes: is 2,000,000 characters long; at most")
    assert not Medicine.objects.exists()


def test_bidi_controls_are_stripped_from_imported_names(cli, tmp_path):
    data = export()
    data["medicines"][0]["name"] = "Lasix\u202e gnorw"
    data["profile"]["conditions"] = ["\u2067type 2 diabetes\u2069"]
    assert cli("import", "--json", write(tmp_path, data)).exit_code == 0
    assert Medicine.objects.get().name == "Lasix gnorw"
    assert Profile.objects.get().conditions == ["type 2 diabetes"]


def test_a_csv_with_a_header_and_no_nights_exits_2(cli, tmp_path):
    path = tmp_path / "nights.csv"
    path.write_text("night,cramps,magnesium\n")  # exited 0, "Imported 0 new night(s)"
    refused(cli("import", "--diary", path), "nights.csv", "holds no nights")
    assert not Factor.objects.exists()


def test_a_csv_with_thousands_of_columns_is_refused_before_any_work(cli, tmp_path):
    names = [f"f{i}" for i in range(20_000)]  # created 20,000 factors in 56 s
    rows = ["2024-01-01,1," + ",".join("1" for _ in names), "not a date,,broken"]
    path = tmp_path / "wide.csv"
    path.write_text("night,cramps," + ",".join(names) + "\n" + "\n".join(rows) + "\n")
    result = cli("import", "--diary", path)
    refused(result, "wide.csv, line 1: ", f"at most {MAX_FACTORS}")
    assert "line 3" not in result.stderr  # refused on the header: no row was read
    assert not Factor.objects.exists()


def test_a_csv_whose_new_factors_would_overfill_the_diary_is_refused(cli, tmp_path):
    first = tmp_path / "first.csv"
    names = [f"a{i}" for i in range(MAX_FACTORS - 20)]
    first.write_text("night,cramps," + ",".join(names) + "\n2024-01-01,1" + ",1" * len(names))
    assert cli("import", "--diary", first).exit_code == 0
    second = tmp_path / "second.csv"
    more = [f"b{i}" for i in range(40)]
    second.write_text("night,cramps," + ",".join(more) + "\n2024-01-02,1" + ",1" * len(more))
    refused(cli("import", "--diary", second), "second.csv, line 1: ", f"at most {MAX_FACTORS}")
    assert not Night.objects.filter(night=date(2024, 1, 2)).exists()


@pytest.mark.parametrize("name", ["=cmd", "+SUM(A1)", "-2+3", "@SUM(A1)"])
def test_a_factor_name_a_spreadsheet_would_run_is_refused(cli, tmp_path, name):
    path = tmp_path / "nights.csv"
    path.write_text(f'night,cramps,"{name}"\n2024-01-01,1,1\n')
    refused(cli("import", "--diary", path), f"column '{name}'", "formula")
    assert not Factor.objects.exists()


def test_a_json_factor_name_a_spreadsheet_would_run_is_refused(cli, tmp_path):
    data = export(
        factors=[{"name": "=HYPERLINK(1)", "kind": "boolean"}],
        nights=[{"night": "2024-03-04", "cramps": 1}],
    )
    refused(cli("import", "--json", write(tmp_path, data)), "factors[0].name: ", "formula")
    assert not Factor.objects.exists()


EPISODE = {"night": "2024-03-04", "occurred_at": "2024-03-05T02:00:00+00:00"}


@pytest.mark.parametrize(
    ("record", "field", "value", "expected"),
    [
        ("episodes", "occurred_at", "0001-01-01T00:30:00+01:00", "0001-01-01 is before 1900"),
        ("episodes", "occurred_at", "9999-12-31T23:30:00-01:00", "9999-12-31 is in the future"),
        ("nights", "checked_in_at", "0001-01-01T00:30:00+01:00", "0001-01-01 is before 1900"),
        ("nights", "night", "0001-01-01", "0001-01-01 is before 1900"),
        ("trials", "end", "9999-12-31", "9999-12-31 is in the future"),
        ("trials", "plan", {"intervention": "x"}, "must be a list of periods"),
    ],
)
def test_dates_no_diary_holds_are_named_not_a_crash(cli, tmp_path, record, field, value, expected):
    trial = {"intervention": "stretching", "start": "2024-04-01", "end": "2024-04-04"}
    trial |= {"period_nights": 2, "pairs": 1, "seed": 1, "plan": {"periods": []}}
    data = export(episodes=[dict(EPISODE)], trials=[trial])
    if field == "night":
        data["episodes"] = []
    data[record][0][field] = value  # OverflowError or, later, KeyError tracebacks before
    result = cli("import", "--json", write(tmp_path, data))
    refused(result, f"{record}[0].{field}", expected)
    assert not Night.objects.exists()


@pytest.mark.parametrize(
    ("result", "where"),
    [
        ({"red_flags": 5}, "assessments[0].result.red_flags: must be a list"),
        ({"red_flags": [1]}, "assessments[0].result.red_flags[0]: must be an object"),
        ({"red_flags": [{"condition": "dvt", "level": 3}]}, "red_flags[0].level: 3 is not one"),
        ({"pattern": []}, "assessments[0].result.pattern: [] is not a text"),
    ],
)
def test_a_forged_screening_is_named_not_a_broken_report(cli, tmp_path, result, where):
    saved = {"created_at": "2024-03-05T10:00:00+00:00", "profile": {}, "result": result}
    result = cli("import", "--json", write(tmp_path, export(assessments=[saved])))
    refused(result, where)  # was restored, then `report` and the FHIR export raised TypeError


def test_a_demo_diary_with_its_screening_restores(cli, tmp_path):
    from nightcramp.diary.demo import make_demo_diary
    from nightcramp.diary.models import Assessment
    from nightcramp.diary.store import local_user

    make_demo_diary(local_user(), months=1, seed=2, end=date(2026, 11, 20))
    assert Assessment.objects.exists()
    path = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", path).exit_code == 0
    result = cli("import", "--json", path, "--replace")
    assert result.exit_code == 0, result.output
    assert Assessment.objects.exists()
