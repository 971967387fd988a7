"""The private, revocable calendar feed, and the FHIR download for a clinician's system.

``/calendar/`` (signed in) shows the link and the reminder times, lets the person change
them, and revoke the link (a new token replaces the old one at once).
``/calendar/<token>.ics`` needs no sign-in, because calendar apps cannot sign in: the
unguessable token is the key. It holds reminder times and tonight's trial arm, never any
cramp data, and an unknown or revoked token is a plain 404.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from nightcramp.diary.models import CalendarFeed, Profile, new_feed_token
from nightcramp.diary.store import user_zone
from nightcramp.web.accounts.forms import known_zone

PAST_DAYS = 7  # keep the last week in the calendar, so yesterday's reminders do not vanish
FUTURE_DAYS = 90
TIME_FORMATS = ["%H:%M"]


class ReminderTimesForm(forms.ModelForm):
    bedtime = forms.TimeField(
        label="Bedtime stretching routine",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": "Bedtime: enter a time such as 22:00."},
    )
    evening_checkin = forms.TimeField(
        label="Evening check-in",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": "Evening check-in: enter a time such as 21:00."},
    )
    morning_checkin = forms.TimeField(
        label="Morning check-in (last night: cramps or none?)",
        required=False,  # a form from before this reminder existed keeps the stored time
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": "Morning check-in: enter a time such as 07:30."},
    )

    class Meta:
        model = CalendarFeed
        fields = ["bedtime", "evening_checkin", "morning_checkin"]

    def __init__(self, *args, ask_zone: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if ask_zone:  # the profile has none: ask, never silently use the server's
            self.fields["time_zone"] = forms.CharField(
                label="Your time zone, such as Europe/London (the reminders' times are in it)",
                max_length=64,
                required=False,
                widget=forms.TextInput(  # app.js fills in this phone's zone
                    attrs={
                        "autocapitalize": "none",
                        "spellcheck": "false",
                        "data-fill-device-zone": "",
                    }
                ),
            )

    def clean_time_zone(self) -> str:
        typed = self.cleaned_data.get("time_zone", "").strip()
        return known_zone(typed) if typed else ""

    def clean_morning_checkin(self):
        return self.cleaned_data.get("morning_checkin") or self.instance.morning_checkin

    def save(self, commit: bool = True) -> CalendarFeed:
        """Save the times; a change bumps the revision (the feed's SEQUENCE) and its time
        (LAST-MODIFIED). A zone chosen here is saved on the profile."""
        feed = super().save(commit=False)
        zone = self.cleaned_data.get("time_zone")
        if zone:
            Profile.objects.update_or_create(user=feed.user, defaults={"time_zone": zone})
        if zone or set(self.changed_data) & {"bedtime", "evening_checkin", "morning_checkin"}:
            feed.revision += 1
            feed.modified_at = timezone.now()
        feed.save()
        return feed


DEFAULT_TIMES = {"bedtime": time(22, 0), "evening_checkin": time(21, 0)}


def chosen_zone(user) -> str:
    """The zone the person chose (their profile's), or "" when they have not chosen one."""
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    return profile.time_zone if profile else ""


def zone_note(user) -> str:
    """What the feed says about its zone when the person has not chosen one."""
    if chosen_zone(user):
        return ""
    return (
        f"No time zone is set in your nightcramp account, so these times are in "
        f"{user_zone(user).key}, the server's zone: set yours on nightcramp's Calendar page."
    )


def _feed_of(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults=DEFAULT_TIMES)
    return feed


def _links(request, feed: CalendarFeed) -> dict[str, str]:
    url = request.build_absolute_uri(reverse("feeds:calendar_ics", args=[feed.token]))
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    """The feed link, the reminder times and the form to change them (own feed only)."""
    feed = _feed_of(request.user)
    ask_zone = not chosen_zone(request.user)
    if request.method == "POST":
        form = ReminderTimesForm(request.POST, instance=feed, ask_zone=ask_zone)
        if form.is_valid():
            form.save()
            messages.success(
                request, "Reminder times saved. Subscribed calendars update by themselves."
            )
            return redirect("feeds:calendar")
    else:
        form = ReminderTimesForm(instance=feed, ask_zone=ask_zone)
    from nightcramp.reports.ics import active_trial_plan

    plan = active_trial_plan(request.user)
    return render(
        request,
        "feeds/calendar.html",
        {
            "feed": feed,
            "form": form,
            "links": _links(request, feed),
            "time_zone": user_zone(request.user).key,
            "zone_chosen": not ask_zone,
            "trial": plan.get("intervention") if isinstance(plan, dict) else None,
        },
        status=400 if form.is_bound else 200,  # a valid POST has redirected above
    )


@login_required
@require_POST
def calendar_revoke(request):
    """Replace the token: the old link stops working at once."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=request.user).first()
        if feed is None:
            feed = CalendarFeed(user=request.user, **DEFAULT_TIMES)
        feed.token = new_feed_token()
        feed.save()
    messages.success(
        request,
        "The old link no longer works. Subscribe your calendar app to the new link below.",
    )
    return redirect("feeds:calendar")


@require_safe  # GET and HEAD: calendar apps check a feed with HEAD before fetching it
def calendar_ics(request, token: str):
    """The person's reminders as iCalendar, found by the feed's secret token only."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    from nightcramp.reports.ics import (
        CalendarInputError,
        Revision,
        build_reminders_calendar,
        calendar_for_user,
        user_uid_namespace,
    )

    zone = user_zone(feed.user)
    start = datetime.now(zone).date() - timedelta(days=PAST_DAYS)
    times = {
        "bedtime": feed.bedtime,
        "evening_checkin": feed.evening_checkin,
        "morning_checkin": feed.morning_checkin,
        "revision": Revision(feed.revision, feed.modified_at),
        "zone_note": zone_note(feed.user),
    }
    try:
        data = calendar_for_user(
            feed.user, **times, time_zone=zone.key, start=start, days=PAST_DAYS + FUTURE_DAYS
        )
    except CalendarInputError:  # a stored plan the calendar cannot read: reminders still work
        data = build_reminders_calendar(
            time_zone=zone.key,
            start=start,
            days=PAST_DAYS + FUTURE_DAYS,
            uid_namespace=user_uid_namespace(feed.user),
            **times,
        )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nightcramp-reminders.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_GET
def fhir_export(request):
    """The diary as a FHIR R4 Bundle: ``?bundle=document`` (default, to hand over) or
    ``?bundle=transaction`` (to POST to a FHIR server). Pseudonymous: no name."""
    import json

    from nightcramp.reports.fhir import BUNDLE_TYPES, build_fhir_bundle

    kind = request.GET.get("bundle", "document")
    if kind not in BUNDLE_TYPES:
        return HttpResponseBadRequest(
            f"'bundle' = {kind!r}: use document or transaction.\n",
            content_type="text/plain; charset=utf-8",
        )
    data = build_fhir_bundle(request.user, bundle_type=kind)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/fhir+json"
    )
    stamp = datetime.now(user_zone(request.user)).strftime("%Y-%m-%d")
    name = f"nightcramp-fhir-{kind}-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
