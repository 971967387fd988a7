"""Profile (age, sex, pregnancy, conditions, habits) and the medicines list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from nightcramp.diary.models import Medicine
from nightcramp.web.care.forms import MedicineForm, ProfileForm
from nightcramp.web.care.profile_data import (
    HABIT_KEYS,
    assessment_is_stale,
    get_profile,
    latest_assessment,
)


def _profile_initial(profile) -> dict:
    habits = profile.habits or {}
    initial = {
        "age": profile.age,
        "sex": profile.sex,
        "pregnancy_weeks": profile.pregnancy_weeks,
        "conditions": "\n".join(profile.conditions or []),
    }
    initial.update({key: habits.get(key) for key in HABIT_KEYS})
    return initial


def _care_context(request) -> dict:
    """What every profile/medicine page shows: the "review your assessment" banner."""
    return {
        "stale_assessment": assessment_is_stale(request.user),
        "has_assessment": latest_assessment(request.user) is not None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    record = get_profile(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            record.age = data["age"]
            record.sex = data["sex"] or ""
            record.pregnancy_weeks = data["pregnancy_weeks"]
            record.conditions = form.condition_lines()
            record.habits = {key: data[key] for key in HABIT_KEYS}
            record.save()
            return redirect(_after_change(request))
        status = 400
    else:
        form = ProfileForm(initial=_profile_initial(record))
        status = 200
    context = {"form": form, "saved": request.GET.get("saved") == "1", **_care_context(request)}
    return render(request, "care/profile.html", context, status=status)


def _after_change(request) -> str:
    """After a change that alters the screening, offer to review the assessment."""
    if assessment_is_stale(request.user):
        return reverse("care:assessment") + "?changed=1"
    return reverse("care:profile") + "?saved=1"


@login_required
def medicine_list(request):
    medicines = Medicine.objects.filter(user=request.user)
    return render(
        request, "care/medicines.html", {"medicines": medicines, **_care_context(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def medicine_add(request):
    form = MedicineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        medicine = form.save(commit=False)
        medicine.user = request.user
        medicine.save()
        return redirect(_after_medicine_change(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "care/medicine_form.html", {"form": form, "adding": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def medicine_edit(request, pk: int):
    medicine = get_object_or_404(Medicine, pk=pk, user=request.user)
    form = MedicineForm(request.POST if request.method == "POST" else None, instance=medicine)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(_after_medicine_change(request))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "adding": False, "medicine": medicine}
    return render(request, "care/medicine_form.html", context, status=status)


@login_required
@require_POST
def medicine_delete(request, pk: int):
    medicine = get_object_or_404(Medicine, pk=pk, user=request.user)
    medicine.delete()
    return redirect(_after_medicine_change(request))


def _after_medicine_change(request) -> str:
    if assessment_is_stale(request.user):
        return reverse("care:assessment") + "?changed=1"
    return reverse("care:medicines")
