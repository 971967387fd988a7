"""The care pages: profile and medicines, assessment, bedtime routine, trials, report."""

from django.urls import path

from nightcramp.web.care import (
    assessment_views,
    profile_views,
    report_views,
    routine_views,
    trial_views,
)

app_name = "care"
urlpatterns = [
    path("profile/", profile_views.profile, name="profile"),
    path("medicines/", profile_views.medicine_list, name="medicines"),
    path("medicines/add/", profile_views.medicine_add, name="medicine_add"),
    path("medicines/<int:pk>/edit/", profile_views.medicine_edit, name="medicine_edit"),
    path("medicines/<int:pk>/delete/", profile_views.medicine_delete, name="medicine_delete"),
    path("assessment/", assessment_views.assessment, name="assessment"),
    path("assessment/history/", assessment_views.history, name="assessment_history"),
    path("assessment/<int:pk>/", assessment_views.detail, name="assessment_detail"),
    path("routine/", routine_views.routine, name="routine"),
    path("routine/start/", routine_views.start, name="routine_start"),
    path("routine/<int:pk>/", routine_views.session, name="routine_session"),
    path("routine/<int:pk>/finish/", routine_views.finish, name="routine_finish"),
    path("routine/<int:pk>/confirm/", routine_views.confirm, name="routine_confirm"),
    path("routine/<int:pk>/keep/", routine_views.keep_answer, name="routine_keep_answer"),
    path("trials/", trial_views.trial_list, name="trials"),
    path("trials/new/", trial_views.trial_new, name="trial_new"),
    path("trials/<int:pk>/", trial_views.trial_detail, name="trial_detail"),
    path("trials/<int:pk>/stop/", trial_views.trial_stop, name="trial_stop"),
    path("report.pdf", report_views.report_pdf, name="report_pdf"),
]
