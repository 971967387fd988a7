"""Account pages. Everything is scoped to request.user."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from nightcramp.diary.models import Episode
from nightcramp.diary.store import set_time_zone, user_zone
from nightcramp.web.accounts import throttle, zones
from nightcramp.web.accounts.forms import (
    DeleteAccountForm,
    EmailForm,
    SignUpForm,
    ThrottledPasswordChangeForm,
    TimeZoneForm,
)
from nightcramp.web.accounts.recovery import PasswordRecoveryForm
from nightcramp.web.logbook.views import wants_json


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        zone = form.cleaned_data.get("time_zone")
        if zone:
            set_time_zone(user, zone)
        login(request, user)  # the one backend in settings.AUTHENTICATION_BACKENDS
        messages.success(request, "Welcome. Your diary is ready — it is private to you.")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST or None, initial={"time_zone": user_zone(request.user).key})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["time_zone"]
        entry = zones.by_name(name)
        said = f"{entry.label} ({name})" if entry and entry.label != name else name
        if set_time_zone(request.user, name):
            messages.success(request, f"Time zone saved: {said}. Reminders move with it.")
        else:
            messages.success(request, f"Your time zone is already {said}.")
        return redirect("account")
    email_form = EmailForm(request.user, initial={"email": request.user.email})
    return render_account(request, form, email_form)


def render_account(request: HttpRequest, zone_form, email_form) -> HttpResponse:
    """The account page: the zone now, zones suggested (this phone's, by its script, and
    the ones the person's cramps were logged in), the zone search and the typed name."""
    current = user_zone(request.user).key
    context = {
        "form": zone_form,
        "email_form": email_form,
        "zone": zones.by_name(current) or zones.Zone(current, current, "", "", ()),
        "recent_zones": recent_zones(request.user, current),
        "zone_query": "",
    }
    return render(request, "registration/account.html", context)


def recent_zones(user, current: str, limit: int = 3) -> list[zones.Zone]:
    """The zones the person's cramps were logged in, latest first, other than ``current``."""
    names = (
        Episode.objects.filter(user=user)
        .exclude(time_zone__in=["", current])
        .values("time_zone")
        .annotate(latest=Max("occurred_at"))
        .order_by("-latest")
        .values_list("time_zone", flat=True)[:limit]
    )
    return [entry for name in names if (entry := zones.by_name(name))]


@login_required
@require_GET
def zone_search(request: HttpRequest) -> HttpResponse:
    """Time zones matching ``q`` by city, country, region or another name: JSON for the
    account page's script, a page of choices without it."""
    query = request.GET.get("q", "").strip()[:64]
    found, more = zones.search(query)
    message = search_message(query, len(found), more)
    if wants_json(request):
        results = [zone.as_json() for zone in found]
        return JsonResponse({"query": query, "results": results, "more": more, "message": message})
    return render(
        request,
        "registration/zones.html",
        {"zone_query": query, "zone_results": found, "zone_message": message},
    )


def search_message(query: str, count: int, more: bool) -> str:
    if len(zones.fold(query)) < zones.MIN_QUERY:
        return f"Type at least {zones.MIN_QUERY} letters of a city, country or region."
    if not count:
        return f"No time zone matches “{query}”. Try the nearest big city or the country."
    if more:
        return f"The first {count} time zones matching “{query}”: type more to narrow them."
    return f"{count} time zone{'s match' if count != 1 else ' matches'} “{query}”."


@login_required
@require_POST
def change_email(request: HttpRequest) -> HttpResponse:
    """Add, change or remove the recovery address; the password is asked for first."""
    form = EmailForm(request.user, request.POST, address=throttle.client_address(request))
    if form.is_valid():
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        if request.user.email:
            messages.success(request, "Email address saved: a forgotten password can be reset.")
        else:
            messages.success(request, "Email address removed.")
        return redirect("account")
    zone_form = TimeZoneForm(initial={"time_zone": user_zone(request.user).key})
    return render_account(request, zone_form, form)


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
    form = DeleteAccountForm(
        request.user, request.POST or None, address=throttle.client_address(request)
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # every diary row cascades from the user
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("login")
    return render(request, "registration/delete_account.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; the old password's check is throttled by username and address."""

    form_class = ThrottledPasswordChangeForm
    success_url = "/accounts/password/done/"

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "address": throttle.client_address(self.request)}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view; same answer whether or not the address has an account (recovery.py)."""

    form_class = PasswordRecoveryForm
    email_template_name = "registration/reset_mail.txt"
    subject_template_name = "registration/reset_mail_subject.txt"  # contrib.auth has its own
    success_url = reverse_lazy("password_reset_done")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "address": throttle.client_address(self.request)}

    def form_valid(self, form):
        self.extra_email_context = {"valid_for": duration_text(settings.PASSWORD_RESET_TIMEOUT)}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password also lifts the guessing block from where it was set."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        throttle.record_success(self.user.get_username(), throttle.client_address(self.request))
        return super().form_valid(form)


def duration_text(seconds: int) -> str:
    """How long a reset link works, as the mail says it: "1 hour", "90 minutes"."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


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
