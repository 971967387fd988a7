"""Account pages. Everything is scoped to request.user."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nightcramp.diary.models import Profile
from nightcramp.diary.store import user_zone
from nightcramp.web.accounts.forms import DeleteAccountForm, SignUpForm, TimeZoneForm


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        zone = form.cleaned_data.get("time_zone")
        if zone:
            Profile.objects.update_or_create(user=user, defaults={"time_zone": zone})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Your diary is ready — it is private to you.")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    zone = user_zone(request.user).key
    form = TimeZoneForm(request.POST or None, initial={"time_zone": zone})
    if request.method == "POST" and form.is_valid():
        Profile.objects.update_or_create(
            user=request.user, defaults={"time_zone": form.cleaned_data["time_zone"]}
        )
        messages.success(request, f"Time zone saved: {form.cleaned_data['time_zone']}.")
        return redirect("account")
    return render(request, "registration/account.html", {"form": form, "zone": zone})


@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    from nightcramp.diary.jsonio import export_everything

    data = export_everything(request.user)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="nightcramp-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # every diary row cascades from the user
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("login")
    return render(request, "registration/delete_account.html", {"form": form})


@require_POST
def set_theme(request: HttpRequest) -> HttpResponse:
    """Manual theme: auto (follow the device and the clock) -> dark -> light -> auto."""
    order = ["auto", "dark", "light"]
    chosen = request.POST.get("theme")
    if chosen not in order:
        current = request.session.get("theme", "auto")
        chosen = order[(order.index(current) + 1) % len(order)] if current in order else "auto"
    request.session["theme"] = chosen
    target = request.POST.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)
