"""The CLI takes names and notes by the same rules as the web forms and the imports:
bidi controls stripped, the limits of nightcramp.diary.limits, exit 2 naming the option."""

from __future__ import annotations

from nightcramp.diary.limits import MAX_FACTORS, MAX_NOTE
from nightcramp.diary.models import Episode, Factor, Medicine, Profile
from nightcramp.diary.store import local_user


def test_bidi_controls_are_stripped_from_a_medicine_name(cli):
    assert cli("medicine", "add", "\u202eLasix\u202c").exit_code == 0
    assert Medicine.objects.get().name == "Lasix"


def test_medicine_dates_of_mistyped_years_are_refused(cli):
    result = cli("medicine", "add", "Lasix", "--started", "0001-01-01")
    assert result.exit_code == 2
    assert "--started 0001-01-01 is not a plausible date" in result.stderr
    assert not Medicine.objects.exists()
    assert cli("medicine", "add", "Lasix", "--started", "2025-01-01").exit_code == 0
    result = cli("medicine", "stopped", str(Medicine.objects.get().pk), "--on", "9999-12-31")
    assert result.exit_code == 2 and "--on 9999-12-31 is not a plausible date" in result.stderr
    assert Medicine.objects.get().stopped is None


def test_conditions_are_stripped_and_limited(cli):
    assert cli("profile", "set", "--condition", "type 2 \u202ediabetes").exit_code == 0
    assert Profile.objects.get().conditions == ["type 2 diabetes"]
    result = cli("profile", "set", "--age", "70", "--condition", "x" * 201)
    assert result.exit_code == 2 and "at most 200 fit" in result.stderr
    assert Profile.objects.get().age is None  # nothing of the command was saved


def test_a_cramp_note_past_the_limit_is_refused(cli):
    result = cli("log", "--notes", "n" * (MAX_NOTE + 1))
    assert result.exit_code == 2
    assert f"--notes is {MAX_NOTE + 1:,} characters long" in result.stderr
    assert not Episode.objects.exists()


def test_a_full_diary_takes_no_new_factor(cli):
    user = local_user()
    Factor.objects.bulk_create(
        Factor(user=user, name=f"f{i}", kind="number", position=i) for i in range(MAX_FACTORS)
    )
    result = cli("checkin", "--factor", "magnesium=yes")
    assert result.exit_code == 2 and f"at most {MAX_FACTORS}" in result.stderr
    assert not Factor.objects.filter(name="magnesium").exists()
    assert cli("checkin", "--factor", "f3=2").exit_code == 0  # a factor it has still works
