"""Changing the password needs the old one."""

from __future__ import annotations

from django.test import Client

from tests.base import PASSWORD, BaseTestCase

NEW = "a brand new passphrase 913"


class ChangePasswordTest(BaseTestCase):
    def form(self, old: str = PASSWORD, new2: str = NEW) -> dict:
        return {"old_password": old, "new_password1": NEW, "new_password2": new2}

    def test_change_password(self) -> None:
        self.login()
        response = self.client.post("/accounts/password/", self.form())
        self.assertRedirects(response, "/accounts/password/done/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        self.assertEqual(self.client.get("/").status_code, 200)  # still signed in

    def test_wrong_old_password_changes_nothing(self) -> None:
        self.login()
        response = self.client.post("/accounts/password/", self.form(old="nope"))
        self.assertContains(response, "old password was entered incorrectly")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))

    def test_mismatch_changes_nothing(self) -> None:
        self.login()
        response = self.client.post("/accounts/password/", self.form(new2="other thing 55"))
        self.assertContains(response, "password fields didn")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/accounts/password/", self.form()).status_code, 403)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))
