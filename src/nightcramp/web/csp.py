"""Content-Security-Policy on every response (Django 5.2 has none built in).

The policy is ``settings.CONTENT_SECURITY_POLICY``: scripts and styles only from this site's
own files, no inline script, no inline style attribute, no eval, no plug-ins, no framing.
A view that sets its own Content-Security-Policy header keeps it.
"""

from __future__ import annotations

from django.conf import settings


def header_value(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.policy = header_value(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
