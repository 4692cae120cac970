"""The missed-goal analysis (C6) on the goal's page: on its own, and with closing the goal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.goals.models import Judgement

ANALYSIS_NAMES = ("premature", "premature_note", "resources_matched", "resources_note",
                  "learned")
ALIASES = {f"analysis.{name}": name for name in ANALYSIS_NAMES} | {"analysis": "__all__",
                                                                   "status": "__all__"}


class MissAnalysisForm(forms.Form):
    premature = forms.ChoiceField(label=_("Was the target premature?"), required=False,
                                  choices=[("", "—"), *Judgement.choices])
    premature_note = forms.CharField(label=_("Why (premature)"), required=False,
                                     max_length=1000)
    resources_matched = forms.ChoiceField(label=_("Were resources matched?"), required=False,
                                          choices=[("", "—"), *Judgement.choices])
    resources_note = forms.CharField(label=_("Why (resources)"), required=False,
                                     max_length=1000)
    learned = forms.CharField(label=_("What was learned"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def analysis(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in ANALYSIS_NAMES}

    def has_analysis(self) -> bool:
        return any(self.analysis().values())


class CloseForm(MissAnalysisForm):
    missed = forms.BooleanField(label=_("The goal fell short"), required=False)

    field_order = ["missed", *ANALYSIS_NAMES]
