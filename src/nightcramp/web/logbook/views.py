"""Home (night mode), cramp logging and episode editing."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Leg, Muscle, Night, Relief, Trial
from nightcramp.web.care.trial_views import medicine_note_for
from nightcramp.web.logbook import daytime, redflag, summary, travel
from nightcramp.web.logbook.forms import DURATIONS, EpisodeForm
from nightcramp.web.logbook.relief import relief_steps


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = daytime.local_now(user)
    screen = request.GET.get("screen")
    night_mode = screen == "night" or (screen != "day" and daytime.is_night_time(now.time()))
    last = daytime.last_night(user)
    context = {
        "night_mode": night_mode,
        "now": now,
        "red_flag": redflag.recent_red_flag(user, now.date()),
        "tonight_episodes": tonight_episodes(user),
        **travel.travel_context(user),
    }
    if not night_mode:
        context.update(day_context(user, now, last))
    return render(request, "web/home.html", context)


def tonight_episodes(user) -> list[Episode]:
    """The cramps logged for the night in progress (or just ended), earliest first."""
    return list(Episode.objects.filter(user=user, night__night=store.tonight(user)))


def day_context(user, now, last) -> dict:
    tonight = store.tonight(user)
    # last night, this evening's row and the week before, read at once
    recent = list(
        Night.objects.filter(
            user=user, night__gt=last - timedelta(days=7), night__lte=max(last, now.date())
        )
    )
    by_date = {n.night: n for n in recent}
    last_row, tonight_row = by_date.get(last), by_date.get(now.date())
    trial = Trial.objects.filter(user=user, status=Trial.Status.ACTIVE).first()
    return {
        "last_night": last,
        "last_row": last_row,
        "needs_morning": last_row is None or last_row.cramps is None,
        "needs_evening": now.hour >= 17
        and (tonight_row is None or tonight_row.evening_checked_in_at is None),
        "week": summary.last_seven(recent, last),
        "streak": summary.current_streak(user, last),
        "trial": trial,
        "trial_arm": daytime.trial_arm(trial.plan, tonight) if trial else None,
        "trial_not_started": bool(trial and trial.start > tonight),
        "trial_medicine_note": medicine_note_for(trial.intervention) if trial else None,
        "recent_episodes": Episode.objects.filter(user=user).order_by("-occurred_at")[:5],
    }


DOUBLE_TAP_SECONDS = 15


@login_required
@require_POST
def cramp_now(request: HttpRequest) -> HttpResponse:
    """One tap: the cramp is saved before anything else is asked.

    The page's script sends the tap's own time (``tapped_at``, ISO 8601) and a key for the
    tap (``client_key``, a UUID): a tap kept on the phone while offline arrives later with
    its real time, and sending it again returns the same cramp. A second tap within a few
    seconds of another (a shaky double tap at 3 a.m.) is the same cramp too.
    """
    try:
        key, tapped_at = tap_of(request.POST)
    except ValueError as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        messages.error(request, f"The cramp was not saved: {error}")
        return redirect("home")
    episode = double_tap(request.user, key, tapped_at) or store.record_episode(
        request.user, occurred_at=tapped_at, client_key=key
    )
    if wants_json(request):
        url = reverse("episode", args=[episode.pk])
        return JsonResponse({"ok": True, "url": url, "time": f"{episode.clock:%H:%M}"})
    return redirect("episode", pk=episode.pk)


def tap_of(posted) -> tuple[uuid.UUID | None, datetime]:
    """The tap's key and time as the phone sent them (now, for a page without the script)."""
    key = posted.get("client_key", "")
    try:
        key = uuid.UUID(key) if key else None
    except ValueError:
        raise ValueError("the tap's key is not valid; please tap again") from None
    raw = posted.get("tapped_at", "")
    if not raw:
        return key, timezone.now()
    tapped_at = parse_datetime(raw.replace("Z", "+00:00")) if len(raw) < 40 else None
    if tapped_at is None or tapped_at.tzinfo is None:
        raise ValueError(f"“{raw[:40]}” is not a time the phone could have sent")
    store.check_tap_time(tapped_at)
    return key, tapped_at


def double_tap(user, key, tapped_at: datetime) -> Episode | None:
    """The cramp this tap repeats: the same key, or a tap within DOUBLE_TAP_SECONDS."""
    if key is not None:
        same = Episode.objects.filter(user=user, client_key=key).first()
        if same is not None:
            return same
    window = timedelta(seconds=DOUBLE_TAP_SECONDS)
    near = Episode.objects.filter(
        user=user, occurred_at__gte=tapped_at - window, occurred_at__lte=tapped_at + window
    )
    return near.last()


QUICK_FIELDS = {
    "leg": dict(Leg.choices),
    "muscle": dict(Muscle.choices),
    "severity": {str(i): str(i) for i in range(11)},
    "duration_seconds": {str(s): label for s, label in DURATIONS},
    "woke_me": {"yes": "Yes", "no": "No"},
    "relieved_by": dict(Relief.choices),
}


