"""The symptom questionnaire, the screening result, and past assessments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from nightcramp.diary.models import Assessment
from nightcramp.web.care import presenting
from nightcramp.web.care.forms import SymptomForm
from nightcramp.web.care.free_text import diary_notes, diary_signs
from nightcramp.web.care.profile_data import (
    assessment_is_stale,
    get_profile,
    latest_assessment,
    profile_dict,
)


def _symptom_choices(kb) -> list[tuple[str, str]]:
    items = kb.symptoms.values() if hasattr(kb.symptoms, "values") else kb.symptoms
    return [(s.id, s.question) for s in items]


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request):
    from nightcramp.knowledge import load_knowledge

    kb = load_knowledge()
    choices = _symptom_choices(kb)
    profile = get_profile(request.user)
    if request.method == "POST":
        form = SymptomForm(request.POST, choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            saved = run_assessment(request.user, data["symptoms"], data["other"])
            return redirect("care:assessment_detail", pk=saved.pk)
        status = 400
    else:
        form = SymptomForm(initial={"symptoms": profile.symptoms}, choices=choices)
        status = 200
    latest = latest_assessment(request.user)
    context = {
        "form": form,
        "profile": profile_dict(request.user),
        "changed": request.GET.get("changed") == "1" or assessment_is_stale(request.user),
        "latest": latest,
        "prefilled": bool(profile.symptoms) and request.method != "POST",
        "diary_signs": diary_signs(request.user, timezone.localdate()),
    }
    return render(request, "care/assessment_form.html", context, status=status)


def run_assessment(user, symptoms: list[str], other: str = "") -> Assessment:
    """Store the checklist on the profile, screen the profile with every free text that may
    hold a warning sign (the "anything else" answer, medicine notes, recent diary notes),
    and keep the result."""
    from nightcramp.assessment import screen

    profile = get_profile(user)
    profile.symptoms = list(symptoms)
    profile.save(update_fields=["symptoms", "updated_at"])
    snapshot = profile_dict(user)
    notes = [other.strip()] if other.strip() else []
    notes += snapshot.get("notes", [])  # medicine notes
    notes += [n.as_note for n in diary_notes(user, timezone.localdate())]
    if notes:
        snapshot["notes"] = notes
    result = screen(snapshot)
    return Assessment.objects.create(user=user, profile=snapshot, result=result)


@login_required
def detail(request, pk: int):
    from nightcramp.knowledge import load_knowledge

    record = get_object_or_404(Assessment, pk=pk, user=request.user)
    kb = load_knowledge()
    questions = dict(_symptom_choices(kb))
    context = {
        "assessment": record,
        "symptoms": [questions.get(s, s) for s in record.profile.get("symptoms", [])],
        "notes": record.profile.get("notes", []),
        "is_latest": latest_assessment(request.user) == record,
        "stale": assessment_is_stale(request.user),
        "diary_signs": diary_signs(request.user, timezone.localdate()),
        **presenting.result_context(kb, record.result),
    }
    return render(request, "care/assessment_result.html", context)


@login_required
def history(request):
    from nightcramp.knowledge import load_knowledge

    kb = load_knowledge()
    assessments = Assessment.objects.filter(user=request.user)
    rows = [{"assessment": a, **presenting.summary(kb, a.result)} for a in assessments]
    return render(request, "care/assessment_history.html", {"rows": rows})
