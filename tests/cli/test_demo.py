"""`nightcramp demo` fills an empty diary, never a real one."""

from __future__ import annotations

from nightcramp.diary.models import Episode, Night


def test_demo_fills_an_empty_diary(cli):
    result = cli("demo", "--months", "2")
    assert result.exit_code == 0, result.output
    recorded = Night.objects.filter(cramps__isnull=False).count()
    assert f"{recorded} nights recorded" in result.output
    assert 40 <= recorded <= 62
    assert Episode.objects.exists()


def test_demo_refuses_a_diary_that_has_nights(cli):
    cli("checkin", "--cramps", "1", "--night", "2025-01-01")
    result = cli("demo")
    assert result.exit_code == 2 and "empty diary" in result.output
    assert Night.objects.count() == 1
