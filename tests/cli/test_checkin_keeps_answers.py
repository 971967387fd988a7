"""``nightcramp checkin`` never checks in the night still in progress, and soreness alone
does not put an answer in the person's mouth."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary.models import Night

AT_00_54 = datetime(2026, 5, 12, 0, 54, tzinfo=UTC)  # the CLI user's zone is UTC here


def test_the_night_in_progress_is_refused_and_last_night_is_the_finished_one(cli):
    with mock.patch("django.utils.timezone.now", return_value=AT_00_54):
        refused = cli("checkin", "--cramps", "0", "--night", "2026-05-11")
        assert refused.exit_code == 2
        assert "has not finished yet" in refused.output
        assert not Night.objects.exists()
        result = cli("checkin", "--cramps", "0")
    assert result.exit_code == 0, result.output
    night = Night.objects.get()
    assert (night.night, night.reported_cramps, night.cramps) == (date(2026, 5, 10), 0, 0)


def test_soreness_alone_keeps_the_answer_as_it_was(cli):
    with mock.patch("django.utils.timezone.now", return_value=AT_00_54):
        cli("checkin", "--cramps", "2", "--night", "2026-05-09")
        result = cli("checkin", "--soreness", "4", "--night", "2026-05-09")
        assert result.exit_code == 0, result.output
        alone = cli("checkin", "--soreness", "3", "--night", "2026-05-10")
    assert "soreness recorded; no cramp count yet" in alone.output
    answered, unanswered = Night.objects.order_by("night")
    assert (answered.reported_cramps, answered.cramps, answered.soreness) == (2, 2, 4)
    assert (unanswered.reported_cramps, unanswered.cramps, unanswered.soreness) == (None, None, 3)
