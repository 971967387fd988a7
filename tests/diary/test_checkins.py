"""Morning and evening check-ins, and logging a cramp: zero is recorded, missing stays missing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from nightcramp.diary.models import Factor, Night, Profile
from nightcramp.diary.store import (
    coerce_factor_values,
    evening_checkin,
    load_table,
    morning_checkin,
    night_of,
    record_episode,
)
from tests.base import BaseTestCase

LONDON = ZoneInfo("Europe/London")


def test_a_cramp_before_noon_belongs_to_the_previous_evening():
    assert night_of(datetime(2025, 6, 2, 3, 10, tzinfo=LONDON), LONDON) == date(2025, 6, 1)
    assert night_of(datetime(2025, 6, 2, 23, 50, tzinfo=LONDON), LONDON) == date(2025, 6, 2)


class CheckinTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/London")

    def test_morning_checkin_with_no_cramps_records_a_zero(self):
        morning_checkin(self.alice, date(2025, 6, 1), 0)
        table = load_table(self.alice)
        assert [(r.night, r.cramps) for r in table.rows] == [(date(2025, 6, 1), 0)]

    def test_a_night_never_checked_in_is_missing_not_zero(self):
        evening_checkin(self.alice, date(2025, 6, 1), {"fluids_glasses": 6.0})
        night = Night.objects.get(user=self.alice)
        assert night.cramps is None and night.checked_in_at is None

    def test_logged_episodes_set_the_nights_count_and_worst_severity(self):
        for hour, severity in ((2, 4), (4, 8)):
            record_episode(
                self.alice, datetime(2025, 6, 2, hour, tzinfo=LONDON), leg="left", severity=severity
            )
        night = Night.objects.get(user=self.alice)
        assert (night.night, night.cramps, night.max_severity) == (date(2025, 6, 1), 2, 8)
        morning_checkin(self.alice, date(2025, 6, 1), 0)
        night.refresh_from_db()
        assert night.cramps == 2  # a check-in cannot erase logged cramps

    def test_evening_checkin_creates_builtin_and_custom_factors(self):
        evening_checkin(
            self.alice, date(2025, 6, 1), {"bedtime_stretching": True, "magnesium": True}
        )
        factors = {f.name: (f.kind, f.builtin) for f in Factor.objects.filter(user=self.alice)}
        assert factors == {"bedtime_stretching": ("boolean", True), "magnesium": ("boolean", False)}
        assert not Factor.objects.filter(user=self.bob).exists()

    def test_values_must_fit_their_factor(self):
        with pytest.raises(ValueError, match="bedtime_stretching"):
            coerce_factor_values(self.alice, {"bedtime_stretching": 3.0})
        with pytest.raises(ValueError, match="exercise_intensity"):
            coerce_factor_values(self.alice, {"exercise_intensity": 12.0})
        assert coerce_factor_values(self.alice, {"bedtime_stretching": 1.0}) == {
            "bedtime_stretching": True
        }
