"""`nightcramp log --relieved-by` takes every answer that helped, once each, in order."""

from __future__ import annotations

import json

from nightcramp.diary.models import Episode


def test_log_keeps_every_answer_in_order(cli):
    result = cli(
        "log",
        "--relieved-by",
        "stretching",
        "--relieved-by",
        "massage",
        "--relieved-by",
        "stretching",
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["relieved_by"] == ["stretching", "massage"]
    assert Episode.objects.get().relieved_by == ["stretching", "massage"]


def test_log_without_an_answer_stores_none(cli):
    assert cli("log").exit_code == 0
    assert Episode.objects.get().relieved_by == []


def test_log_refuses_an_unknown_answer_and_saves_nothing(cli):
    result = cli("log", "--relieved-by", "massage", "--relieved-by", "prayer")
    assert result.exit_code == 2
    assert "prayer" in result.output
    assert not Episode.objects.exists()
