"""Morning and evening check-ins, the history of nights, and the person's own factors."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

from nightcramp.diary import factors as builtin_factors
from nightcramp.diary import store
from nightcramp.diary.models import (
    Factor,
    FactorValue,
    Medicine,
    MedicineIntake,
    Night,
)
from nightcramp.web.logbook import daytime, redflag
from nightcramp.web.logbook.forms import (
    EveningForm,
    FactorForm,
    MorningForm,
    factor_field_name,
    medicine_field_name,
)

HISTORY_NIGHTS = 60


# --- morning -----------------------------------------------------------------


@login_required
def morning(request: HttpRequest) -> HttpResponse:
    night = _date_param(request.GET.get("night")) or daytime.last_night(request.user)
    existing = Night.objects.filter(user=request.user, night=night).first()
    return morning_form(request, night, existing)


@login_required
def night_morning(request: HttpRequest, pk: int) -> HttpResponse:
    existing = get_object_or_404(Night, pk=pk, user=request.user)
    return morning_form(request, existing.night, existing)


def morning_form(request: HttpRequest, night: date, existing: Night | None) -> HttpResponse:
    today = daytime.local_now(request.user).date()
    last_over = daytime.last_night(request.user)
    form = MorningForm(
        request.POST or None,
        today=today,
        last_over=last_over,
        initial=_morning_initial(night, existing),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            saved = store.morning_checkin(
                request.user, data["night"], form.count(), soreness=data["soreness"]
            )
            saved.soreness = data["soreness"]
            saved.notes = redflag.with_marker(data["notes"], data["swollen"])
            saved.save(update_fields=["soreness", "notes"])
        if data["swollen"]:
            messages.warning(request, "You ticked a swollen, red or warm leg: please read below.")
        else:
            messages.success(request, f"Saved: night of {saved.night:%a %d %b}.")
        if saved.cramps > form.count():
            messages.warning(request, _kept_logged_cramps(saved.cramps, form.count()))
            return redirect("night_morning", pk=saved.pk)
        if saved.cramps and saved.cramps > saved.episodes.count():
            return redirect("night_morning", pk=saved.pk)
        return redirect("home")
    episodes = existing.episodes.all() if existing else []
    return render(
        request,
        "web/morning.html",
        {
            "form": form,
            "night": night,
            "existing": existing,
            "episodes": episodes,
            "night_over": night <= last_over,
            "red_flag": redflag.recent_red_flag(request.user, today),
        },
    )


def _kept_logged_cramps(logged: int, answered: int) -> str:
    """Said fewer cramps than were logged with "Cramp now": the logged ones count."""
    said = "no cramps" if answered == 0 else f"{answered} cramp{'s' if answered != 1 else ''}"
    return (
        f"You answered {said}, but {logged} cramp{'s were' if logged != 1 else ' was'} "
        "logged that night, so the night counts "
        f"{logged}. If a tap was a mistake, open it below (Edit details) and delete it."
    )


def _morning_initial(night: date, existing: Night | None) -> dict:
    initial = {"night": night, "had_cramps": "no"}
    if existing is None:
        return initial
    cramps = existing.reported_cramps
    if cramps is None:
        cramps = existing.episodes.count()
    if cramps:
        initial.update(had_cramps="yes", cramps=cramps)
    if existing.soreness is not None:
        initial["soreness"] = str(int(existing.soreness))
    initial["swollen"] = redflag.has_marker(existing.notes)
    initial["notes"] = redflag.without_marker(existing.notes)
    return initial


# --- evening -----------------------------------------------------------------


def factor_specs(user) -> list:
    """The built-in factors first (in their order), then the person's own ones."""
    custom = list(Factor.objects.filter(user=user, builtin=False))
    return list(builtin_factors.BUILTIN) + custom


