from __future__ import annotations

from django import forms
from django.conf import settings

from safepost.app.accounts.rules import Role
from safepost.engine import DIRECTIONS, KINDS

KIND_LABELS = {
    "post": "Post", "caption": "Caption", "review_reply": "Reply to a review",
    "comment_reply": "Reply to a comment", "comment": "Comment (from the public)",
    "review": "Review (from the public)", "direct_message": "Direct message",
    "story_text": "Story text", "bio": "Profile bio",
}


class LoginForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(max_length=256, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TotpForm(forms.Form):
    code = forms.RegexField(regex=r"^\s*\d{3}\s?\d{3}\s*$", max_length=8, label="6-digit code",
                            error_messages={"invalid": "Enter the 6 digits your authenticator app shows."},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True, "pattern": r"[0-9 ]*"}))


class PasskeyForm(forms.Form):
    """The name a person gives a new passkey; the rest of the ceremony is JSON (web/passkeys.py)."""
    name = forms.CharField(max_length=60, required=False, label="Name for this passkey",
                           widget=forms.TextInput(attrs={"placeholder": "Work laptop", "autocomplete": "off", "data-passkey-name": ""}))


class ScanForm(forms.Form):
    text = forms.CharField(strip=False, required=True,
                           widget=forms.Textarea(attrs={"rows": 7, "spellcheck": "true"}))
    direction = forms.ChoiceField(choices=[("outbound", "We are publishing it"), ("inbound", "Someone wrote it to us")],
                                  initial="outbound")
    kind = forms.ChoiceField(choices=[(k, KIND_LABELS.get(k, k)) for k in KINDS], initial="post")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = settings.SCAN_MAX_CHARS
        self.fields["text"].widget.attrs["maxlength"] = settings.SCAN_MAX_CHARS
        assert set(d for d, _ in self.fields["direction"].choices) == set(DIRECTIONS)


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100)


class MemberForm(forms.Form):
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in Role], required=False)
    remove = forms.BooleanField(required=False)

    def clean(self):
        d = super().clean()
        if not d.get("remove") and not d.get("role"):
            raise forms.ValidationError("Choose a role.")
        return d
