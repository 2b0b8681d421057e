"""The incident pages' forms. Django checks types; the rules' messages (which name the field
before a colon) land on the field they name."""

from __future__ import annotations

from django import forms

from safepost.app.incidents import hhs, rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKS = forms.CheckboxSelectMultiple(attrs={"class": "check"})
RADIOS = forms.RadioSelect(attrs={"class": "check"})


def show_problems(form: forms.Form, problems: list[str]) -> None:
    """Each problem "field: message" on its field (or on the form when the field is not in it)."""
    for p in problems:
        name = p.split(":", 1)[0] if ":" in p else None
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, p)


def parse_affected(text: str) -> dict[str, int]:
    """ "CA 600, NV 20" or one "CA=600" per line → {"CA": 600, "NV": 20}; ValueError says what to fix."""
    found: dict[str, int] = {}
    for part in text.replace("\n", ",").split(","):
        bits = part.replace("=", " ").replace(":", " ").split()
        if not bits:
            continue
        if len(bits) != 2 or not bits[1].isdigit():
            raise ValueError(f"write each State as its two-letter code and a count, e.g. CA 600 (not {part.strip()[:20]!r})")
        code = bits[0].upper()
        found[code] = found.get(code, 0) + int(bits[1])
    return found


class AffectedField(forms.CharField):
    def to_python(self, value):
        try:
            return parse_affected(value or "")
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None


class IncidentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="Short; stored encrypted. Avoid patients' names.")
    summary = forms.CharField(label="What happened", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}), help_text="Stored encrypted.")
    discovered_on = forms.DateField(label="Discovered on", widget=DATE,
                                    help_text="The first day it was known, or would have been with reasonable "
                                              "diligence (164.404(a)(2)). A scanner alert counts.")
    occurred_on = forms.DateField(label="Happened on (if known)", required=False, widget=DATE)
    affected = AffectedField(label="People affected per State", required=False,
                             help_text="Two-letter code and count, separated by commas: CA 600, NV 20")
    role = forms.ChoiceField(label="Our role", choices=list(rules.ROLES.items()), initial="covered_entity")
    # prefilled by the "Open an incident" button of a post, an inbox item or a consent
    source_kind = forms.ChoiceField(choices=list(rules.SOURCE_KINDS.items()), initial="manual", required=False,
                                    widget=forms.HiddenInput)
    source_id = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, query, today) -> dict:
        """The initial values, with the source named in the query string (?source_kind=post&source_id=12)
        when it is well formed; otherwise a report by hand."""
        initial = {"discovered_on": today, "source_kind": "manual"}
        probe = cls({"source_kind": query.get("source_kind", ""), "source_id": query.get("source_id", "")})
        probe.is_valid()
        kind, pk = probe.cleaned_data.get("source_kind"), probe.cleaned_data.get("source_id")
        if kind and kind != "manual" and pk:
            initial.update(source_kind=kind, source_id=pk,
                           title=f"{rules.SOURCE_KINDS[kind]} #{pk}: PHI disclosed")
        return initial


class FactsForm(forms.Form):
    discovered_on = forms.DateField(label="Discovered on", widget=DATE)
    affected = AffectedField(label="People affected per State", required=False)
    rationale = forms.CharField(label="Why the discovery date changes", required=False, max_length=2000,
                                help_text="Required when the date moves; stored encrypted.")


def _risk() -> forms.ChoiceField:
    return forms.ChoiceField(label="Risk", required=False, choices=list(rules.RISKS.items()), widget=RADIOS)


def _evidence() -> forms.CharField:
    return forms.CharField(label="Evidence", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=f"At least {rules.MIN_RATIONALE} characters; stored encrypted.")


class AssessmentForm(forms.Form):
    info_types = forms.MultipleChoiceField(label="Identifiers and information involved", required=False,
                                           choices=[(k, en) for k, (en, _es) in rules.INFO_TYPES.items()], widget=CHECKS)
    reidentification = forms.ChoiceField(label="Likelihood of re-identification", required=False,
                                         choices=[("", "—")] + list(rules.REIDENTIFICATION.items()))
    nature_risk, nature_evidence = _risk(), _evidence()
    recipient_risk, recipient_evidence = _risk(), _evidence()
    acquired_risk, acquired_evidence = _risk(), _evidence()
    mitigation_risk, mitigation_evidence = _risk(), _evidence()
    rationale = forms.CharField(label="Overall rationale", required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="Required to conclude 'low probability of compromise'.")

    @classmethod
    def from_incident(cls, incident) -> AssessmentForm:
        ev = incident.evidence()
        initial = {"info_types": incident.info_types, "reidentification": incident.reidentification,
                   "rationale": incident.rationale}
        for key in rules.FACTORS:
            initial[f"{key}_risk"] = incident.factor_risks.get(key, "")
            initial[f"{key}_evidence"] = ev.get(key, "")
        return cls(initial=initial)

    def assessment(self) -> rules.Assessment:
        d = self.cleaned_data
        return rules.Assessment(
            info_types=tuple(d["info_types"]), reidentification=d["reidentification"], rationale=d["rationale"],
            **{k: rules.FactorAnswer(d[f"{k}_risk"], d[f"{k}_evidence"]) for k in rules.FACTORS})

    def factors(self):
        """(key, title, risk field, evidence field) for the template."""
        return [(k, title, self[f"{k}_risk"], self[f"{k}_evidence"]) for k, title in rules.FACTORS.items()]


