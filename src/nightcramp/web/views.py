"""App-wide pages: the web app manifest and a service worker (installable on a phone)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

BACKGROUND = "#0b1020"


@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "nightcramp — night leg cramp diary",
        "short_name": "nightcramp",
        "description": "Log a night leg cramp in two taps; see what helps you.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": BACKGROUND,
        "theme_color": BACKGROUND,
        "icons": [
            {"src": static(f"web/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [
            {
                "src": static("web/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    return HttpResponse(json.dumps(data, indent=1), content_type="application/manifest+json")


# No caching of pages (health data stays off the device's disk). Only when the network is
# gone does a navigation get a short page saying so, instead of the browser's error.
SERVICE_WORKER = """
const OFFLINE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;background:#0b1020;color:#e4e7ef;padding:1rem}
</style></head><body><h1>No connection</h1><p>nightcramp cannot reach its server, so this
cramp was not saved. Note the time, then add it from the morning check-in
(\u201cAdd a cramp I did not log\u201d).</p></body></html>`;
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") { return; }
  event.respondWith(fetch(event.request).catch(() =>
    new Response(OFFLINE, {headers: {"Content-Type": "text/html; charset=utf-8"}})));
});
"""


def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(SERVICE_WORKER, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
