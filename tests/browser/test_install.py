"""Installable: manifest and icons load, the service worker runs and shows an offline page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manifest_icons_and_offline_page(page, sign_up, screenshot) -> None:
    sign_up(page)
    page.goto("/")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/")
    page.reload()  # now controlled by the worker
    page.context.set_offline(True)
    try:
        page.goto("/dashboard/")
        page.get_by_role("heading", name="No connection").wait_for()
        screenshot(page, "offline")
    finally:
        page.context.set_offline(False)
