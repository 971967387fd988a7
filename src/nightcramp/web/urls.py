"""Root URLs. Each area of the app keeps its own url module or views module."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from nightcramp.web import views
from nightcramp.web.accounts import views as accounts
from nightcramp.web.accounts.forms import ThrottledAuthenticationForm
from nightcramp.web.insight import views as insight
from nightcramp.web.logbook import checkins, travel
from nightcramp.web.logbook import views as logbook

account_urls = [
    path("signup/", accounts.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=ThrottledAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", accounts.account, name="account"),
    path("zones/", accounts.zone_search, name="zone_search"),
    path(
        "password/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("email/", accounts.change_email, name="change_email"),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("export.json", accounts.export_data, name="export_data"),
    path("delete/", accounts.delete_account, name="delete_account"),
    path("theme/", accounts.set_theme, name="set_theme"),
]

urlpatterns = [
    path("", logbook.home, name="home"),
    path("cramp/", logbook.cramp_now, name="cramp_now"),
    path("episodes/<int:pk>/", logbook.episode, name="episode"),
    path("episodes/<int:pk>/quick/", logbook.episode_quick, name="episode_quick"),
    path("episodes/<int:pk>/edit/", logbook.episode_edit, name="episode_edit"),
    path("episodes/<int:pk>/delete/", logbook.episode_delete, name="episode_delete"),
    path("checkins/", checkins.checkins, name="checkins"),
    path("checkins/morning/", checkins.morning, name="morning"),
    path("checkins/evening/", checkins.evening, name="evening"),
    path("nights/<int:pk>/morning/", checkins.night_morning, name="night_morning"),
    path("nights/<int:pk>/evening/", checkins.night_evening, name="night_evening"),
    path("nights/<int:pk>/add-cramp/", logbook.episode_add, name="episode_add"),
    path("travel/", travel.travel, name="travel"),
    path("factors/", checkins.factors, name="factors"),
    path("factors/<int:pk>/delete/", checkins.factor_delete, name="factor_delete"),
    path("dashboard/", insight.dashboard, name="dashboard"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("accounts/", include(account_urls)),
    path("", include("nightcramp.web.care.urls")),
    path("", include("nightcramp.web.feeds.urls")),
]
