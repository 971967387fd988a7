"""Sign-in that ignores the case of the username, as sign-up already does ("Nora" = "nora")."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class CaseInsensitiveModelBackend(ModelBackend):
    """Django's ModelBackend, finding the user by username whatever its case.

    An exact match wins; otherwise the one user whose name differs only by case. Two such
    users (made before sign-up refused them) are ambiguous: each must type their exact name.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = self.find(username)
        if user is None:
            model().set_password(password)  # the same work as a wrong password: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def find(username: str):
        model = get_user_model()
        field = model.USERNAME_FIELD
        try:
            return model._default_manager.get(**{field: username})
        except model.DoesNotExist:
            pass
        matches = list(model._default_manager.filter(**{f"{field}__iexact": username})[:2])
        return matches[0] if len(matches) == 1 else None
