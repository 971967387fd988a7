"""A forgotten password in Chromium: sign up with an email address, forget the password,
ask for a link, read the mail from a real SMTP server, choose a new password, sign in.

On a phone-sized screen, in night mode, checked by axe; the link works once.
"""

from __future__ import annotations

import re

import pytest

from tests.smtp import Controller, Inbox, free_port, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "a brand new passphrase 913"
LINK = re.compile(r"https?://\S+/accounts/password/reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def inbox(settings):
    received = Inbox()
    server = Controller(received, hostname="127.0.0.1", port=free_port())
    server.start()
    for name, value in smtp_settings(server.port).items():
        setattr(settings, name, value)
    yield received
    server.stop()


def test_reset_a_forgotten_password_by_email(page, new_page, inbox, screenshot, axe) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("/accounts/signup/")
    assert page.get_by_text("without an email address a forgotten password cannot").is_visible()
    page.get_by_label("Username").fill("nora")
    page.get_by_label("Email (optional)").fill("nora@example.org")
    page.get_by_label("Password", exact=True).fill("night cramp tester 2468")
    page.get_by_label("Password again").fill("night cramp tester 2468")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(lambda url: "/accounts/signup/" not in url)
    page.goto("/accounts/")
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("link", name="Forgotten your password?").click()
    screenshot(page, "password-reset-form-dark")
    axe(page, "password reset form")
    page.get_by_label("Email").fill("NORA@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    axe(page, "password reset sent")

    (message,) = inbox.wait_for(1)
    link = LINK.search(message.get_payload(decode=True).decode()).group(0)
    page.goto(link)
    page.get_by_role("heading", name="Choose a new password").wait_for()
    assert "/set-password/" in page.url  # the token left the address bar (Django's design)
    screenshot(page, "password-reset-new-password-dark")
    axe(page, "choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Save my new password").click()
    page.get_by_role("heading", name="Password changed").wait_for()

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Username").fill("Nora")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    other = new_page()
    other.goto(link)
    other.get_by_role("heading", name="This link no longer works").wait_for()
