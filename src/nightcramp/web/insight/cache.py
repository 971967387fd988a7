"""The dashboard, computed once per change of the diary.

Every write to a person's diary bumps their diary version (``DiaryState.version``):
- each save of a diary row, by signals: inside the write's transaction and before the row
  is written (the version commits with the data, and its row is the first lock taken, so
  two writers never deadlock), or just after it when there is no transaction;
- deletes and bulk writes send no per-row signals (deleting an account stays one query
  per table), so as a catch-all the web app bumps after every request that may write
  (``DiaryVersionMiddleware``) and the CLI when a command that opened the diary ends.
Writes do nothing else: they never wait for a recomputation. The next dashboard view
finds the stored result stale and computes it again, once; every later view reads it
back in one query, however long the diary. A result is stored only if the version did
not move while it was computed (compare-and-set), so a stale dashboard is never shown
once a write's response has been sent. Anything that writes to the database by other
means (a script, a restore) must call ``bump`` or ``forget_all``.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from nightcramp.web.models import DiaryState

log = logging.getLogger(__name__)
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def bump(user_id: int) -> None:
    """Mark the person's diary as changed: cached results are not shown any more."""
    DiaryState.objects.filter(user_id=user_id).update(version=F("version") + 1)


def connect_signals() -> None:
    """Bump on every save of a row of the diary app (called at start-up)."""
    from django.apps import apps
    from django.db.models import signals

    for model in apps.get_app_config("diary").get_models():
        if any(f.name == "user" for f in model._meta.fields):
            signals.pre_save.connect(_before_write, sender=model, weak=False)
            signals.post_save.connect(_after_write, sender=model, weak=False)


def _before_write(sender, instance, using: str = "default", **kwargs) -> None:
    if instance.user_id is not None and transaction.get_connection(using).in_atomic_block:
        bump(instance.user_id)


def _after_write(sender, instance, using: str = "default", **kwargs) -> None:
    if instance.user_id is not None and not transaction.get_connection(using).in_atomic_block:
        bump(instance.user_id)


def forget_all() -> None:
    """Drop every stored result (after a restore, or a bulk load done by hand)."""
    DiaryState.objects.update(
        version=F("version") + 1,
        payload=None,
        computed_version=None,
        summary=None,
        summary_version=None,
    )


def cached(user_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """The result of ``compute()`` for this user's diary as it is now and for ``key``
    (what else it depends on, e.g. the date), from the store when still valid."""
    state = _state(user_id)
    if state.computed_version == state.version and state.computed_key == key:
        try:
            return pickle.loads(state.payload)
        except Exception:  # written by an older version of the app: compute it again
            log.warning("dropping an unreadable cached dashboard", exc_info=True)
    result = compute()
    DiaryState.objects.filter(user_id=user_id, version=state.version).update(
        computed_version=state.version,
        computed_key=key,
        payload=pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
    )
    return result


def cached_summary(user_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """Like ``cached``, for a small JSON result kept beside the dashboard (the home
    screen's streaks): read without the dashboard's payload, stored only if the diary did
    not change while it was computed."""
    fields = ("version", "summary_version", "summary_key", "summary")
    state = DiaryState.objects.filter(user_id=user_id).only(*fields).first() or _state(user_id)
    if state.summary_version == state.version and state.summary_key == key:
        return state.summary
    result = compute()
    DiaryState.objects.filter(user_id=user_id, version=state.version).update(
        summary_version=state.version, summary_key=key, summary=result
    )
    return result


def _state(user_id: int) -> DiaryState:
    state = DiaryState.objects.filter(user_id=user_id).first()
    if state is not None:
        return state
    try:
        with transaction.atomic():
            return DiaryState.objects.create(user_id=user_id)
    except IntegrityError:  # another request made it first
        return DiaryState.objects.get(user_id=user_id)


class DiaryVersionMiddleware:
    """After any request that may have written to the signed-in person's diary, bump its
    version (the view's own transaction has committed by then)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in WRITING_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                bump(user.pk)
        return response


def bump_at_exit(user_id: int) -> None:
    """For the CLI: bump the version when the command ends (after its writes)."""
    import atexit

    atexit.register(_bump_quietly, user_id)


def _bump_quietly(user_id: int) -> None:
    try:
        bump(user_id)
    except Exception:  # the database went away (a deleted data folder, a test's end)
        log.debug("could not bump the diary version at exit", exc_info=True)