def medicines_on(user, night: date) -> list[Medicine]:
    return list(
        Medicine.objects.filter(user=user)
        .filter(Q(started__isnull=True) | Q(started__lte=night))
        .filter(Q(stopped__isnull=True) | Q(stopped__gte=night))
    )


@login_required
def evening(request: HttpRequest) -> HttpResponse:
    night = _date_param(request.GET.get("night")) or store.tonight(request.user)
    existing = Night.objects.filter(user=request.user, night=night).first()
    return evening_form(request, night, existing)


@login_required
def night_evening(request: HttpRequest, pk: int) -> HttpResponse:
    existing = get_object_or_404(Night, pk=pk, user=request.user)
    return evening_form(request, existing.night, existing)


def evening_form(request: HttpRequest, night: date, existing: Night | None) -> HttpResponse:
    user = request.user
    today = daytime.local_now(user).date()
    specs = factor_specs(user)
    if request.method == "POST":
        posted = _date_param(request.POST.get("night"))
        medicines = medicines_on(user, posted or night)
    else:
        medicines = medicines_on(user, night)
    initial, prefilled = _evening_initial(user, night, existing, specs, medicines)
    form = EveningForm(
        request.POST or None,
        factors=specs,
        medicines=medicines,
        today=today,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            values = store.coerce_factor_values(user, form.factor_values())
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            with transaction.atomic():
                saved = store.evening_checkin(user, form.cleaned_data["night"], values)
                save_intakes(user, saved, form.medicine_doses())
            messages.success(request, f"Saved: evening of {saved.night:%a %d %b}. Sleep well.")
            return redirect("home")
    return render(
        request,
        "web/evening.html",
        {
            "form": form,
            "night": night,
            "prefilled": prefilled,
            "factor_fields": [form[factor_field_name(s.name)] for s in specs],
            "medicine_fields": [form[medicine_field_name(m.id)] for m in medicines],
        },
    )


def save_intakes(user, night: Night, doses: dict[int, float]) -> None:
    for medicine_id, amount in doses.items():
        if amount > 0:
            MedicineIntake.objects.update_or_create(
                night=night,
                medicine_id=medicine_id,
                defaults={"user": user, "doses": amount},
            )
        else:
            MedicineIntake.objects.filter(user=user, night=night, medicine_id=medicine_id).delete()


def _evening_initial(user, night: date, existing, specs, medicines) -> tuple[dict, bool]:
    """This night's values; if it has none yet, the last evening's (quicker to confirm)."""
    initial: dict = {"night": night}
    source = existing if existing and existing.evening_checked_in_at else None
    prefilled = False
    if source is None:
        source = (
            Night.objects.filter(user=user, night__lt=night, evening_checked_in_at__isnull=False)
            .order_by("-night")
            .first()
        )
        prefilled = source is not None
    by_name = {}
    if source is not None:
        by_name = {
            name: value
            for name, value in FactorValue.objects.filter(user=user, night=source).values_list(
                "factor__name", "value"
            )
        }
    for spec in specs:
        value = by_name.get(spec.name)
        if value is None:
            continue
        if spec.kind == "boolean":
            initial[factor_field_name(spec.name)] = "yes" if value else "no"
        elif spec.kind == "scale":
            initial[factor_field_name(spec.name)] = str(int(value))
        else:
            initial[factor_field_name(spec.name)] = _number(value)
    taken = {}
    if source is not None:
        taken = dict(
            MedicineIntake.objects.filter(user=user, night=source).values_list(
                "medicine_id", "doses"
            )
        )
    for medicine in medicines:
        if medicine.as_needed:
            initial[medicine_field_name(medicine.id)] = _number(taken.get(medicine.id, 0))
        else:
            has_record = source is not None
            initial[medicine_field_name(medicine.id)] = medicine.id in taken if has_record else True
    return initial, prefilled


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# --- history -----------------------------------------------------------------


@login_required
def checkins(request: HttpRequest) -> HttpResponse:
    user = request.user
    before = _date_param(request.GET.get("before"))
    listed = Night.objects.filter(user=user)
    if before is not None:
        listed = listed.filter(night__lt=before)
    page = list(listed.order_by("-night").prefetch_related("episodes")[: HISTORY_NIGHTS + 1])
    nights, older = page[:HISTORY_NIGHTS], len(page) > HISTORY_NIGHTS
    label_rows(nights)
    last = daytime.last_night(user)
    return render(
        request,
        "web/checkins.html",
        {
            "nights": nights,
            "before": before,
            "older_than": nights[-1].night if older else None,
            "missing": [] if before else missing_nights(nights, last),
            "last_night": last,
            "tonight": store.tonight(user),
        },
    )


def label_rows(nights: list[Night]) -> None:
    """What the list shows of each night, made once in Python: the page lists up to
    HISTORY_NIGHTS nights, and a template tag per date and link per row cost more than the
    rest of the page together."""
    morning_url, evening_url = url_maker("night_morning"), url_maker("night_evening")
    edit_url = url_maker("episode_edit")
    account_zone = timezone.get_current_timezone_name()
    for n in nights:
        n.red_flag = redflag.has_marker(n.notes) or any(
            redflag.has_marker(e.notes) for e in n.episodes.all()
        )
        n.clean_notes = redflag.without_marker(n.notes)
        n.date_label, n.day_month = long_date(n.night), day_month(n.night)
        n.morning_url, n.evening_url = morning_url(n.pk), evening_url(n.pk)
        for e in n.episodes.all():
            e.edit_url, e.hour_minute = edit_url(e.pk), f"{e.clock:%H:%M}"
            # as web/_episode_time.html writes it: the clock, and whose clock if not ours
            other_clock = e.time_zone and e.time_zone != account_zone
            e.time_label = f"{e.hour_minute} {e.zone_city} time" if other_clock else e.hour_minute


def url_maker(name: str):
    """``reverse(name, args=[pk])`` for many rows: reversed once, the number put in."""
    marker = "987654321"
    before, after = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{before}{pk}{after}"


def day_month(day: date) -> str:
    """Django's ``date:"j M"`` ("3 Jun"), in the same English names."""
    return f"{day.day} {MONTHS_3[day.month].title()}"


def long_date(day: date) -> str:
    """Django's ``date:"D j M Y"`` ("Wed 3 Jun 2026")."""
    return f"{WEEKDAYS_ABBR[day.weekday()]} {day_month(day)} {day.year}"


def missing_nights(nights: list[Night], last: date, days: int = 14) -> list[date]:
    """Recent nights with no row at all (never checked in), newest first, so they can be."""
    if not nights:
        return []
    known = {n.night for n in nights}
    first = max(min(known), last - timedelta(days=days - 1))
    span = (last - first).days + 1
    return [d for d in (last - timedelta(days=i) for i in range(span)) if d not in known]


# --- factors of one's own -------------------------------------------------------


@login_required
def factors(request: HttpRequest) -> HttpResponse:
    form = FactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        factor = store.ensure_factor(request.user, data["name"], data["kind"], data["label"])
        if data["unit"]:
            factor.unit = data["unit"]
            factor.save(update_fields=["unit"])
        messages.success(request, f"Added “{factor.label}” to your evening check-in.")
        return redirect("factors")
    own = Factor.objects.filter(user=request.user, builtin=False)
    return render(
        request,
        "web/factors.html",
        {"form": form, "own": own, "builtin": builtin_factors.BUILTIN},
    )


@login_required
def factor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    factor = get_object_or_404(Factor, pk=pk, user=request.user, builtin=False)
    if request.method == "POST":
        label = factor.label
        factor.delete()  # its nightly values go with it
        messages.success(request, f"Removed “{label}” and its recorded values.")
        return redirect("factors")
    count = factor.values.count()
    return render(request, "web/factor_delete.html", {"factor": factor, "count": count})


def _date_param(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
