"""Password strength (issue 10): zxcvbn's estimate of how guessable a password is, and no part
of the person's e-mail name in it. A Django password validator (settings.AUTH_PASSWORD_VALIDATORS),
so every place that sets a password goes through it: `safepost createuser`, the invitation page
and any later password change (services.validate_new_password)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

MIN_SCORE = 3          # zxcvbn: 0 too guessable … 4 very unguessable; 3 = "safely unguessable"
MIN_NAME_PART = 3      # e-mail name pieces shorter than this ("jo", "a") are not checked
ZXCVBN_MAX_CHARS = 100  # zxcvbn's time grows with length; what lies beyond adds strength anyway
ADVICE = ("Use a passphrase of four or more unrelated words, or let a password manager "
          "generate one.")


def email_name_parts(email: str) -> list[str]:
    """The e-mail's name (before @) and its pieces split at . _ - + and digits."""
    name = (email or "").split("@", 1)[0].lower()
    parts = [p for p in re.split(r"[._\-+0-9]+", name) if len(p) >= MIN_NAME_PART]
    return ([name] if len(name) >= MIN_NAME_PART else []) + parts


def problem(password: str, email: str = "", name: str = "") -> str | None:
    """What is wrong with `password`, in words that say what to do; None when it is strong."""
    lowered = password.lower()
    for part in email_name_parts(email):
        if part in lowered:
            return f"The password contains your e-mail name (\u201c{part}\u201d). {ADVICE}"
    inputs = email_name_parts(email) + [w for w in (name or "").lower().split() if len(w) >= MIN_NAME_PART]
    result = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=inputs + ["safepost"])
    if result["score"] >= MIN_SCORE:
        return None
    warning = result["feedback"].get("warning") or "It would be guessed quickly."
    return f"This password is too easy to guess: {warning.rstrip('.')}. {ADVICE}"


class StrengthValidator:
    """AUTH_PASSWORD_VALIDATORS entry: refuses guessable passwords and ones holding the e-mail name."""

    def validate(self, password: str, user=None) -> None:
        found = problem(password, getattr(user, "email", "") or "", getattr(user, "name", "") or "")
        if found:
            raise ValidationError(found, code="password_too_guessable")

    def get_help_text(self) -> str:
        return "Your password must be hard to guess and must not contain your e-mail name. " + ADVICE
