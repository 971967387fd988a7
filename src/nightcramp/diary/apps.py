from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "nightcramp.diary"
    label = "diary"
    verbose_name = "Diary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import signals

        from nightcramp.diary.models import Profile

        # a zone remembered for the running request must follow a changed profile
        for signal in (signals.post_save, signals.post_delete):
            signal.connect(_forget_zone, sender=Profile, weak=False)


def _forget_zone(sender, instance, **kwargs) -> None:
    from nightcramp.diary.store import forget_zone

    forget_zone(instance.user_id)
