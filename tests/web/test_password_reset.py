"""A forgotten password is reset by email, end to end through a real SMTP server.

Before, there was no password reset: a forgotten password lost the diary. Now Django's own
flow sends a one-time link that expires; the page answers the same whether or not the
address has an account; no token, address or password reaches the logs.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from email.message import Message
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings

from nightcramp.web.accounts import recovery
from tests.base import PASSWORD, BaseTestCase
from tests.smtp import Controller, Inbox, free_port, mail_sent, smtp_settings

NEW = "a brand new passphrase 913"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)")


class CapturedLogs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.text: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("mail.log"):  # the test's own SMTP server
            self.text.append(self.format(record))


class PasswordResetBySmtpTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.inbox = Inbox()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        through_smtp = override_settings(
            **smtp_settings(self.smtp.port), DEFAULT_FROM_EMAIL="nightcramp <reset@clinic.example>"
        )
        through_smtp.enable()
        self.addCleanup(through_smtp.disable)
        self.logs = CapturedLogs()
        root = logging.getLogger()
        root.addHandler(self.logs)
        self.addCleanup(root.removeHandler, self.logs)
        previous_level = root.level
        root.setLevel(logging.DEBUG)
        self.addCleanup(root.setLevel, previous_level)

    def ask_for_a_link(self, address: str = "Alice@Example.org"):
        return self.client.post("/accounts/password/reset/", {"email": address})

    def page(self, url: str) -> str:
        """The page as a person sees it (the CSRF token differs on every page view)."""
        html = self.client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    def link_in(self, message: Message) -> str:
        match = LINK.search(message.get_payload(decode=True).decode())
        assert match, message.get_payload()
        return match.group(1)

    def set_new_password(self, link: str):
        response = self.client.get(link, follow=True)
        self.assertContains(response, "Choose a new password")
        form_url = response.redirect_chain[-1][0]
        return self.client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    def test_the_mail_arrives_and_its_link_works_once(self) -> None:
        self.assertRedirects(self.ask_for_a_link(), "/accounts/password/reset/done/")
        (message,) = self.inbox.wait_for(1)
        self.assertEqual(message["To"], "alice@example.org")
        self.assertIn("reset@clinic.example", message["From"])
        self.assertEqual(message["Subject"], "nightcramp: choose a new password")
        self.assertIn("alice", message.get_payload(decode=True).decode())
        link = self.link_in(message)

        self.assertRedirects(self.set_new_password(link), "/accounts/password/reset/complete/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))
        signed_in = self.client.post("/accounts/login/", {"username": "alice", "password": NEW})
        self.assertRedirects(signed_in, "/")
        self.client.post("/accounts/logout/")

        again = self.client.get(link, follow=True)
        self.assertContains(again, "This link no longer works")
        self.assertNotContains(again, "new_password1")

        logged = "\n".join(self.logs.text)
        token = link.rstrip("/").rsplit("/", 1)[1]
        for secret in (token, "alice@example.org", NEW, PASSWORD):
            self.assertNotIn(secret.lower(), logged.lower())

    def test_the_link_expires(self) -> None:
        self.ask_for_a_link()
        link = self.link_in(self.inbox.wait_for(1)[0])
        timeout = settings.PASSWORD_RESET_TIMEOUT
        path = "django.contrib.auth.tokens.PasswordResetTokenGenerator._now"
        with mock.patch(path, return_value=datetime.now() + timedelta(seconds=timeout + 5)):
            late = self.client.get(link, follow=True)
        self.assertContains(late, "This link no longer works")
        with mock.patch(path, return_value=datetime.now() + timedelta(seconds=timeout - 60)):
            self.assertRedirects(self.set_new_password(link), "/accounts/password/reset/complete/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self) -> None:
        unknown = self.ask_for_a_link("nobody@example.org")
        known = self.ask_for_a_link("bob@example.org")
        self.assertEqual(unknown.status_code, known.status_code)
        self.assertEqual(unknown["Location"], known["Location"])
        self.assertEqual(self.page(unknown["Location"]), self.page(known["Location"]))
        messages = self.inbox.wait_for(1)
        self.assertEqual([m["To"] for m in messages], ["bob@example.org"])

    def test_only_active_accounts_with_that_address_get_mail(self) -> None:
        get_user_model().objects.create_user("carol", "Shared@Example.org", PASSWORD)
        get_user_model().objects.create_user("dan", "shared@example.org", PASSWORD)
        get_user_model().objects.create_user("eve", "shared@example.org", is_active=False)
        self.ask_for_a_link("shared@example.org")
        messages = self.inbox.wait_for(2)
        names = sorted(m.get_payload(decode=True).decode().split('"')[1] for m in messages)
        self.assertEqual(names, ["carol", "dan"])

    def test_a_wrong_token_changes_nothing(self) -> None:
        self.ask_for_a_link()
        link = self.link_in(self.inbox.wait_for(1)[0])
        forged = link[:-4] + ("aaa/" if not link.endswith("aaa/") else "bbb/")
        self.assertContains(self.client.get(forged, follow=True), "This link no longer works")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))

    def test_mails_to_one_address_are_limited(self) -> None:
        for _ in range(recovery.MAX_MAILS_PER_EMAIL + 3):
            self.assertRedirects(self.ask_for_a_link(), "/accounts/password/reset/done/")
        self.ask_for_a_link("bob@example.org")
        messages = self.inbox.wait_for(recovery.MAX_MAILS_PER_EMAIL + 1)
        to_alice = [m for m in messages if m["To"] == "alice@example.org"]
        self.assertEqual(len(to_alice), recovery.MAX_MAILS_PER_EMAIL)

    def test_requests_from_one_network_are_limited(self) -> None:
        for number in range(recovery.MAX_REQUESTS_PER_ADDRESS):
            self.ask_for_a_link(f"someone{number}@example.org")
        response = self.ask_for_a_link()
        self.assertContains(response, "Too many password-reset requests from this network")
        self.assertEqual(self.inbox.messages, [])

    def test_a_failed_delivery_is_logged_without_the_address(self) -> None:
        with (
            override_settings(EMAIL_PORT=free_port()),  # nobody listens there
            self.assertLogs("nightcramp.web.accounts.recovery", "WARNING") as caught,
        ):
            self.assertRedirects(self.ask_for_a_link(), "/accounts/password/reset/done/")
            mail_sent()
        self.assertIn(f"user {self.alice.pk} not sent", caught.output[0])
        self.assertNotIn("example.org", "\n".join(caught.output))
