"""Remove bidirectional control characters from names stored before they were stripped at
input (nightcramp.diary.text): a U+202E in a condition reversed the text after it."""

from __future__ import annotations

from django.db import migrations

from nightcramp.diary.text import BIDI_CONTROLS, clean_name, without_bidi_controls


def strip_bidi(apps, schema_editor) -> None:
    Medicine = apps.get_model("diary", "Medicine")
    Factor = apps.get_model("diary", "Factor")
    Profile = apps.get_model("diary", "Profile")
    for medicine in Medicine.objects.filter(name__regex=BIDI_CONTROLS.pattern):
        medicine.name = clean_name(medicine.name) or medicine.name
        medicine.save(update_fields=["name"])
    for factor in Factor.objects.filter(label__regex=BIDI_CONTROLS.pattern):
        factor.label = without_bidi_controls(factor.label)
        factor.save(update_fields=["label"])
    for profile in Profile.objects.all():
        cleaned = [c for c in map(clean_name, profile.conditions or []) if c]
        if cleaned != profile.conditions:
            profile.conditions = cleaned
            profile.save(update_fields=["conditions"])


class Migration(migrations.Migration):
    dependencies = [("diary", "0002_answers_zones_keys")]

    operations = [migrations.RunPython(strip_bidi, migrations.RunPython.noop)]
