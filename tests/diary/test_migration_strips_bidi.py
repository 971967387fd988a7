"""Names stored before bidi controls were stripped at input are cleaned by a migration:
a U+202E in a condition reversed the text after it on every page that showed it."""

from __future__ import annotations

from tests.base import MigrationTestCase

BEFORE = [("diary", "0002_answers_zones_keys")]
AFTER = [("diary", "0003_strip_bidi_from_names")]


class MigrationStripsBidiTest(MigrationTestCase):
    def test_names_lose_their_bidi_controls_and_nothing_else(self) -> None:
        old = self.migrate(BEFORE)
        alice = old.get_model("auth", "User").objects.create(username="alice")
        old.get_model("diary", "Profile").objects.create(
            user=alice, conditions=["type 2 \u202ediabetes", "\u2067\u2069", "asthma"]
        )
        medicines = old.get_model("diary", "Medicine").objects
        odd = medicines.create(user=alice, name="Lasix\u202e 40", notes="as \u202egiven")
        plain = medicines.create(user=alice, name="Lipitor")
        old.get_model("diary", "Factor").objects.create(
            user=alice, name="salt", label="Salt\u200f", kind="boolean"
        )

        new = self.migrate(AFTER)
        profile = new.get_model("diary", "Profile").objects.get()
        self.assertEqual(profile.conditions, ["type 2 diabetes", "asthma"])
        medicines = new.get_model("diary", "Medicine").objects
        self.assertEqual(medicines.get(pk=odd.pk).name, "Lasix 40")
        self.assertEqual(medicines.get(pk=odd.pk).notes, "as \u202egiven")  # notes as given
        self.assertEqual(medicines.get(pk=plain.pk).name, "Lipitor")
        self.assertEqual(new.get_model("diary", "Factor").objects.get().label, "Salt")
