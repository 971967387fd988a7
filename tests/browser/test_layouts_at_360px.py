"""Every signed-in page at 360x640 in night mode, then on a 320 px phone: nothing scrolls
sideways, and no table splits a word or a number across lines.

The person has six months of demo diary, a running self-experiment and a logged cramp, so the
dashboard's charts and tables and the trial's period table are all on the page.

The clinician report is a PDF download; the pages a phone can land on along its way are
checked too: the error page when making the report fails, and the page naming dates it
cannot read (the report button's own progress and messages are in
test_report_button_at_360px.py).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.demo import make_demo_diary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
SMALL_PHONE = {"width": 320, "height": 568}
PAGES = {
    "home-night": "/?screen=night",
    "home-day": "/?screen=day",
    "checkins": "/checkins/",
    "morning": "/checkins/morning/",
    "evening": "/checkins/evening/",
    "factors": "/factors/",
    "dashboard": "/dashboard/",
    "profile": "/profile/",
    "medicines": "/medicines/",
    "assessment": "/assessment/",
    "routine": "/routine/",
    "trials": "/trials/",
    "trial-new": "/trials/new/",
    "account": "/accounts/",
    "calendar": "/calendar/",
}
# On the way to the clinician report (a PDF download): only in this module's test, which
# makes building the PDF fail.
REPORT_PAGES = {
    "report-failed": "/report.pdf",
    "report-bad-dates": "/report.pdf?from=31/03/2026&to=yesterday",
}

# Words (runs of letters/digits) inside table cells that the browser drew on two lines.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}.,%+\\-\\u2212]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def signed_in_with_everything(new_page, sign_up):
    page = new_page(viewport=PHONE, color_scheme="dark")
    page.set_default_timeout(60_000)  # a six-month dashboard on a shared 2-core machine
    username = sign_up(page)
    page.goto("/trials/new/")  # before the demo months: the power estimate is quick on none
    page.fill("input[name=cramps_per_week]", "7")
    page.get_by_role("button", name="Update the estimate").click()
    page.get_by_role("button", name="Start the experiment").click()
    page.wait_for_url(re.compile(r"/trials/\d+/$"))
    trial = page.url
    make_demo_diary(get_user_model().objects.get(username=username), months=6, seed=3)
    page.goto("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    return page, {**PAGES, "trial": trial, "episode": page.url, "episode-edit": page.url + "edit/"}


def test_no_page_scrolls_sideways_or_splits_a_word(new_page, sign_up, screenshot, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("making the report failed")

    monkeypatch.setattr("nightcramp.reports.pdf.build_report_pdf", broken)
    page, pages = signed_in_with_everything(new_page, sign_up)
    wide, split = {}, {}
    for width in (PHONE["width"], SMALL_PHONE["width"]):  # then an older 320 px phone
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        for name, url in {**pages, **REPORT_PAGES}.items():
            answer = page.goto(url)
            if name in REPORT_PAGES:  # an error page, not a PDF download
                assert answer.status in (400, 500)
                assert answer.headers["content-type"].startswith("text/html"), name
            screenshot(page, f"layout-{width}-{name}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide[f"{name} at {width}"] = scroll_width
            words = page.evaluate(SPLIT_WORDS)
            if words:
                split[f"{name} at {width}"] = words[:8]
    assert not wide, f"pages wider than the screen: {wide}"
    assert not split, f"words or numbers split inside a table cell: {split}"
