"""The full JSON export holds everything and imports back losslessly."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from nightcramp.diary.csvio import parse_diary_csv
from nightcramp.diary.jsonio import ExportFileError, export_everything, import_everything
from nightcramp.diary.models import Episode, Medicine, MedicineIntake, Night, Profile, Trial
from nightcramp.diary.store import evening_checkin, import_table, record_episode
from tests.base import BaseTestCase
from tests.diary.diaries import diary_csv


def comparable(export: dict) -> dict:
    """The export without database ids (which differ between accounts)."""
    text = json.dumps(export, sort_keys=True, default=str)
    data = json.loads(text)
    ids = {m["id"]: i for i, m in enumerate(data["medicines"])}
    for m in data["medicines"]:
        m["id"] = ids[m["id"]]
    for n in data["nights"]:
        for intake in n["medicines_taken"]:
            intake["medicine"] = ids[intake["medicine"]]
    for e in data["episodes"]:
        e.pop("id")
    return data


class JsonExportTestCase(BaseTestCase):
    def fill(self, user) -> None:
        Profile.objects.create(
            user=user,
            age=67,
            sex="female",
            conditions=["type 2 diabetes"],
            symptoms=["numbness_or_tingling"],
            habits={"fluids_glasses_per_day": 5},
        )
        med = Medicine.objects.create(
            user=user, name="Lasix 40mg", dose="40 mg", started=date(2024, 2, 1)
        )
        import_table(user, parse_diary_csv(diary_csv(60).encode()))
        moment = datetime(2024, 3, 5, 2, 40, tzinfo=UTC)
        record_episode(
            user,
            moment,
            leg="left",
            muscle="calf",
            severity=7,
            duration_seconds=90,
            woke_me=True,
            relieved_by=["stretching", "massage"],
            notes="after a long walk",
        )
        night = evening_checkin(user, date(2024, 3, 10), {"bedtime_stretching": True})
        MedicineIntake.objects.create(user=user, night=night, medicine=med, doses=2)
        Trial.objects.create(
            user=user,
            intervention="Bedtime stretching",
            start=date(2024, 4, 1),
            end=date(2024, 4, 28),
            period_nights=7,
            pairs=2,
            seed=5,
            plan={"intervention": "Bedtime stretching", "periods": []},
        )

    def test_export_then_import_is_lossless(self):
        self.fill(self.alice)
        exported = export_everything(self.alice)
        counts = import_everything(self.bob, json.loads(json.dumps(exported, default=str)))
        assert counts["nights"] == Night.objects.filter(user=self.alice).count()
        assert comparable(export_everything(self.bob)) == comparable(exported)

    def test_import_refuses_a_non_empty_diary_unless_replacing(self):
        self.fill(self.alice)
        exported = json.loads(json.dumps(export_everything(self.alice), default=str))
        with pytest.raises(ExportFileError, match="not empty"):
            import_everything(self.alice, exported)
        import_everything(self.alice, exported, replace=True)
        assert comparable(export_everything(self.alice)) == comparable(exported)

    def test_a_bad_value_is_named_by_its_path_and_nothing_is_written(self):
        self.fill(self.alice)
        exported = json.loads(json.dumps(export_everything(self.alice), default=str))
        exported["nights"][3]["cramps"] = -2
        exported["episodes"][0]["leg"] = "middle"
        with pytest.raises(ExportFileError) as info:
            import_everything(self.bob, exported, file="mine.json")
        message = str(info.value)
        assert "mine.json: nights[3].cramps: -2 is out of range" in message
        assert "episodes[0].leg: 'middle' is not one of left, right, both" in message
        assert not Night.objects.filter(user=self.bob).exists()
        assert not Episode.objects.filter(user=self.bob).exists()

    def test_not_an_export_is_refused(self):
        with pytest.raises(ExportFileError, match="not a nightcramp export"):
            import_everything(self.bob, {"nights": []})

    def test_export_holds_only_the_users_own_rows(self):
        self.fill(self.alice)
        record_episode(self.bob, datetime.now(UTC) - timedelta(hours=1), leg="right")
        bob = export_everything(self.bob)
        assert len(bob["episodes"]) == 1
        assert bob["medicines"] == [] and bob["trials"] == []
