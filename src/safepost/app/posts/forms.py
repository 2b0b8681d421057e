from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy

from safepost.app.posts.rules import MAX_APPROVALS

USE_CHOICES = [("testimonial", "The patient's story or testimonial"), ("marketing", "Promoting our services"),
               ("education", "Health education"), ("fundraising", "Fundraising"), ("news", "News")]
MAX_UPLOAD = 10 * 1024 * 1024          # = posts.media.MAX_BYTES
MAX_VIDEO_UPLOAD = 50 * 1024 * 1024    # = posts.videos.MAX_VIDEO_BYTES


class LocalDateTimeField(forms.DateTimeField):
    """<input type="datetime-local">, read in the person's time zone (web.middleware.TimeZoneMiddleware)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


PUBLISH_AT = format_lazy("Publish at ({})", lazy(timezone.get_current_timezone_name, str)())


class ComposeForm(forms.Form):
    text = forms.CharField(strip=False, widget=forms.Textarea(attrs={"rows": 7, "spellcheck": "true"}))
    channels = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    publish_at = LocalDateTimeField(required=False, label=PUBLISH_AT,
                                    help_text="Leave empty to schedule after approval.")
    consent = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                     label="Patient authorization")
    consent_use = forms.ChoiceField(choices=USE_CHOICES, required=False, initial="testimonial",
                                    label="Use of the patient's information")
    photo = forms.FileField(required=False, label="Photo (optional; JPEG, PNG or WebP, up to 10 MB, 4 per post)",
                            widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
    photo_alt = forms.CharField(required=False, max_length=1000, label="Photo description (alt text)")
    video = forms.FileField(required=False, label="Video (optional; MP4, MOV or WebM, up to 50 MB and 10 minutes, "
                                                  "one per post and no photo beside it; checked in the background)",
                            widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"}))
    video_alt = forms.CharField(required=False, max_length=1000, label="Video description (alt text)")

    def __init__(self, *args, channels=(), consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = settings.SCAN_MAX_CHARS
        self.fields["channels"].choices = [(c.pk, f"{c.name} · {c.platform_label}") for c in channels]
        self.fields["consent"].choices = [("", "None")] + [(c.pk, f"{c.ref}") for c in consents]

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value

    def clean_photo(self):
        """The size here; the format is read from the file itself by posts.media (not the browser's word)."""
        f = self.cleaned_data.get("photo")
        if f and f.size > MAX_UPLOAD:
            raise forms.ValidationError(f"A photo may be at most {MAX_UPLOAD // (1024 * 1024)} MB: export it smaller.")
        return f

    def clean_video(self):
        """The size here; the format, duration and the channels' limits are read from the file (posts.videos)."""
        f = self.cleaned_data.get("video")
        if f and f.size > MAX_VIDEO_UPLOAD:
            raise forms.ValidationError(f"A video may be at most {MAX_VIDEO_UPLOAD // (1024 * 1024)} MB: "
                                        f"export it smaller or shorter.")
        return f


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    publish_at = LocalDateTimeField(required=False, label=PUBLISH_AT, help_text="Empty: now.")

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value


class SettingsForm(forms.Form):
    approvals_required = forms.IntegerField(min_value=1, max_value=MAX_APPROVALS,
                                            label="Approvals required before a post is published")
    two_person_override = forms.BooleanField(
        required=False, label="A second privacy officer confirms every override of a blocked post or reply")

