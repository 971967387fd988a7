"""axe-core finds no violation at all — of any impact — on every page, in both themes.

The person has six months of demo diary, a running self-experiment, a medicine and a logged
cramp, so every chart, table and form is on its page. The fixture's ``axe`` fails only on
serious and critical violations; this test also refuses moderate and minor ones.
"""

from __future__ import annotations

import re

import pytest

from nightcramp.diary.models import Medicine
from tests.browser.test_layouts_at_360px import signed_in_with_everything

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEMES = ("light", "dark")
SIGNED_OUT = {
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
}
MORE_SIGNED_IN = {
    "assessment-history": "/assessment/history/",
    "medicine-add": "/medicines/add/",
    "password-change": "/accounts/password/",
    "delete-account": "/accounts/delete/",
    "report-bad-dates": "/report.pdf?from=31/03/2026",
}


def violations_in_both_themes(page, axe, name: str) -> dict[str, list[str]]:
    found = {}
    for theme in THEMES:
        page.evaluate(f"document.documentElement.className = 'theme-{theme}'")
        ids = [f"{v['id']} ({v['impact']})" for v in axe(page, f"{name} ({theme})")]
        if ids:
            found[f"{name} ({theme})"] = ids
    return found


def test_signed_out_pages_have_no_violations(page, axe) -> None:
    found = {}
    for name, url in SIGNED_OUT.items():
        page.goto(url)
        found |= violations_in_both_themes(page, axe, name)
    assert not found, found


def test_every_signed_in_page_has_no_violations(new_page, sign_up, axe) -> None:
    page, pages = signed_in_with_everything(new_page, sign_up)
    medicine = Medicine.objects.first()  # the demo diary's; this person is the only one
    page.goto("/routine/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    routine_session = page.url
    page.goto("/assessment/")
    pages = {
        **pages,
        **MORE_SIGNED_IN,
        "routine-session": routine_session,
        "episode-delete": pages["episode"] + "delete/",
        "medicine-edit": f"/medicines/{medicine.pk}/edit/",
    }
    found = {}
    for name, url in pages.items():
        page.goto(url)
        found |= violations_in_both_themes(page, axe, name)
    assert not found, found
