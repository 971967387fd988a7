"""Forged or edited JSON exports: refused whole, naming the JSON path, with no traceback."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime

import pytest

from nightcramp.diary.csvio import parse_diary_csv
from nightcramp.diary.jsonio import (
    ExportFileError,
    export_everything,
    import_everything,
    read_json_file,
)
from nightcramp.diary.models import Medicine, MedicineIntake, Night, RoutineSession, Trial
from nightcramp.diary.store import coerce_factor_values, import_table, record_episode
from nightcramp.stats.trials import plan_trial
from tests.base import BaseTestCase


def _set(path: str, value):
    """A mutation setting ``a.b[0].c`` (or deleting it when value is ...)."""

    def mutate(data: dict) -> None:
        *parents, last = path.replace("]", "").replace("[", ".").split(".")
        target = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        key = int(last) if last.isdigit() else last
        if value is ...:
            del target[key]
        else:
            target[key] = value

    return mutate


MUTATIONS = [
    ("nights.0.factors", [1, 2], "nights[0].factors: must be an object, not a list"),
    ("nights.0.medicines_taken", 5, "nights[0].medicines_taken: must be a list"),
    ("nights.0.medicines_taken.0", 5, "nights[0].medicines_taken[0]: must be an object"),
    ("nights.0.medicines_taken.0.medicine", 99, "nights[0].medicines_taken[0].medicine: 99 is not"),
    ("nights.0.notes", 5, "nights[0].notes: 5 is not a text"),
    ("nights.0.bar", 1, "nights[0].bar: is not a known key"),
    ("foo", 1, "foo: is not a known key"),
    ("routines.0", 3, "routines[0]: must be an object"),
    ("routines.0.holds_done", "3", "routines[0].holds_done: '3' is not a number"),
    ("trials.0", "x", "trials[0]: must be an object"),
    ("trials.0.period_nights", ..., "trials[0].period_nights: None is not a number"),
    ("trials.0.intervention", ..., "trials[0].intervention: None is not a non-empty text"),
    ("trials.0.seed", "abc", "trials[0].seed: 'abc' is not a number"),
    ("trials.0.status", "exploded", "trials[0].status: 'exploded' is not one of"),
    ("trials.0.plan.periods", 5, "trials[0].plan.periods: must be a list of periods"),
    ("assessments", [1], "assessments[0]: must be an object"),
    ("factors.0.kind", ..., "factors[0].kind: None is not one of"),
    ("factors.0.name", "Cramps", "factors[0].name: 'Cramps' is a column of the diary"),
    ("profile.conditions", "diabetes", "profile.conditions: must be a list of texts"),
    ("profile.habits", [1], "profile.habits: must be an object, not a list"),
    ("profile.time_zone", "Mars/Base", "profile.time_zone: 'Mars/Base' is not a known"),
    ("medicines.0.name", "x" * 201, "medicines[0].name: is 201 characters long"),
    ("medicines.0.as_needed", "no", "medicines[0].as_needed: 'no' is not true, false or null"),
    ("medicines.0.stopped", "2020-01-01", "medicines[0].stopped: 2020-01-01 is before"),
    ("medicines.0.id", [1], "medicines[0].id: [1] is not a number or text"),
    ("episodes.0.woke_me", "yes", "episodes[0].woke_me: 'yes' is not true, false or null"),
    ("episodes.0.duration_seconds", 10**30, "episodes[0].duration_seconds: 1000000"),
    (
        "episodes.0.occurred_at",
        "2024-02-30T10:00:00+00:00",
        "episodes[0].occurred_at: '2024-02-30T10:00:00+00:00' is not",
    ),
    ("nights", {}, "nights: must be a list, not an object"),
]


class HostileJsonImportTestCase(BaseTestCase):
    def export(self) -> dict:
        import_table(self.alice, parse_diary_csv(b"night,cramps,magnesium\n2024-03-04,1,yes\n"))
        record_episode(self.alice, datetime(2024, 3, 5, 2, 40, tzinfo=UTC), duration_seconds=60)
        night = Night.objects.get(user=self.alice, night=date(2024, 3, 4))
        medicine = Medicine.objects.create(user=self.alice, name="Lasix", started=date(2024, 1, 1))
        MedicineIntake.objects.create(user=self.alice, night=night, medicine=medicine)
        RoutineSession.objects.create(
            user=self.alice, night=night, started_at=datetime(2024, 3, 4, 21, tzinfo=UTC)
        )
        plan = plan_trial("stretching", date(2024, 4, 1), 7, 2, seed=1)
        Trial.objects.create(
            user=self.alice,
            intervention="stretching",
            start=date(2024, 4, 1),
            end=date(2024, 4, 28),
            period_nights=7,
            pairs=2,
            seed=1,
            plan=plan,
        )
        data = json.loads(json.dumps(export_everything(self.alice), default=str))
        data["profile"] = {"age": 70, "conditions": [], "habits": {}}
        data["assessments"] = [{"created_at": None, "profile": {}, "result": {}}]
        return data

    def test_the_unmodified_export_imports(self):
        counts = import_everything(self.bob, self.export())
        assert counts["nights"] == 1 and counts["medicines"] == 1 and counts["episodes"] == 1

    def test_each_forgery_is_named_by_its_path_and_nothing_is_written(self):
        good = self.export()
        for path, value, expected in MUTATIONS:
            data = copy.deepcopy(good)
            _set(path, value)(data)
            with pytest.raises(ExportFileError) as info:
                import_everything(self.bob, data, file="mine.json")
            assert f"mine.json: {expected}" in str(info.value), path
        assert not Night.objects.filter(user=self.bob).exists()
        assert not Medicine.objects.filter(user=self.bob).exists()
        assert not Trial.objects.filter(user=self.bob).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "nightcramp-export", "version": 1, "x": NaN}', "NaN is not a"),
        ("{}".encode("utf-16"), "the file is UTF-16"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": "caf\xe9"}', "line 1: unknown encoding: byte 0xe9 is not UTF-8"),
        (b'{\n"format": }', "line 2, column 11: not valid JSON"),
    ],
)
def test_unreadable_files_are_named(tmp_path, content, expected):
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(ExportFileError, match=expected):
        read_json_file(path)


class CoerceFactorValuesTestCase(BaseTestCase):
    def test_nan_and_infinity_are_refused(self):
        for value in (float("nan"), float("inf")):
            with pytest.raises(ValueError, match="magnesium"):
                coerce_factor_values(self.alice, {"magnesium": value})

    def test_own_factors_may_be_negative_but_builtin_amounts_not(self):
        import_table(self.alice, parse_diary_csv(b"night,cramps,temp_c\n2024-01-01,1,-3\n"))
        assert coerce_factor_values(self.alice, {"temp_c": -2.0}) == {"temp_c": -2.0}
        with pytest.raises(ValueError, match="fluids_glasses: -1 is negative"):
            coerce_factor_values(self.alice, {"fluids_glasses": -1.0})
