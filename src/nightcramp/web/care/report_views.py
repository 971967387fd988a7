"""The clinician report as a PDF download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nightcramp.web.care.forms import ReportRangeForm


@login_required
@require_GET
def report_pdf(request):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (both optional); bad dates -> 400 naming them:
    a page for a browser that opened the link, plain text for a script (the report button's,
    which shows it in its status line)."""
    form = ReportRangeForm({"start": request.GET.get("from", ""), "end": request.GET.get("to", "")})
    if not form.is_valid():
        if "text/html" in request.headers.get("Accept", ""):
            context = {"problem": _problems(form).strip()}
            return render(request, "care/report_problem.html", context, status=400)
        return HttpResponseBadRequest(_problems(form), content_type="text/plain; charset=utf-8")
    from nightcramp.reports.pdf import build_report_pdf

    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    pdf = build_report_pdf(request.user, start, end)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "nightcramp-report"
    if start or end:
        name += f"-{start or 'start'}-to-{end or 'today'}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _problems(form: ReportRangeForm) -> str:
    names = {"start": "from", "end": "to"}
    lines = []
    for field, errors in form.errors.items():
        if field == "__all__":
            lines += list(errors)
        else:
            value = form.data.get(field, "")
            lines += [
                f"'{names[field]}' = {value!r}: {e} Use a date like 2026-03-31." for e in errors
            ]
    return "Cannot make the report: " + " ".join(lines) + "\n"
