from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nightcramp.web"
    label = "web"
    verbose_name = "nightcramp web app"
