"""The record form: one field per element of the authorization. Django only checks types here;
validity is `rules.defects`, whose messages name the element and land on its field."""

from __future__ import annotations

from django import forms

from safepost.app.consent import rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKS = forms.CheckboxSelectMultiple(attrs={"class": "check"})

# where each rules.ELEMENTS key shows its error
ERROR_FIELD = {
    "patient_name": "patient_name", "information": "information", "media": "media", "discloser": "discloser",
    "recipients": "recipients", "platforms": "platforms", "uses": "uses",
    "purpose_description": "purpose_description", "expiry": "expires_on", "signature": "signature_obtained",
    "signed_on": "signed_on", "signer": "signer", "representative_authority": "representative_authority",
    "representative_name": "representative_name", "statement_revocation": "statement_revocation",
    "statement_conditioning": "statement_conditioning", "statement_redisclosure": "statement_redisclosure",
    "remuneration": "remuneration_statement", "combined_with": "combined_with",
    "conditioned": "treatment_conditioned", "form_version": "form_version",
}


def _text(label: str, rows: int | None = None, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=4000, widget=widget, help_text=help_text)


class ConsentForm(forms.Form):
    patient_name = _text("Patient's name")
    patient_identifiers = _text("Other identifiers (optional)", help_text="Date of birth, patient number, …")
    other_names = _text("Other names the post may use (optional)",
                        help_text="Nicknames, a married name, a parent of a minor: separated by commas. A post naming "
                                  "anyone else cannot be approved with this authorization.")
    information = _text("What information may be used (be specific)", rows=3)
    media = forms.MultipleChoiceField(label="Media allowed", required=False, choices=list(rules.MEDIA.items()),
                                      widget=CHECKS)
    discloser = _text("Who may use and share it")
    recipients = _text("Who may receive it")
    platforms = forms.MultipleChoiceField(label="Platforms allowed", required=False,
                                          choices=list(rules.PLATFORMS.items()), widget=CHECKS)
    uses = forms.MultipleChoiceField(label="Purposes", required=False, choices=list(rules.USES.items()),
                                     widget=CHECKS)
    purpose_description = _text("Description of each purpose", rows=2)
    expires_on = forms.DateField(label="Expiration date", required=False, widget=DATE)
    expiry_event = _text("Or expiration event", help_text="Whichever comes first. California requires a date.")
    signature_obtained = forms.BooleanField(label="The patient (or representative) signed the form", required=False)
    signature_method = forms.ChoiceField(label="How it was signed", required=False,
                                         choices=[("", "—")] + list(rules.SIGNATURE_METHODS.items()))
    signed_on = forms.DateField(label="Date of signature", required=False, widget=DATE)
    signer = forms.ChoiceField(label="Who signed", required=False, choices=list(rules.SIGNERS.items()),
                               widget=forms.RadioSelect(attrs={"class": "check"}), initial="self")
    representative_name = _text("Representative's name")
    representative_authority = _text("Representative's authority", help_text="Parent of a minor, legal guardian, "
                                                                               "executor of the estate, …")
    statement_revocation = _text("Statement of the right to revoke, as on the signed form", rows=4)
    statement_conditioning = _text("Statement on conditioning of treatment, as on the signed form", rows=2)
    statement_redisclosure = _text("Statement on redisclosure, as on the signed form", rows=2)
    third_party_remuneration = forms.BooleanField(label="A third party pays for this marketing", required=False)
    remuneration_statement = _text("Remuneration statement, as on the signed form", rows=2)
    combined_with = forms.ChoiceField(label="The signed form was combined with", required=False,
                                      choices=list(rules.COMBINED_WITH.items()), initial="none")
    treatment_conditioned = forms.BooleanField(label="Treatment or payment was conditioned on signing",
                                               required=False)
    jurisdiction = forms.ChoiceField(label="State of the patient's care", required=False,
                                     choices=list(rules.JURISDICTIONS.items()))
    form_version = _text("Form signed")
    copy_provided_on = forms.DateField(label="Copy given to the patient on (optional)", required=False, widget=DATE)
    document = forms.FileField(label="Signed document (PDF, JPEG or PNG, up to 10 MB)", required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    @classmethod
    def initial_for(cls, org_name: str) -> dict:
        return {
            "discloser": f"{org_name} and its communications staff",
            "recipients": f"The public, through {org_name}'s accounts on the platforms below",
            "statement_revocation": rules.statement("revocation", org_name),
            "statement_conditioning": rules.statement("conditioning", org_name),
            "statement_redisclosure": rules.statement("redisclosure", org_name),
            "form_version": rules.FORM_VERSION, "combined_with": "none", "signer": "self",
        }

    def terms(self) -> rules.Terms:
        d = self.cleaned_data
        return rules.Terms(
            patient_name=d["patient_name"], information=d["information"], media=tuple(d["media"]),
            discloser=d["discloser"], recipients=d["recipients"], platforms=tuple(d["platforms"]),
            uses=tuple(d["uses"]), purpose_description=d["purpose_description"], expires_on=d["expires_on"],
            expiry_event=d["expiry_event"], signature_obtained=d["signature_obtained"],
            signature_method=d["signature_method"], signed_on=d["signed_on"], signer=d["signer"],
            representative_name=d["representative_name"], representative_authority=d["representative_authority"],
            statement_revocation=d["statement_revocation"], statement_conditioning=d["statement_conditioning"],
            statement_redisclosure=d["statement_redisclosure"],
            third_party_remuneration=d["third_party_remuneration"],
            remuneration_statement=d["remuneration_statement"], combined_with=d["combined_with"] or "none",
            treatment_conditioned=d["treatment_conditioned"], jurisdiction=d["jurisdiction"],
            form_version=d["form_version"])

    def clean_document(self):
        f = self.cleaned_data.get("document")
        if f and f.size > rules.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(rules.document_problem(f.size, b""))
        return f

    def show_defects(self, defects: list[rules.Defect]) -> None:
        for d in defects:
            self.add_error(ERROR_FIELD.get(d.element), d.message)


class RevokeForm(forms.Form):
    received_on = forms.DateField(label="Written revocation received on", widget=DATE)


class EventForm(forms.Form):
    occurred_on = forms.DateField(label="The expiration event happened on", widget=DATE)


class DocumentForm(forms.Form):
    document = forms.FileField(label="Signed document (PDF, JPEG or PNG, up to 10 MB)",
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def clean_document(self):
        f = self.cleaned_data["document"]
        if f.size > rules.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(rules.document_problem(f.size, b""))
        return f


class FilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any")] + list(rules.STATUSES.items()))
    expiring = forms.BooleanField(label="Expiring within 30 days", required=False)