class ExceptionForm(forms.Form):
    exception = forms.ChoiceField(label="Exception", choices=list(rules.EXCEPTIONS.items()), widget=RADIOS)
    justification = forms.CharField(label="Why it applies", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    no_further_use = forms.BooleanField(label="There was no further impermissible use or disclosure", required=False)


class DelayForm(forms.Form):
    kind = forms.ChoiceField(label="Statement", choices=[("written", "Written, with a period"),
                                                         ("oral", "Oral (at most 30 days)")], widget=RADIOS)
    stated_on = forms.DateField(label="Date of the statement", widget=DATE)
    until = forms.DateField(label="Delay ends (written statements)", required=False, widget=DATE)
    official = forms.CharField(label="Official and agency", max_length=300)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="Notice to", choices=list(rules.NOTICE_KINDS.items()))
    method = forms.ChoiceField(label="How", choices=list(rules.NOTICE_METHODS.items()))
    sent_on = forms.DateField(label="Sent on", widget=DATE)
    recipients_count = forms.IntegerField(label="Number of recipients", min_value=0)
    state = forms.CharField(label="State (media notices)", required=False, max_length=2,
                            help_text="Two-letter code, e.g. CA: one media notice per State over 500 residents.")

    def clean_state(self):
        return self.cleaned_data["state"].strip().upper()


class UnreachableForm(forms.Form):
    unreachable_count = forms.IntegerField(label="People who cannot be reached", min_value=0,
                                           help_text="Insufficient or out-of-date contact information (0 when everyone "
                                                     "can be reached). A missing next-of-kin address does not count.")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Assign to", queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class LetterForm(forms.Form):
    language = forms.ChoiceField(label="Language", choices=[("en", "English"), ("es", "Español")], initial="en")
    what_happened = forms.CharField(label="What happened (plain language; optional)", required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text="The same letter goes to everyone affected: describe the event, not one "
                                              "person. The dates are added for you.")
    what_we_are_doing = forms.CharField(label="What we are doing (optional)", required=False, max_length=2000,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label="Toll-free number", required=False, max_length=40)
    email = forms.EmailField(label="E-mail address", required=False)
    website = forms.CharField(label="Website", required=False, max_length=200)
    postal = forms.CharField(label="Postal address", required=False, max_length=300)
    sent_on = forms.DateField(label="Letter date", required=False, widget=DATE)


class PublicNoticeForm(LetterForm):
    """The letter's content and a format, for the substitute notice posted on the web or given to
    the media (prefix "posting")."""

    format = forms.ChoiceField(label="Format", choices=[("txt", "Plain text"), ("pdf", "PDF")], initial="txt")


class MediaNoticeForm(PublicNoticeForm):
    """The same, for the notice to the media of one State (prefix "media")."""

    state = forms.ChoiceField(label="State or jurisdiction")

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, s) for s in states]


PUBLIC_FORMS = {"posting": PublicNoticeForm, "media": MediaNoticeForm}


class LogForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2009, max_value=2100)
    fields = forms.ChoiceField(required=False, choices=[("", "SafePost's columns"), ("hhs", "The HHS portal's fields")])


class HhsReportForm(forms.Form):
    """The HHS breach portal's questions only the privacy officer can answer (hhs.py)."""

    entity_type = forms.ChoiceField(label="Covered entity type", choices=list(hhs.ENTITY_TYPES.items()))
    breach_type = forms.ChoiceField(label="Type of breach", choices=list(hhs.BREACH_TYPES.items()))
    location = forms.ChoiceField(label="Location of the breached information", choices=list(hhs.LOCATIONS.items()))
    safeguards = forms.MultipleChoiceField(label="Safeguards in place before the breach", required=False,
                                           choices=list(hhs.SAFEGUARDS.items()), widget=CHECKS)
    actions = forms.MultipleChoiceField(label="Actions taken in response", required=False,
                                        choices=list(hhs.ACTIONS.items()), widget=CHECKS)
    business_associate = forms.BooleanField(label="A business associate was involved", required=False)

    @classmethod
    def from_incident(cls, incident) -> HhsReportForm:
        return cls(initial={**hhs.DEFAULTS, **incident.hhs_report})


class ContainmentForm(forms.Form):
    op = forms.ChoiceField(choices=[("take_down_all", "Take down everything still up"),
                                    ("take_down", "Take this one down"), ("mark_done", "Removed by hand")])
    exposure = forms.IntegerField(min_value=1, required=False)

    def clean(self):
        d = super().clean()
        if d.get("op") in ("take_down", "mark_done") and not d.get("exposure"):
            self.add_error("exposure", "exposure: name the post or reply to take down")
        return d


ACTION_ROWS = 3


class ReviewForm(forms.Form):
    """The post-incident review; up to three corrective actions are added per save."""

    what_happened = forms.CharField(label="What happened and what failed", max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 4}), help_text="Stored encrypted. No patients' names.")
    root_cause = forms.ChoiceField(label="Root cause", choices=list(rules.ROOT_CAUSES.items()), widget=RADIOS)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(
                label=f"Corrective action {n}", required=False, max_length=rules.ACTION_MAX)
            self.fields[f"action_{n}_owner"] = forms.ModelChoiceField(label="Owner", queryset=members, required=False)
            self.fields[f"action_{n}_due"] = forms.DateField(label="Due on", required=False, widget=DATE)

    def action_rows(self):
        return [(self[f"action_{n}_description"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
                for n in range(1, ACTION_ROWS + 1)]

    def drafts(self) -> list[rules.ActionDraft]:
        """The filled-in rows (a row with any of its three fields filled counts)."""
        d, out = self.cleaned_data, []
        for n in range(1, ACTION_ROWS + 1):
            desc, owner, due = d.get(f"action_{n}_description", ""), d.get(f"action_{n}_owner"), d.get(f"action_{n}_due")
            if desc or owner or due:
                out.append(rules.ActionDraft(desc, owner.pk if owner else None, due))
        return out


class ActionDoneForm(forms.Form):
    action = forms.IntegerField(min_value=1)
