"""Every response carries a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval',
and no template holds what such a policy blocks (inline script, on...= handlers, style="").

Before, no page sent a Content-Security-Policy at all. Chromium's side of it, every page
visited with no violation reported, is tests/browser/test_content_security_policy.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nightcramp
from tests.base import BaseTestCase

SOURCE = Path(nightcramp.__file__).parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class PolicyHeaderTest(BaseTestCase):
    def assert_strict_policy(self, response) -> None:
        policy = policy_of(response)
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["style-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'none'"])
        self.assertNotIn("unsafe", response.headers["Content-Security-Policy"])

    def test_signed_out_pages(self) -> None:
        for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assert_strict_policy(response)

    def test_signed_in_pages_and_downloads(self) -> None:
        self.login()
        for url in ("/", "/dashboard/", "/routine/", "/trials/", "/accounts/export.json"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assert_strict_policy(response)

    def test_redirects_and_errors(self) -> None:
        self.assert_strict_policy(self.client.get("/dashboard/"))  # redirect to sign in
        self.assert_strict_policy(self.client.get("/no-such-page/"))

    def test_rendered_pages_hold_no_inline_script_or_style(self) -> None:
        self.login()
        for url in ("/", "/?screen=night", "/dashboard/", "/checkins/morning/", "/accounts/"):
            html = self.client.get(url).content.decode()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
                self.assertIsNone(pattern.search(html), f"{url}: {pattern.pattern}")


TEMPLATES = sorted(SOURCE.rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_template_has_nothing_the_policy_blocks(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
        match = pattern.search(text)
        assert match is None, f"{template.name}: {match and match.group(0)}"


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 20
