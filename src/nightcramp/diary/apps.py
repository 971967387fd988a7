from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "nightcramp.diary"
    label = "diary"
    verbose_name = "Diary"
    default_auto_field = "django.db.models.BigAutoField"