@login_required
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen after "Cramp now": one-tap details and what to do now."""
    obj = get_object_or_404(Episode, pk=pk, user=request.user)
    steps = relief_steps()
    return render(
        request,
        "web/episode.html",
        {
            "episode": obj,
            "legs": Leg.choices,
            "muscles": Muscle.choices,
            "severities": range(11),
            "durations": DURATIONS,
            "woke": [("yes", "Yes"), ("no", "No")],
            "reliefs": [(v, label, v in obj.relieved_by) for v, label in Relief.choices],
            "steps": steps,
            "sources": sorted({s for step in steps for s in step.sources}),
        },
    )


@login_required
@require_POST
def episode_quick(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one detail at once (a tap on the next screen). JSON for the script, else redirect.

    "What helped?" takes several answers: each tap says whether its own answer helped
    (``helped`` yes/no, yes when left out), the other answers stay as they are."""
    obj = get_object_or_404(Episode, pk=pk, user=request.user)
    field, value = request.POST.get("field", ""), request.POST.get("value", "")
    helped = request.POST.get("helped", "yes")
    choices = QUICK_FIELDS.get(field)
    if choices is None or value not in choices:
        return _quick_refused(
            request, obj, f"“{value}” is not a choice for {field or 'that question'}"
        )
    if field == "relieved_by" and helped not in ("yes", "no"):
        return _quick_refused(request, obj, f"“{helped}” is not yes or no for what helped")
    with transaction.atomic():
        obj = Episode.objects.select_for_update().get(pk=obj.pk)
        if field == "relieved_by":
            obj.set_relief(value, helped == "yes")
        else:
            setattr(obj, field, _quick_value(field, value))
        obj.save()
        obj.night.recount()
    saved = f"Saved: {_relief_words(obj.relieved_by) if field == 'relieved_by' else choices[value]}"
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "field": field,
                "value": value,
                "relieved_by": obj.relieved_by,
                "message": saved,
            }
        )
    messages.success(request, saved)
    return redirect("episode", pk=obj.pk)


def _quick_refused(request: HttpRequest, obj: Episode, problem: str) -> HttpResponse:
    message = f"Could not save: {problem}."
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=400)
    messages.error(request, message)
    return redirect("episode", pk=obj.pk)


def _relief_words(answers: list[str]) -> str:
    labels = dict(Relief.choices)
    if not answers:
        return "nothing marked as having helped"
    return "what helped: " + ", ".join(labels[a] for a in answers)


def _quick_value(field: str, value: str):
    if field in ("severity", "duration_seconds"):
        return int(value)
    if field == "woke_me":
        return value == "yes"
    return value


@login_required
def episode_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """All details of a cramp; a corrected time may move it to another night, whose count
    follows (a morning answer never changes)."""
    obj = get_object_or_404(Episode, pk=pk, user=request.user)
    form = EpisodeForm(request.POST or None, instance=obj, zone=obj.zone)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            edited = form.save(commit=False)
            store.move_episode(edited, edited.occurred_at)
        messages.success(request, "Cramp details saved.")
        if form.cleaned_data.get("swollen"):
            messages.error(request, redflag.SAVED_WARNING)
        return redirect("checkins")
    return render(request, "web/episode_edit.html", {"form": form, "episode": obj})


@login_required
def episode_delete(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Episode, pk=pk, user=request.user)
    if request.method == "POST":
        store.delete_episode(obj)
        messages.success(request, "Cramp deleted.")
        return redirect("checkins")
    return render(request, "web/episode_delete.html", {"episode": obj})


FORGOTTEN_CRAMP_AT = time(3, 0)  # where the time field starts; the person sets the real one


@login_required
def episode_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A cramp remembered in the morning. Nothing is saved until its form is saved, so
    Cancel leaves nothing behind; only a night that is over can take one."""
    night = get_object_or_404(Night, pk=pk, user=request.user)
    if night.night > store.last_finished_night(request.user):
        messages.error(
            request,
            f"The night of {night.night:%a %d %b} is not over yet, so a cramp cannot be added "
            "for it afterwards: use “Cramp now” when one comes.",
        )
        return redirect("night_morning", pk=night.pk)
    zone = store.user_zone(request.user)
    start = datetime.combine(night.night + timedelta(days=1), FORGOTTEN_CRAMP_AT)
    form = EpisodeForm(
        request.POST or None,
        instance=Episode(user=request.user, night=night),
        zone=zone,
        initial={"occurred_at": start},
    )
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        fields = {f: getattr(draft, f) for f in EPISODE_DETAILS}
        store.record_episode(request.user, occurred_at=draft.occurred_at, zone=zone, **fields)
        messages.success(request, "Cramp added.")
        return redirect("night_morning", pk=night.pk)
    return render(request, "web/episode_add.html", {"form": form, "night": night})


EPISODE_DETAILS = (
    "leg",
    "muscle",
    "severity",
    "duration_seconds",
    "woke_me",
    "relieved_by",
    "notes",
)
