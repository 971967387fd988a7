from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nightcramp.web"
    label = "web"
    verbose_name = "nightcramp web app"

    def ready(self) -> None:
        from nightcramp.web.insight.cache import connect_signals

        connect_signals()
