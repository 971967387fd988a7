"""Account forms. Labels are written for a person, not a database."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from nightcramp.web.accounts import throttle


def zone_choices() -> list[tuple[str, str]]:
    return [
        (z, z.replace("_", " ")) for z in sorted(available_timezones()) if "/" in z or z == "UTC"
    ]


def valid_zone(name: str) -> bool:
    return name in available_timezones()


class SignUpForm(BaseUserCreationForm):
    """Username + password (twice), optional email. The browser's time zone rides along."""

    email = forms.EmailField(
        required=False, label="Email (optional)", help_text="Kept private; never shared."
    )
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters; not a common password, not only digits."
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
    """Django's sign-in form, refusing early once a username or address failed too often."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": throttle.REFUSED_MESSAGE,
    }

    def clean(self):
        username = self.data.get("username", "")
        address = throttle.client_address(self.request) if self.request else ""
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear_user(username)
        return cleaned


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        help_text="Decides which night a cramp belongs to and when night mode starts.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand this deletes my account and all my diary data for good."
    )

    def __init__(self, user, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password
