"""`nightcramp profile` and `nightcramp medicine`."""

from __future__ import annotations

import json

from nightcramp.diary.models import Medicine, Profile


def test_profile_set_then_show_gives_the_screening_format(cli):
    result = cli(
        "profile",
        "set",
        "--age",
        "72",
        "--sex",
        "female",
        "--condition",
        "type 2 diabetes",
        "--fluids-glasses-per-day",
        "5",
        "--time-zone",
        "Europe/Paris",
    )
    assert result.exit_code == 0, result.output
    cli("medicine", "add", "Lipitor", "--dose", "20mg", "--started", "2025-01-10")
    shown = json.loads(cli("profile", "show", "--json").output)
    assert shown == {
        "age": 72,
        "sex": "female",
        "pregnancy_weeks": None,
        "medications": ["Lipitor 20mg"],
        "conditions": ["type 2 diabetes"],
        "symptoms": [],
        "habits": {"fluids_glasses_per_day": 5.0},
    }
    assert Profile.objects.get().time_zone == "Europe/Paris"


def test_profile_refuses_contradictions_and_changes_nothing(cli):
    result = cli("profile", "set", "--sex", "male", "--pregnancy-weeks", "30")
    assert result.exit_code == 2 and "--pregnancy-weeks" in result.output
    result = cli("profile", "set", "--time-zone", "Mars/Olympus")
    assert result.exit_code == 2 and "Mars/Olympus" in result.output
    assert not Profile.objects.exists()


def test_medicine_dates_must_be_in_order(cli):
    result = cli("medicine", "add", "Lasix", "--started", "2025-03-01", "--stopped", "2025-02-01")
    assert result.exit_code == 2 and "before" in result.output
    assert not Medicine.objects.exists()


def test_medicine_stopped_records_the_date_and_unknown_ids_are_refused(cli):
    cli("medicine", "add", "Lasix", "--started", "2025-03-01")
    medicine = Medicine.objects.get()
    assert cli("medicine", "stopped", str(medicine.id), "--on", "2025-04-01").exit_code == 0
    medicine.refresh_from_db()
    assert str(medicine.stopped) == "2025-04-01"
    result = cli("medicine", "stopped", str(medicine.id + 99), "--on", "2025-04-01")
    assert result.exit_code == 2 and "no medicine" in result.output
    listed = json.loads(cli("medicine", "list", "--json").output)
    assert [m["name"] for m in listed] == ["Lasix"]


def test_a_new_zone_moves_the_calendar_reminders(cli):
    from nightcramp.diary.models import CalendarFeed
    from nightcramp.diary.store import local_user

    feed = CalendarFeed.objects.create(user=local_user())
    assert cli("profile", "set", "--time-zone", "Europe/Paris").exit_code == 0
    assert cli("profile", "set", "--time-zone", "Europe/Paris").exit_code == 0  # no change
    feed.refresh_from_db()
    assert feed.revision == 1 and feed.modified_at is not None
