"""A cramp holds every answer to "what helped?": known answers, each once, in the order
given; anything else is refused before it is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from nightcramp.diary.models import Episode
from nightcramp.diary.store import record_episode
from tests.base import BaseTestCase


class WhatHelpedAnswersTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.episode = record_episode(self.alice, datetime(2026, 3, 2, 3, tzinfo=UTC))

    def test_answers_are_added_once_and_taken_away_alone(self) -> None:
        e = self.episode
        for answer, helped in [("stretching", True), ("massage", True), ("stretching", True)]:
            e.set_relief(answer, helped)
        assert e.relieved_by == ["stretching", "massage"]
        e.set_relief("stretching", False)
        e.set_relief("heat", False)
        assert e.relieved_by == ["massage"]
        with pytest.raises(ValueError, match="'prayer' is not an answer"):
            e.set_relief("prayer", True)

    def test_a_bad_list_is_never_stored(self) -> None:
        for bad, problem in [
            ("massage", "must be a list of answers, not str"),
            (["massage", "massage"], "names an answer twice"),
            (["prayer"], "'prayer' is not an answer"),
        ]:
            self.episode.relieved_by = bad
            with pytest.raises(ValidationError, match=problem):
                self.episode.save()
        assert Episode.objects.get(pk=self.episode.pk).relieved_by == []
