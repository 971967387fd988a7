"""The web app's own table: each person's diary version and the dashboard computed at it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DiaryState(models.Model):
    """``version`` goes up after every write to the person's diary (see insight/cache.py);
    ``payload`` is the dashboard computed at ``computed_version`` for ``computed_key``, and
    ``summary`` a small result for the home screen, kept the same way."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField(default=0)
    computed_version = models.BigIntegerField(null=True)
    computed_key = models.CharField(max_length=100, blank=True)
    payload = models.BinaryField(null=True)
    # the home screen's streaks, computed at ``summary_version`` for ``summary_key``
    summary_version = models.BigIntegerField(null=True)
    summary_key = models.CharField(max_length=100, blank=True)
    summary = models.JSONField(null=True)

    def __str__(self) -> str:
        return f"diary version {self.version} of user {self.user_id}"
