"""JSON export writes every answer to "what helped?" as a list; import reads that list and
still reads the single answer (or null) of older exports, and refuses a bad list, naming
where, with nothing written."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from nightcramp.diary.jsonio import ExportFileError, export_everything, import_everything
from nightcramp.diary.models import Episode
from nightcramp.diary.store import record_episode
from tests.base import BaseTestCase


class JsonWhatHelpedTest(BaseTestCase):
    def exported(self) -> dict:
        for hour, answers in ((2, ["stretching", "massage"]), (3, []), (4, ["waited"])):
            moment = datetime(2026, 3, 2, hour, tzinfo=UTC)
            record_episode(self.alice, moment, relieved_by=answers)
        return json.loads(json.dumps(export_everything(self.alice), default=str))

    def bobs_answers(self) -> list[list[str]]:
        episodes = Episode.objects.filter(user=self.bob).order_by("occurred_at")
        return [e.relieved_by for e in episodes]

    def test_export_writes_lists_and_import_keeps_them(self) -> None:
        data = self.exported()
        assert [e["relieved_by"] for e in data["episodes"]] == [
            ["stretching", "massage"],
            [],
            ["waited"],
        ]
        import_everything(self.bob, data)
        assert self.bobs_answers() == [["stretching", "massage"], [], ["waited"]]

    def test_an_older_export_with_one_answer_is_read(self) -> None:
        data = self.exported()
        for episode, old in zip(data["episodes"], ["massage", None, ""], strict=True):
            episode["relieved_by"] = old
        import_everything(self.bob, data)
        assert self.bobs_answers() == [["massage"], [], []]

    def test_a_bad_list_is_named_and_nothing_is_written(self) -> None:
        data = self.exported()
        data["episodes"][0]["relieved_by"] = ["massage", "massage"]
        data["episodes"][1]["relieved_by"] = ["prayer"]
        data["episodes"][2]["relieved_by"] = {"massage": True}
        with pytest.raises(ExportFileError) as info:
            import_everything(self.bob, data, file="old.json")
        message = str(info.value)
        assert "old.json: episodes[0].relieved_by: names an answer twice" in message
        assert "episodes[1].relieved_by: 'prayer' is not an answer" in message
        assert "episodes[2].relieved_by: must be a list of answers, not dict" in message
        assert not Episode.objects.filter(user=self.bob).exists()
