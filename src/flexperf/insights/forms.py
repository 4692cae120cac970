"""Forms of the insights pages: they only parse; the services decide."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.insights.models import ActionChoice, KindChoice, Status
from flexperf.insights.rules import SETTING_LABELS, RuleSettings


class ActForm(forms.Form):
    action = forms.ChoiceField(label=_("Action taken"), choices=ActionChoice.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, recommended: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recommended:  # the recommended actions first, the others after them
            choices = dict(ActionChoice.choices)
            order = recommended + [c for c in ActionChoice.values if c not in recommended]
            field = self.fields["action"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(c, choices[c]) for c in order]


class DismissForm(forms.Form):
    # Not required here: the service names `reason` when it is missing, as the API does.
    reason = forms.CharField(label=_("Why dismiss it?"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *KindChoice.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Open and acknowledged")), *Status.choices])


class SettingsForm(forms.Form):
    """One number field per RuleSettings field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in fields(RuleSettings):
            label = SETTING_LABELS.get(f.name, f.name)
            if f.type in (int, "int"):
                self.fields[f.name] = forms.IntegerField(label=label, required=False)
            else:
                self.fields[f.name] = forms.FloatField(label=label, required=False)
