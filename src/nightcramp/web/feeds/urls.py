from django.urls import path

from nightcramp.web.feeds import views

app_name = "feeds"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="calendar_ics"),
    path("export.fhir.json", views.fhir_export, name="fhir_export"),
]
