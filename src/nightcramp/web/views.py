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


# No caching of pages (health data stays off the device's disk): only the script and the
# style are cached, so that with no network a navigation gets a short page with a working
# "Cramp now" button; a tap there (or a "Cramp now" form sent with no network) is kept on
# the phone by app.js, with its time, and sent when nightcramp is open again online.
SERVICE_WORKER = """
const CACHE = "nightcramp-static-2";
const STATIC = [APP_JS, APP_CSS];
const offlinePage = (tapped) => `<!doctype html><html lang="en" class="theme-dark"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No connection</title><link rel="stylesheet" href="${APP_CSS}"></head>
<body class="home night"><main id="main"><h1>No connection</h1>
<form action="/cramp/" data-cramp-now data-offline${tapped ? " data-tapped" : ""}>
<button type="submit" class="cramp-now">Cramp now
<small>Kept on this phone, sent when you are back online.</small>
</button></form><p id="tap-status" class="saved-status" role="status" aria-live="polite"></p>
<p>nightcramp cannot reach its server. A cramp tapped here is kept on this phone with its
time and sent once the connection is back.</p></main>
<script src="${APP_JS}" defer></script></body></html>`;
self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)));
});
self.addEventListener("activate", (event) => event.waitUntil(
  caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE)
    .map((k) => caches.delete(k)))).then(() => self.clients.claim())));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    const tapped = request.method === "POST" && url.pathname === "/cramp/";
    event.respondWith(fetch(request).catch(() => new Response(offlinePage(tapped),
      {headers: {"Content-Type": "text/html; charset=utf-8"}})));
  } else if (request.method === "GET" && STATIC.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});
"""


def service_worker(request: HttpRequest) -> HttpResponse:
    files = {"APP_JS": static("web/app.js"), "APP_CSS": static("web/app.css")}
    script = "".join(f"const {name} = {json.dumps(url)};\n" for name, url in files.items())
    response = HttpResponse(script + SERVICE_WORKER, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
