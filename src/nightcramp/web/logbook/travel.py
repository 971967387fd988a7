"""Travel: when the phone's zone differs from the account's, ask once which clock to use.

The page's script compares the phone's zone (``Intl.DateTimeFormat``) with the account's
and shows the question unless it was already answered for that phone zone. Either answer
is remembered (``Profile.travel_zone_answered``), so it is asked once per change of zone.
Cramps already logged keep their own zone and night whatever is chosen.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from nightcramp.diary import store
from nightcramp.diary.models import Profile


def city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def travel_context(user) -> dict:
    """What the page's script needs to decide whether to ask."""
    profile = Profile.objects.filter(user=user).only("travel_zone_answered").first()
    account = store.zone_name(store.user_zone(user))
    return {
        "account_zone": account,
        "account_city": city(account),
        "travel_answered": profile.travel_zone_answered if profile else "",
    }


@login_required
@require_POST
def travel(request: HttpRequest) -> HttpResponse:
    """ "Use <phone zone> time while you travel" or "Keep <account zone> time"."""
    device = request.POST.get("device_zone", "")
    if device not in available_timezones():
        messages.error(request, f"“{device[:64]}” is not a time zone this server knows.")
        return redirect("home")
    with transaction.atomic():  # the zone and "answered" change together
        if request.POST.get("choice") == "use":
            store.set_time_zone(request.user, ZoneInfo(device).key)  # reminders move too
            messages.success(request, f"Your diary now uses {city(device)} time.")
        else:
            kept = city(store.zone_name(store.user_zone(request.user)))
            messages.success(request, f"Your diary keeps {kept} time.")
        profile, _ = Profile.objects.get_or_create(user=request.user)
        profile.travel_zone_answered = device
        profile.save(update_fields=["travel_zone_answered", "updated_at"])
    return redirect("home")
