from __future__ import annotations

from django import forms

from safepost.app.training import bank, rules
from safepost.app.training.content import Module


class QuizForm(forms.Form):
    """One radio group per question, named q1, q2, …; every question needs an answer."""

    def __init__(self, module: Module, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.module = module
        for i, q in enumerate(module.questions, start=1):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=f"{i}. {q.text}", choices=list(enumerate(q.choices)), coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"Question {i}: choose an answer.",
                                "invalid_choice": f"Question {i}: choose one of the answers shown."})

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{i}"] for i in range(1, len(self.module.questions) + 1)]


class SettingsForm(forms.Form):
    policy = forms.ChoiceField(label="Training policy", widget=forms.RadioSelect,
                               choices=[(p.value, p.label) for p in rules.Policy],
                               error_messages={"required": "Choose a training policy.",
                                               "invalid_choice": "Choose one of the training policies shown."})
    validity_days = forms.TypedChoiceField(
        label="A pass lasts", coerce=int,
        choices=[(d, {90: "90 days", 180: "6 months", 365: "1 year", 730: "2 years"}[d]) for d in rules.VALIDITY_CHOICES])
    passing_percent = forms.IntegerField(label="Pass mark (%)", min_value=rules.MIN_PASSING, max_value=rules.MAX_PASSING)


class ScenarioReviewForm(forms.Form):
    """The privacy officer's version of a candidate scenario, as members will practise it."""

    text = forms.CharField(label="Text (identifiers replaced by [LABELS])", widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=2000, error_messages={"required": "Text: write the scenario's text."})
    decision = forms.ChoiceField(label="The correct decision", widget=forms.RadioSelect,
                                 choices=[(k, v) for k, v in bank.DECISIONS.items()],
                                 error_messages={"required": "Decision: choose the correct decision."})
    reasons = forms.MultipleChoiceField(label="Why (the engine's reason codes)", required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        choices=[(k, f"{k}: {v}") for k, v in bank.REASON_CODES.items()])
    explanation = forms.CharField(label="Explanation shown after answering", widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=1000,
                                  error_messages={"required": "Explanation: say why this is the right decision."})
