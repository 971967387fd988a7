"""The dashboard: how the nights went, what seems linked to cramps, medicines over time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Factor, Muscle
from nightcramp.web.insight import cache, charts
from nightcramp.web.insight.analysis import medicine_timeline, routine_by_week, trigger_report
from nightcramp.web.logbook import daytime, summary

MAP_MUSCLES = [
    (Muscle.FRONT_THIGH, "Front of thigh"),
    (Muscle.BACK_THIGH, "Back of thigh"),
    (Muscle.CALF, "Calf"),
    (Muscle.FOOT, "Foot"),
    (Muscle.TOES, "Toes"),
]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Computed once per change of the diary (see cache.py), then read in one query."""
    user = request.user
    last = daytime.last_night(user)
    context = cache.cached(user.pk, f"dashboard 4 {last}", lambda: dashboard_context(user, last))
    return render(request, "web/dashboard.html", context)


def dashboard_context(user, last) -> dict:
    table = store.load_table(user)  # every night in date order: the charts use it too
    rows = table.rows
    latest = max([last] + [r.night for r in rows])
    episodes = list(
        Episode.objects.filter(user=user).only(
            "occurred_at", "time_zone", "leg", "muscle", "relieved_by"
        )
    )
    chart_list = [
        charts.cramps_per_week([(r.night, r.cramps) for r in rows], latest),
        charts.severity_over_time([(r.night, r.max_severity) for r in rows], latest),
        charts.time_of_night([e.local_time for e in episodes]),  # each on its own clock
        charts.leg_muscle_map([(e.leg, e.muscle) for e in episodes], MAP_MUSCLES),
    ]
    recorded = [r for r in rows if r.cramps is not None]
    return {
        "charts": chart_list,
        "streak": summary.current_streak(user, last),
        "nights_recorded": len(recorded),
        "cramp_free": sum(1 for r in recorded if r.cramps == 0),
        "total_cramps": sum(r.cramps for r in recorded),
        "triggers": trigger_report(user, table),
        "timeline": medicine_timeline(user, table),
        "imported_factors": [  # where imported numbers come from, what they measure
            {"label": f.label, "description": f.description}
            for f in Factor.objects.filter(user=user).exclude(description="")
        ],
        "routine_weeks": routine_by_week(user),
        "what_helped": what_helped(episodes),
    }


def what_helped(episodes: list[Episode]) -> dict:
    """The person's own answers to "what helped?", counted over their logged cramps."""
    from nightcramp.reports.summary import relief_counts

    answered = [e for e in episodes if e.relieved_by]
    return {"cramps": len(episodes), "answered": len(answered), "rows": relief_counts(answered)}
