"""Account forms. Labels are written for a person, not a database."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
)

from nightcramp.web.accounts import throttle


def valid_zone(name: str) -> bool:
    return name in available_timezones()


class SignUpForm(BaseUserCreationForm):
    """Username + password (twice), optional email. The browser's time zone rides along."""

    email = forms.EmailField(
        required=False,
        label="Email (optional)",
        help_text="Only to reset a forgotten password; kept private, never shared.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Password"
        self.fields["password1"].help_text = (
            "At least 8 characters you can see (spaces and invisible characters do not "
            "count); not a common password, not only digits, not the app's name."
        )
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = ""
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocomplete": "username"}
        )

    def clean_username(self) -> str:
        """One person per name whatever the case: "Alice" would sign in as someone else in
        the throttle's eyes and confuse the people who share a clinic's server."""
        username = self.cleaned_data.get("username", "")
        taken = get_user_model().objects.filter(username__iexact=username).exists()
        if username and taken:
            raise forms.ValidationError(
                f"Username: a user called “{username}” already exists (upper and lower case "
                "count as the same). Please choose another name."
            )
        return username

    def clean_time_zone(self) -> str:
        name = self.cleaned_data.get("time_zone", "").strip()
        return name if valid_zone(name) else ""


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form (usernames in any case), refusing once this username from this
    address, or this address altogether, failed too often (see throttle.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": throttle.REFUSED_MESSAGE,
    }

    def clean(self):
        username = self.data.get("username", "")
        address = throttle.client_address(self.request)
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.record_success(username, address)
        return cleaned


def check_reentered_password(user, password: str, address: str, wrong_message: str) -> None:
    """The password typed again before a grave change: throttled like signing in."""
    username = user.get_username()
    if throttle.is_locked(username, address):
        raise forms.ValidationError(throttle.REENTRY_REFUSED_MESSAGE, code="throttled")
    if not user.check_password(password):
        throttle.record_failure(username, address)
        raise forms.ValidationError(wrong_message, code="password_incorrect")
    throttle.record_success(username, address)


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, address: str = "", **kwargs) -> None:
        self.address = address
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        check_reentered_password(
            self.user, old_password, self.address, self.error_messages["password_incorrect"]
        )
        return old_password


class TimeZoneForm(forms.Form):
    """The account's zone by its IANA name (case and spaces forgiven); the search on the
    account page fills it in, and it works as a plain text field without JavaScript."""

    time_zone = forms.CharField(
        label="Your time zone",
        max_length=64,
        help_text="Its full name, such as Europe/London or America/New_York. It decides "
        "which night a cramp belongs to and when night mode starts.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": "Time zone: type a name such as Europe/London."},
    )

    def clean_time_zone(self) -> str:
        return known_zone(self.cleaned_data["time_zone"])


def known_zone(typed: str) -> str:
    """The IANA name a person typed (case and spaces forgiven), or a field error that names
    what they typed and suggests what they may have meant."""
    from nightcramp.web.accounts import zones

    name = zones.canonical_name(typed)
    if name is None:
        found, _ = zones.search(typed.rsplit("/", 1)[-1], limit=3)
        hint = f" Did you mean {' or '.join(z.name for z in found)}?" if found else ""
        raise forms.ValidationError(
            f"Time zone: “{typed}” is not a time zone this server knows.{hint} "
            "Nothing was changed.",
            code="unknown_zone",
        )
    return name


class PasswordReentryForm(forms.Form):
    """A grave change asks for the password again; the check is throttled (throttle.py)."""

    wrong_password_message = "That is not your password. Nothing was changed."
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, address: str = "", **kwargs) -> None:
        self.user = user
        self.address = address
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        check_reentered_password(self.user, password, self.address, self.wrong_password_message)
        return password


class EmailForm(PasswordReentryForm):
    """The address a password-reset link goes to; empty removes it."""

    field_order = ["email", "password"]
    email = forms.EmailField(
        required=False,
        label="Email address",
        help_text="Only to reset a forgotten password; leave empty to remove it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "password"
        ].help_text = "Asked so that nobody at your unlocked phone can take over your account."


class DeleteAccountForm(PasswordReentryForm):
    wrong_password_message = "That is not your password. Nothing was deleted."
    confirm = forms.BooleanField(
        label="I understand this deletes my account and all my diary data for good."
    )
