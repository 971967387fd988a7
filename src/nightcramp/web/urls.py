"""Root URLs. Each area of the app keeps its own url module."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from nightcramp.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("nightcramp.web.care.urls")),
    path("", include("nightcramp.web.feeds.urls")),
]
